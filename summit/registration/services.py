"""Registration rules: sign-up with a seat counter, waiting list, approval, cancellation,
session seats, check-in and erasure.

Every function takes ``now``; none commits. Seats move only through
:func:`_take_seat` / :func:`_free_seat` (guarded ``UPDATE``s on the settings row), which
is what keeps parallel sign-ups from overselling: on PostgreSQL the row update waits for
the other transaction and re-checks the condition; on SQLite the first write takes the
database's write lock until commit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta

from flask import has_request_context
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError

from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import ACTIVE_STATUSES
from summit.registration.models import Registration
from summit.registration.models import RegistrationSettings
from summit.registration.models import RegistrationStatus
from summit.registration.models import SessionChoice
from summit.registration.models import SessionSeats
from summit.schedule.models import Session
from summit.schedule.models import SessionStatus

DEFAULT_RETENTION_DAYS = 365
MAX_CATEGORIES = 20


class RegistrationError(Exception):
    """A registration rule was broken. ``field`` names the form field at fault, if any."""

    def __init__(self, message: object, field: str | None = None) -> None:
        # Kept lazy: translated when shown, so services also run outside a request.
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        if has_request_context():
            return str(self.message)
        with force_locale("en"):  # logs and the command line
            return str(self.message)


class RegistrationClosed(RegistrationError):
    pass


class EventFull(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    """Someone with this e-mail already holds an active registration for the event."""


@dataclass
class AttendeeData:
    name: str
    email: str
    category: str = ""
    organization: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""
    consents: list[str] = field(default_factory=list)
    language: str = "en"


@dataclass
class SettingsData:
    is_open: bool
    capacity: int
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    waitlist_enabled: bool = True
    approval_required: bool = False
    categories: list[str] = field(default_factory=list)
    ask_organization: bool = False
    ask_accessibility: bool = False
    ask_dietary: bool = False
    consent_texts: list[str] = field(default_factory=list)
    retention_until: date | None = None


@dataclass
class SignUp:
    """What :func:`register_attendee` did; ``token`` is the private link's secret, only
    known now (the database keeps its hash)."""

    registration: Registration
    token: str


# --- tokens -----------------------------------------------------------------------------


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


def checkin_code(token: str, key: str) -> str:
    """The ticket's check-in code, derived from the private token: the QR code lets staff
    check the person in but does not open (or cancel) their private page."""
    return hmac.new(key.encode(), b"checkin:" + token.encode(), hashlib.sha256).hexdigest()[:32]


def _set_token(registration: Registration, key: str) -> str:
    token = new_token()
    registration.token_hash = hash_secret(token)
    registration.checkin_hash = hash_secret(checkin_code(token, key))
    return token


def rotate_token(registration: Registration, *, key: str, now: datetime) -> str:
    """Give the registration a new private link (and ticket); the old ones stop working."""
    if registration.is_erased:
        raise RegistrationError(_l("This registration was erased."))
    registration.updated_at = now
    token = _set_token(registration, key)
    db.session.flush()
    return token


def registration_by_token(event: Event, token: str) -> Registration | None:
    """The event's registration whose private token is ``token``; another event's is None."""
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        select(Registration).where(
            Registration.event_id == event.id, Registration.token_hash == hash_secret(token)
        )
    ).scalar_one_or_none()


def normalize_email(email: str) -> str:
    return email.strip().casefold()


# --- settings ---------------------------------------------------------------------------


def get_settings(event: Event) -> RegistrationSettings | None:
    return db.session.get(RegistrationSettings, event.id)


def save_settings(
    event: Event, data: SettingsData, *, now: datetime
) -> tuple[RegistrationSettings, list[Registration]]:
    """Create or update the event's registration settings. Raising the capacity promotes
    people from the waiting list; they are returned so the caller can e-mail them.

    :raises RegistrationError: capacity below the confirmed count, dates in the wrong order.
    """
    if data.capacity < 0:
        raise RegistrationError(_l("Capacity cannot be negative."), "capacity")
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        raise RegistrationError(_l("Registration must close after it opens."), "closes_at")
    if len(data.categories) > MAX_CATEGORIES:
        raise RegistrationError(_l("Use at most %(n)d categories.", n=MAX_CATEGORIES), "categories")
    settings = get_settings(event)
    if settings is None:
        settings = RegistrationSettings(event_id=event.id, confirmed_count=0, waitlist_counter=0)
        db.session.add(settings)
    elif data.capacity < settings.confirmed_count:
        raise RegistrationError(
            _l(
                "%(n)d people are already confirmed. Cancel registrations before lowering the capacity below that.",
                n=settings.confirmed_count,
            ),
            "capacity",
        )
    settings.is_open = data.is_open
    settings.opens_at = data.opens_at
    settings.closes_at = data.closes_at
    settings.capacity = data.capacity
    settings.waitlist_enabled = data.waitlist_enabled
    settings.approval_required = data.approval_required
    settings.categories = "\n".join(dict.fromkeys(c.strip() for c in data.categories if c.strip()))
    settings.ask_organization = data.ask_organization
    settings.ask_accessibility = data.ask_accessibility
    settings.ask_dietary = data.ask_dietary
    settings.consent_texts = "\n".join(c.strip() for c in data.consent_texts if c.strip())
    settings.retention_until = data.retention_until
    settings.updated_at = now
    db.session.flush()
    promoted = promote_waitlisted(event, now=now)
    return settings, promoted


def registration_open(settings: RegistrationSettings | None, now: datetime) -> bool:
    if settings is None or not settings.is_open:
        return False
    if settings.opens_at and now < settings.opens_at:
        return False
    return not (settings.closes_at and now >= settings.closes_at)


# --- seats ------------------------------------------------------------------------------


def _take_seat(event_id: int) -> bool:
    """Take one seat if one is free; True when taken. Atomic under concurrency."""
    result = db.session.execute(
        update(RegistrationSettings)
        .where(
            RegistrationSettings.event_id == event_id,
            RegistrationSettings.confirmed_count < RegistrationSettings.capacity,
        )
        .values(confirmed_count=RegistrationSettings.confirmed_count + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _free_seat(event_id: int) -> None:
    db.session.execute(
        update(RegistrationSettings)
        .where(RegistrationSettings.event_id == event_id, RegistrationSettings.confirmed_count > 0)
        .values(confirmed_count=RegistrationSettings.confirmed_count - 1)
        .execution_options(synchronize_session=False)
    )


def _next_waitlist_number(event_id: int) -> int:
    number = db.session.execute(
        update(RegistrationSettings)
        .where(RegistrationSettings.event_id == event_id)
        .values(waitlist_counter=RegistrationSettings.waitlist_counter + 1)
        .returning(RegistrationSettings.waitlist_counter)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(number)


def _refresh_settings(event_id: int) -> None:
    settings = db.session.get(RegistrationSettings, event_id)
    if settings is not None:
        db.session.refresh(settings)


# --- sign-up ----------------------------------------------------------------------------


def find_active_registration(event: Event, email: str) -> Registration | None:
    return db.session.execute(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.email_normalized == normalize_email(email),
            Registration.status.in_(ACTIVE_STATUSES),
        )
    ).scalar_one_or_none()


def _check_answers(settings: RegistrationSettings, data: AttendeeData) -> None:
    if not data.name.strip():
        raise RegistrationError(_l("Enter your name."), "name")
    if "@" not in data.email:
        raise RegistrationError(_l("Enter a valid e-mail address."), "email")
    categories = settings.category_list
    if categories and data.category not in categories:
        raise RegistrationError(_l("Choose a category from the list."), "category")
    if not categories and data.category:
        raise RegistrationError(_l("Choose a category from the list."), "category")
    missing = [c for c in settings.consent_list if c not in data.consents]
    if missing:
        raise RegistrationError(_l("Tick every consent box to register."), "consents")


def register_attendee(event: Event, data: AttendeeData, *, key: str, now: datetime) -> SignUp:
    """Sign someone up: confirmed while seats are free, then waitlisted (or refused when
    the waiting list is off); pending when the organizer approves each person.

    :param key: secret used to derive the ticket's check-in code.
    :raises RegistrationClosed: not open (yet), or closed.
    :raises AlreadyRegistered: this e-mail already holds an active registration.
    :raises EventFull: no seat and no waiting list.
    :raises RegistrationError: an answer breaks a rule (category, consents).
    """
    settings = get_settings(event)
    if not registration_open(settings, now):
        raise RegistrationClosed(_l("Registration for this event is closed."))
    assert settings is not None
    _check_answers(settings, data)
    if not (settings.approval_required or settings.waitlist_enabled) and not settings.seats_left:
        # Checked before the e-mail, so "full" never hints that someone is registered.
        raise EventFull(_l("This event is full."))
    if find_active_registration(event, data.email) is not None:
        raise AlreadyRegistered(_l("This e-mail is already registered."), "email")

    registration = Registration(
        event_id=event.id,
        name=data.name.strip(),
        email=data.email.strip(),
        email_normalized=normalize_email(data.email),
        category=data.category,
        organization=data.organization.strip() if settings.ask_organization else "",
        accessibility_needs=data.accessibility_needs.strip() if settings.ask_accessibility else "",
        dietary_needs=data.dietary_needs.strip() if settings.ask_dietary else "",
        consents="\n".join(settings.consent_list),
        language=data.language,
        created_at=now,
        updated_at=now,
    )
    if settings.approval_required:
        registration.status = RegistrationStatus.PENDING
    elif _take_seat(event.id):
        registration.status = RegistrationStatus.CONFIRMED
    elif settings.waitlist_enabled:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_number = _next_waitlist_number(event.id)
    else:
        raise EventFull(_l("This event is full."))
    token = _set_token(registration, key)
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Two sign-ups with the same e-mail raced; the caller must roll back.
        raise AlreadyRegistered(_l("This e-mail is already registered."), "email") from error
    # The settings row in the session is stale now (seat counter); commit expires it.
    return SignUp(registration, token)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not on the waiting list."""
    if registration.status is not RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.execute(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.waitlist_number < registration.waitlist_number,
        )
    ).scalar_one()
    return int(ahead) + 1


def _claim(registration: Registration, expected: RegistrationStatus) -> bool:
    """Lock the registration if it still has status ``expected``; False when another
    request (a double click, a second organizer) changed it first. On PostgreSQL the
    row lock makes the loser wait and then see the new status; SQLite serializes writers.
    """
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.status == expected)
        .values(status=expected)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _claim_or_fail(registration: Registration, expected: RegistrationStatus) -> None:
    if registration.status is not expected or not _claim(registration, expected):
        db.session.refresh(registration)
        raise RegistrationError(
            _l("Someone changed this registration meanwhile. Reload and try again.")
        )


def promote_waitlisted(event: Event, *, now: datetime) -> list[Registration]:
    """Fill free seats from the waiting list, first in line first."""
    promoted: list[Registration] = []
    while True:
        first = db.session.execute(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(Registration.waitlist_number)
            .limit(1)
        ).scalar_one_or_none()
        if first is None:
            break
        if not _claim(first, RegistrationStatus.WAITLISTED):
            db.session.expire(first)
            continue
        if not _take_seat(event.id):
            break
        first.status = RegistrationStatus.CONFIRMED
        first.waitlist_number = None
        first.updated_at = now
        db.session.flush()
        promoted.append(first)
    _refresh_settings(event.id)
    return promoted


def cancel_registration(registration: Registration, *, now: datetime) -> list[Registration]:
    """Cancel, free the seat and its session seats, and promote the first in line.

    :returns: the people promoted from the waiting list (to be e-mailed).
    :raises RegistrationError: already cancelled.
    """
    if registration.status is RegistrationStatus.CANCELLED or not _claim(
        registration, registration.status
    ):
        raise RegistrationError(_l("This registration is already cancelled."))
    was_confirmed = registration.status is RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_number = None
    registration.updated_at = now
    for choice in list(registration.choices):
        _release_session_seat(choice.session)
        registration.choices.remove(choice)
    db.session.flush()
    if not was_confirmed:
        return []
    _free_seat(registration.event_id)
    return promote_waitlisted(registration.event, now=now)


def approve_registration(registration: Registration, *, now: datetime) -> Registration:
    """Approve a pending registration: confirmed if a seat is free, else waitlisted.

    :raises EventFull: no seat and no waiting list.
    :raises RegistrationError: not pending.
    """
    if registration.status is not RegistrationStatus.PENDING:
        raise RegistrationError(_l("Only pending registrations can be approved."))
    _claim_or_fail(registration, RegistrationStatus.PENDING)
    settings = get_settings(registration.event)
    if _take_seat(registration.event_id):
        registration.status = RegistrationStatus.CONFIRMED
    elif settings is not None and settings.waitlist_enabled:
        registration.waitlist_number = _next_waitlist_number(registration.event_id)
        registration.status = RegistrationStatus.WAITLISTED
    else:
        raise EventFull(_l("No seat is free. Raise the capacity first."))
    registration.updated_at = now
    db.session.flush()
    _refresh_settings(registration.event_id)
    return registration


def reject_registration(registration: Registration, *, now: datetime) -> Registration:
    """:raises RegistrationError: not pending."""
    if registration.status is not RegistrationStatus.PENDING:
        raise RegistrationError(_l("Only pending registrations can be rejected."))
    _claim_or_fail(registration, RegistrationStatus.PENDING)
    registration.status = RegistrationStatus.CANCELLED
    registration.updated_at = now
    db.session.flush()
    return registration


def confirm_from_waitlist(registration: Registration, *, now: datetime) -> Registration:
    """Move one person off the waiting list ahead of their turn, if a seat is free.

    :raises EventFull: no seat is free.
    :raises RegistrationError: not waitlisted.
    """
    if registration.status is not RegistrationStatus.WAITLISTED:
        raise RegistrationError(_l("This person is not on the waiting list."))
    _claim_or_fail(registration, RegistrationStatus.WAITLISTED)
    if not _take_seat(registration.event_id):
        raise EventFull(_l("No seat is free. Raise the capacity first."))
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlist_number = None
    registration.updated_at = now
    db.session.flush()
    _refresh_settings(registration.event_id)
    return registration


# --- sessions ---------------------------------------------------------------------------


def choosable_sessions(event: Event) -> list[Session]:
    return list(
        db.session.execute(
            select(Session)
            .where(
                Session.event_id == event.id,
                Session.starts_at.is_not(None),
                Session.status == SessionStatus.SCHEDULED,
            )
            .order_by(Session.starts_at, Session.id)
        ).scalars()
    )


def _ensure_seat_row(session_id: int) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(SessionSeats).values(session_id=session_id, taken=0).on_conflict_do_nothing()
    )


def _take_session_seat(session: Session) -> bool:
    if session.capacity is None:
        return True
    _ensure_seat_row(session.id)
    result = db.session.execute(
        update(SessionSeats)
        .where(SessionSeats.session_id == session.id, SessionSeats.taken < session.capacity)
        .values(taken=SessionSeats.taken + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _release_session_seat(session: Session) -> None:
    if session.capacity is None:
        return
    db.session.execute(
        update(SessionSeats)
        .where(SessionSeats.session_id == session.id, SessionSeats.taken > 0)
        .values(taken=SessionSeats.taken - 1)
        .execution_options(synchronize_session=False)
    )


def seats_taken(session: Session) -> int:
    row = db.session.get(SessionSeats, session.id)
    if row is not None:
        db.session.refresh(row)
    return row.taken if row else 0


def choose_session(registration: Registration, session: Session, *, now: datetime) -> SessionChoice:
    """Add a session to the attendee's agenda, taking a seat when it has a capacity.

    :raises RegistrationError: not confirmed, another event's session, cancelled,
        already chosen, or full.
    """
    if registration.status is not RegistrationStatus.CONFIRMED:
        raise RegistrationError(_l("Only confirmed attendees can choose sessions."))
    if session.event_id != registration.event_id or session.starts_at is None:
        raise RegistrationError(_l("This session is not part of the event's agenda."))
    if session.status is SessionStatus.CANCELLED:
        raise RegistrationError(_l("This session was cancelled."))
    if any(c.session_id == session.id for c in registration.choices):
        raise RegistrationError(_l("This session is already in your agenda."))
    if not _take_session_seat(session):
        raise EventFull(_l("This session is full."))
    choice = SessionChoice(session=session, created_at=now)
    registration.choices.append(choice)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise RegistrationError(_l("This session is already in your agenda.")) from error
    return choice


def drop_session(registration: Registration, session_id: int) -> None:
    """:raises RegistrationError: the session is not in the agenda."""
    choice = next((c for c in registration.choices if c.session_id == session_id), None)
    if choice is None:
        raise RegistrationError(_l("This session is not in your agenda."))
    _release_session_seat(choice.session)
    registration.choices.remove(choice)
    db.session.flush()


def chosen_sessions(registration: Registration) -> list[Session]:
    sessions = [c.session for c in registration.choices]
    return sorted(sessions, key=lambda s: (s.starts_at is None, s.starts_at, s.id))


# --- check-in ---------------------------------------------------------------------------


@dataclass
class CheckIn:
    registration: Registration | None
    ok: bool
    message: object  # a lazy string, translated when shown
    first_time: datetime | None = None


def check_in(event: Event, registration: Registration, *, now: datetime) -> CheckIn:
    """Check a confirmed attendee in once; a second scan changes nothing and says when."""
    if registration.event_id != event.id:
        return CheckIn(None, False, _l("This ticket is for another event."))
    refusals = {
        RegistrationStatus.CANCELLED: _l("Refused: this registration was cancelled."),
        RegistrationStatus.WAITLISTED: _l("Refused: this person is on the waiting list."),
        RegistrationStatus.PENDING: _l("Refused: this registration awaits approval."),
    }
    if registration.status in refusals:
        return CheckIn(registration, False, refusals[registration.status])
    if registration.checked_in_at is not None:
        return CheckIn(
            registration,
            False,
            _l("Already checked in."),
            first_time=registration.checked_in_at,
        )
    # Guarded, so two scanners at two doors cannot both check the same ticket in.
    claimed = db.session.execute(
        update(Registration)
        .where(
            Registration.id == registration.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.checked_in_at.is_(None),
        )
        .values(checked_in_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    db.session.refresh(registration)
    if not claimed:
        if registration.status in refusals:
            return CheckIn(registration, False, refusals[registration.status])
        return CheckIn(
            registration, False, _l("Already checked in."), first_time=registration.checked_in_at
        )
    return CheckIn(registration, True, _l("Checked in."))


def registration_by_checkin_code(code: str) -> Registration | None:
    """Any event's registration whose ticket carries ``code`` (callers check the event)."""
    code = code.strip()
    if not code or len(code) > 100:
        return None
    return db.session.execute(
        select(Registration).where(Registration.checkin_hash == hash_secret(code))
    ).scalar_one_or_none()


# --- organizer views --------------------------------------------------------------------


def search_registrations(event: Event, query: str = "", status: str = "") -> list[Registration]:
    statement = select(Registration).where(Registration.event_id == event.id)
    query = query.strip()
    if query:
        pattern = f"%{query.casefold()}%"
        statement = statement.where(
            or_(
                func.lower(Registration.name).like(pattern),
                Registration.email_normalized.like(pattern),
                func.lower(Registration.organization).like(pattern),
            )
        )
    if status in {s.value for s in RegistrationStatus}:
        statement = statement.where(Registration.status == RegistrationStatus(status))
    statement = statement.order_by(
        Registration.status, Registration.waitlist_number, Registration.id
    )
    return list(db.session.execute(statement).scalars())


def counts(event: Event) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Registrations per status, and per category then status (erased rows included)."""
    rows = db.session.execute(
        select(Registration.category, Registration.status, func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.category, Registration.status)
    ).all()
    by_status = {s.value: 0 for s in RegistrationStatus}
    by_category: dict[str, dict[str, int]] = {}
    for category, status, n in rows:
        by_status[status.value] += n
        by_category.setdefault(category, {s.value: 0 for s in RegistrationStatus})[status.value] = n
    return by_status, by_category


# --- erasure ----------------------------------------------------------------------------


def erase_registration(registration: Registration, *, now: datetime) -> None:
    """Remove the person's data; status, category and dates stay so counts stay true.
    The private link and the ticket stop working."""
    if registration.is_erased:
        return
    for choice in list(registration.choices):
        if registration.status is RegistrationStatus.CONFIRMED:
            _release_session_seat(choice.session)
        registration.choices.remove(choice)
    registration.name = ""
    registration.email = ""
    registration.email_normalized = None
    registration.organization = ""
    registration.accessibility_needs = ""
    registration.dietary_needs = ""
    registration.token_hash = None
    registration.checkin_hash = None
    registration.erased_at = now
    registration.updated_at = now
    db.session.flush()


def retention_date(event: Event, settings: RegistrationSettings | None) -> date:
    if settings is not None and settings.retention_until is not None:
        return settings.retention_until
    return event.end_date + timedelta(days=DEFAULT_RETENTION_DAYS)


def erase_expired(*, now: datetime) -> int:
    """Erase personal data of past events whose retention date has passed.

    :returns: how many registrations were erased.
    """
    today = now.date()
    rows = db.session.execute(
        select(Event, RegistrationSettings)
        .outerjoin(RegistrationSettings, RegistrationSettings.event_id == Event.id)
        .where(Event.end_date < today)
    ).all()
    erased = 0
    for event, settings in rows:
        if retention_date(event, settings) >= today:
            continue
        for registration in db.session.execute(
            select(Registration).where(
                and_(Registration.event_id == event.id, Registration.erased_at.is_(None))
            )
        ).scalars():
            erase_registration(registration, now=now)
            erased += 1
    return erased

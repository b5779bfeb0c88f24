"""Registration rules: settings, sign-up with a seat counter, waiting list, approval and
cancellation. Session picks live in ``agenda``, the door in ``checkin``, erasure in
``privacy``, the organizer's list in ``roster``.

Every function takes ``now``; none commits. Seats move only through
:func:`take_seat` / :func:`free_seat` (guarded ``UPDATE``s on the settings row), which
is what keeps parallel sign-ups from overselling: on PostgreSQL the row update waits for
the other transaction and re-checks the condition; on SQLite the first write takes the
database's write lock until commit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from summit.events.models import Event
from summit.events.revision import bump_revision
from summit.extensions import db
from summit.registration.agenda import release_session_seat
from summit.registration.errors import AlreadyRegistered
from summit.registration.errors import EventFull
from summit.registration.errors import RegistrationClosed
from summit.registration.errors import RegistrationError
from summit.registration.links import add_link
from summit.registration.models import ACTIVE_STATUSES
from summit.registration.models import Registration
from summit.registration.models import RegistrationSettings
from summit.registration.models import RegistrationStatus
from summit.registration.sensitive import ANSWER_FIELDS
from summit.registration.sensitive import apply_answers
from summit.registration.sensitive import apply_field_policy
from summit.registration.ticket import forget_tickets
from summit.registration.waitlist import claim
from summit.registration.waitlist import claim_or_fail
from summit.registration.waitlist import free_seat
from summit.registration.waitlist import next_waitlist_number
from summit.registration.waitlist import promote_waitlisted
from summit.registration.waitlist import refresh_settings
from summit.registration.waitlist import refuse_erased
from summit.registration.waitlist import take_seat
from summit.schedule.localtime import local_day_bounds

MAX_CATEGORIES = 20
MAX_CATEGORY_LENGTH = 100  # registrations.category is String(100)


@dataclass
class AttendeeData:
    name: str
    email: str
    category: str = ""
    organization: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""
    health_notes: str = ""
    # Ticked the consent that names the sensitive questions (see ``sensitive``).
    sensitive_consent: bool = False
    consents: list[str] = field(default_factory=list)
    # The consent texts in the language the attendee read them (kept as their proof);
    # empty: the organizer's own texts.
    consents_shown: list[str] = field(default_factory=list)
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
    ask_health: bool = False
    accessibility_sensitive: bool = True
    dietary_sensitive: bool = True
    accessibility_purpose: str = ""
    health_purpose: str = ""
    dietary_purpose: str = ""
    consent_texts: list[str] = field(default_factory=list)
    retention_until: date | None = None
    sensitive_retention_until: date | None = None


@dataclass
class SignUp:
    """What :func:`register_attendee` did; ``token`` is the private link's secret, only
    known now (the database keeps its hash)."""

    registration: Registration
    token: str


def normalize_email(email: str) -> str:
    """The key that makes one address one registration: NFKC, then case-folded, so the
    same address typed in NFD and NFC (or in any letter case) is the same person."""
    folded = unicodedata.normalize("NFKC", email.strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


# --- settings ---------------------------------------------------------------------------


def get_settings(event: Event) -> RegistrationSettings | None:
    return db.session.get(RegistrationSettings, event.id)


def save_settings(
    event: Event, data: SettingsData, *, now: datetime
) -> tuple[RegistrationSettings, list[Registration]]:
    """Create or update the event's registration settings. Raising the capacity promotes
    people from the waiting list; they are returned so the caller can e-mail them.

    :raises RegistrationError: capacity below the confirmed count, dates in the wrong order,
        registration closing after the event's last day.
    """
    if data.capacity < 0:
        raise RegistrationError(_l("Capacity cannot be negative."), "capacity")
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        raise RegistrationError(_l("Registration must close after it opens."), "closes_at")
    if data.closes_at and data.closes_at > local_day_bounds(event.end_date, event.timezone)[1]:
        raise RegistrationError(
            _l(
                "Registration must close by the end of the event (%(day)s). Choose an earlier date.",
                day=event.end_date.isoformat(),
            ),
            "closes_at",
        )
    if len(data.categories) > MAX_CATEGORIES:
        raise RegistrationError(_l("Use at most %(n)d categories.", n=MAX_CATEGORIES), "categories")
    if any(len(c.strip()) > MAX_CATEGORY_LENGTH for c in data.categories):
        raise RegistrationError(
            _l("Keep each category under %(n)d characters.", n=MAX_CATEGORY_LENGTH), "categories"
        )
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
    apply_field_policy(event, settings, data)
    settings.consent_texts = "\n".join(c.strip() for c in data.consent_texts if c.strip())
    settings.retention_until = data.retention_until
    settings.updated_at = now
    db.session.flush()
    promoted = promote_waitlisted(event, now=now)
    bump_revision(event, now=now)  # the event page shows whether and until when it is open
    return settings, promoted


def registration_open(settings: RegistrationSettings | None, now: datetime) -> bool:
    if settings is None or not settings.is_open:
        return False
    if settings.opens_at and now < settings.opens_at:
        return False
    return not (settings.closes_at and now >= settings.closes_at)


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
        consents="\n".join(
            data.consents_shown
            if len(data.consents_shown) == len(settings.consent_list)
            else settings.consent_list
        ),
        language=data.language,
        created_at=now,
        updated_at=now,
    )
    # Before any seat is taken: a missing consent refuses the sign-up cleanly.
    apply_answers(
        registration,
        event,
        settings,
        {f.attribute: getattr(data, f.attribute) for f in ANSWER_FIELDS},
        data.sensitive_consent,
    )
    if settings.approval_required:
        registration.status = RegistrationStatus.PENDING
    elif take_seat(event.id):
        registration.status = RegistrationStatus.CONFIRMED
    elif settings.waitlist_enabled:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_number = next_waitlist_number(event.id)
    else:
        raise EventFull(_l("This event is full."))
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Two sign-ups with the same e-mail raced; the caller must roll back.
        raise AlreadyRegistered(_l("This e-mail is already registered."), "email") from error
    token = add_link(registration, key=key, now=now)
    # The settings row in the session is stale now (seat counter); commit expires it.
    return SignUp(registration, token)


def cancel_registration(registration: Registration, *, now: datetime) -> list[Registration]:
    """Cancel, free the seat and its session seats, and promote the first in line.

    :returns: the people promoted from the waiting list (to be e-mailed).
    :raises RegistrationError: already cancelled.
    """
    if registration.status is RegistrationStatus.CANCELLED or not claim(
        registration, registration.status
    ):
        raise RegistrationError(_l("This registration is already cancelled."))
    was_confirmed = registration.status is RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_number = None
    registration.updated_at = now
    for choice in list(registration.choices):
        release_session_seat(choice.session)
        registration.choices.remove(choice)
    db.session.flush()
    if not was_confirmed:
        return []
    forget_tickets(registration)  # it prints the code of a seat no longer held
    free_seat(registration.event_id)
    return promote_waitlisted(registration.event, now=now)


def approve_registration(registration: Registration, *, now: datetime) -> Registration:
    """Approve a pending registration: confirmed if a seat is free, else waitlisted.

    :raises EventFull: no seat and no waiting list.
    :raises RegistrationError: not pending.
    """
    if registration.status is not RegistrationStatus.PENDING:
        raise RegistrationError(_l("Only pending registrations can be approved."))
    refuse_erased(registration)
    claim_or_fail(registration, RegistrationStatus.PENDING)
    settings = get_settings(registration.event)
    if take_seat(registration.event_id):
        registration.status = RegistrationStatus.CONFIRMED
    elif settings is not None and settings.waitlist_enabled:
        registration.waitlist_number = next_waitlist_number(registration.event_id)
        registration.status = RegistrationStatus.WAITLISTED
    else:
        raise EventFull(_l("No seat is free. Raise the capacity first."))
    registration.updated_at = now
    db.session.flush()
    refresh_settings(registration.event_id)
    return registration


def reject_registration(registration: Registration, *, now: datetime) -> Registration:
    """:raises RegistrationError: not pending."""
    if registration.status is not RegistrationStatus.PENDING:
        raise RegistrationError(_l("Only pending registrations can be rejected."))
    claim_or_fail(registration, RegistrationStatus.PENDING)
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
    refuse_erased(registration)
    claim_or_fail(registration, RegistrationStatus.WAITLISTED)
    if not take_seat(registration.event_id):
        raise EventFull(_l("No seat is free. Raise the capacity first."))
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlist_number = None
    registration.updated_at = now
    db.session.flush()
    refresh_settings(registration.event_id)
    return registration

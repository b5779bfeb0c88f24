"""Sensitive answers (accessibility, health, diet): which questions are sensitive, who
may read them, the log of every look, and their early erasure.

Health answers are always sensitive; the organizer marks accessibility and dietary
questions ordinary or sensitive. Pages and exports without the permission never receive
sensitive fields; ordinary ones travel with the rest of the registration.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Protocol

from flask_babel import force_locale
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_
from sqlalchemy import select

from summit.audit.models import AccessAction
from summit.audit.services import SYSTEM
from summit.audit.services import Actor
from summit.audit.services import csv_cell
from summit.audit.services import record
from summit.events.models import Event
from summit.extensions import db
from summit.localized.reading import tr
from summit.needs.models import forget_access_requests
from summit.registration.errors import RegistrationError
from summit.registration.models import Registration
from summit.registration.models import RegistrationSettings

MIN_REASON_LENGTH = 10
DEFAULT_SENSITIVE_RETENTION_DAYS = 30


@dataclass(frozen=True)
class AnswerField:
    """A built-in question: its column, how the settings ask it and mark it."""

    attribute: str  # the column on Registration
    label: object
    ask: str  # RegistrationSettings flag that asks it
    sensitive_flag: str | None  # RegistrationSettings flag; None: always sensitive
    purpose: str  # RegistrationSettings column with the organizer's purpose
    default_purpose: object

    def asked(self, settings: RegistrationSettings | None) -> bool:
        return settings is not None and bool(getattr(settings, self.ask))

    def is_sensitive(self, settings: RegistrationSettings | None) -> bool:
        if self.sensitive_flag is None or settings is None:
            return True
        return bool(getattr(settings, self.sensitive_flag))

    def purpose_text(self, settings: RegistrationSettings | None) -> str:
        text = getattr(settings, self.purpose, "") if settings is not None else ""
        return str(text or self.default_purpose)


ANSWER_FIELDS = (
    AnswerField(
        "accessibility_needs",
        _l("Accessibility needs"),
        "ask_accessibility",
        "accessibility_sensitive",
        "accessibility_purpose",
        _l("To prepare the venue and the services you need."),
    ),
    AnswerField(
        "health_notes",
        _l("Health information"),
        "ask_health",
        None,
        "health_purpose",
        _l("So that the team can help you if you feel unwell during the event."),
    ),
    AnswerField(
        "dietary_needs",
        _l("Dietary needs"),
        "ask_dietary",
        "dietary_sensitive",
        "dietary_purpose",
        _l("To order meals you can eat."),
    ),
)
FIELDS_BY_ATTRIBUTE = {f.attribute: f for f in ANSWER_FIELDS}


def sensitive_fields(settings: RegistrationSettings | None) -> list[AnswerField]:
    """Fields whose answers need the permission (every asked-or-not sensitive field, so
    answers given before a question was switched off stay protected)."""
    return [f for f in ANSWER_FIELDS if f.is_sensitive(settings)]


def ordinary_fields(settings: RegistrationSettings | None) -> list[AnswerField]:
    return [f for f in ANSWER_FIELDS if not f.is_sensitive(settings)]


def sensitive_retention_date(event: Event, settings: RegistrationSettings | None) -> date:
    if settings is not None and settings.sensitive_retention_until is not None:
        return settings.sensitive_retention_until
    return event.end_date + timedelta(days=DEFAULT_SENSITIVE_RETENTION_DAYS)


def check_sensitive_retention(event: Event, until: date | None, general: date | None) -> None:
    """:raises RegistrationError: the date is before the event ends or after the general
    retention date (sensitive answers never outlive the rest)."""
    if until is None:
        return
    if until < event.end_date:
        raise RegistrationError(
            _l("Keep sensitive answers at least until the event ends."),
            "sensitive_retention_until",
        )
    if general is not None and until > general:
        raise RegistrationError(
            _l("Erase sensitive answers on or before the date the rest is erased."),
            "sensitive_retention_until",
        )


class FieldPolicy(Protocol):
    """What the settings form says about the questions (``SettingsData`` has it)."""

    ask_health: bool
    accessibility_sensitive: bool
    dietary_sensitive: bool
    accessibility_purpose: str
    health_purpose: str
    dietary_purpose: str
    retention_until: date | None
    sensitive_retention_until: date | None


def apply_field_policy(event: Event, settings: RegistrationSettings, data: FieldPolicy) -> None:
    """:raises RegistrationError: as :func:`check_sensitive_retention`."""
    check_sensitive_retention(event, data.sensitive_retention_until, data.retention_until)
    settings.ask_health = data.ask_health
    settings.accessibility_sensitive = data.accessibility_sensitive
    settings.dietary_sensitive = data.dietary_sensitive
    settings.accessibility_purpose = data.accessibility_purpose.strip()
    settings.health_purpose = data.health_purpose.strip()
    settings.dietary_purpose = data.dietary_purpose.strip()
    settings.sensitive_retention_until = data.sensitive_retention_until


def consent_text(event: Event, settings: RegistrationSettings) -> str:
    """The consent that names each sensitive question asked, with the erasure date."""
    asked = [str(f.label).lower() for f in sensitive_fields(settings) if f.asked(settings)]
    return str(
        _l(
            "I agree that the organizers of %(event)s use my answers about %(fields)s for "
            "the purposes shown beside each question, seen only by the people they allow, "
            "and erased after %(date)s.",
            event=tr(event, "title"),
            fields=", ".join(asked),
            date=format_date(sensitive_retention_date(event, settings), "long"),
        )
    )


def asks_sensitive(settings: RegistrationSettings | None) -> bool:
    return any(f.asked(settings) for f in sensitive_fields(settings))


def apply_answers(
    registration: Registration,
    event: Event,
    settings: RegistrationSettings,
    answers: dict[str, str],
    consented: bool,
) -> None:
    """Keep the answers of asked questions; sensitive ones need the consent.

    :raises RegistrationError: a sensitive answer without the consent.
    """
    for f in ANSWER_FIELDS:
        value = answers.get(f.attribute, "").strip() if f.asked(settings) else ""
        setattr(registration, f.attribute, value)
    gave_sensitive = any(getattr(registration, f.attribute) for f in sensitive_fields(settings))
    if gave_sensitive and not consented:
        raise RegistrationError(
            _l("Tick the consent for sensitive answers, or leave those questions empty."),
            "sensitive_consent",
        )
    if gave_sensitive:
        # Kept as the attendee read it, in their language.
        with force_locale(registration.language or event.main_language):
            registration.sensitive_consent = consent_text(event, settings)
    else:
        registration.sensitive_consent = ""


def _with_answers(event: Event, fields: list[AnswerField]) -> list[Registration]:
    if not fields:
        return []
    columns = [getattr(Registration, f.attribute) for f in fields]
    return list(
        db.session.execute(
            select(Registration)
            .where(Registration.event_id == event.id, or_(*(c != "" for c in columns)))
            .order_by(Registration.name, Registration.id)
        ).scalars()
    )


def with_answers(event: Event, settings: RegistrationSettings | None) -> list[Registration]:
    """Registrations of ``event`` that gave at least one sensitive answer."""
    return _with_answers(event, sensitive_fields(settings))


def record_view(event: Event, shown: list[Registration], *, actor: Actor, now: datetime) -> None:
    record(
        event.id,
        AccessAction.VIEWED_SENSITIVE,
        actor=actor,
        now=now,
        subject="registrations/answers",
        registration_ids=[r.id for r in shown],
    )


def sensitive_export(
    event: Event,
    settings: RegistrationSettings | None,
    reason: str,
    *,
    actor: Actor,
    now: datetime,
) -> str:
    """The CSV of sensitive answers, logged with the reason given.

    :raises RegistrationError: the reason is missing or too short to mean anything.
    """
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise RegistrationError(
            _l("Say why you need the export (at least %(n)d characters).", n=MIN_REASON_LENGTH),
            "reason",
        )
    rows = with_answers(event, settings)
    record(
        event.id,
        AccessAction.EXPORTED_SENSITIVE,
        actor=actor,
        now=now,
        subject=f"registrations-{event.slug}-sensitive.csv",
        reason=reason,
        registration_ids=[r.id for r in rows],
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    fields = [f.attribute for f in sensitive_fields(settings)]
    writer.writerow(["id", "name", "email", *fields])
    for r in rows:
        values = [r.id, r.name, r.email, *(getattr(r, f) for f in fields)]
        writer.writerow([csv_cell(v) for v in values])
    return buffer.getvalue()


def _blank(registration: Registration, fields: Iterable[AnswerField], now: datetime) -> None:
    # Access requests say as much as the answers (they name a disability): they go too.
    forget_access_requests(registration.id)
    for f in fields:
        setattr(registration, f.attribute, "")
    registration.sensitive_erased_at = now
    registration.updated_at = now


def erase_own_sensitive_answers(registration: Registration, *, now: datetime) -> None:
    """The attendee erases their sensitive answers from their page (logged)."""
    settings = db.session.get(RegistrationSettings, registration.event_id)
    _blank(registration, sensitive_fields(settings), now)
    record(
        registration.event_id,
        AccessAction.SENSITIVE_ERASED,
        actor=Actor(None, "", "attendee"),
        now=now,
        subject="attendee's own page",
        registration_ids=[registration.id],
    )
    db.session.flush()


def erase_expired_sensitive_answers(now: datetime) -> dict[int, int]:
    """Erase sensitive answers of every event whose sensitive-retention date has passed;
    one log entry per event. Rows stay, so counts per status and category stay true.

    :returns: how many registrations were erased, per event id (events with none left
        out).
    """
    today = now.date()
    rows = db.session.execute(
        select(Event, RegistrationSettings).outerjoin(
            RegistrationSettings, RegistrationSettings.event_id == Event.id
        )
    ).all()
    erased: dict[int, int] = {}
    for event, settings in rows:
        if sensitive_retention_date(event, settings) >= today:
            continue
        fields = sensitive_fields(settings)
        registrations = _with_answers(event, fields)
        if not registrations:
            continue
        for registration in registrations:
            _blank(registration, fields, now)
        record(
            event.id,
            AccessAction.SENSITIVE_ERASED,
            actor=SYSTEM,
            now=now,
            subject="retention",
            detail=f"after {sensitive_retention_date(event, settings).isoformat()}",
            registration_ids=[r.id for r in registrations],
        )
        erased[event.id] = len(registrations)
    db.session.flush()
    return erased

"""The words shown for session kinds, session statuses and speaker roles, keyed by the
enums: forms, pages, e-mails and exports all take them from here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from summit.schedule.models import SessionKind
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole

KIND_LABELS = {
    SessionKind.ROUND_TABLE: _l("Round table"),
    SessionKind.KEYNOTE: _l("Keynote"),
    SessionKind.TALK: _l("Talk"),
    SessionKind.WORKSHOP: _l("Workshop"),
    SessionKind.BREAK: _l("Break"),
    SessionKind.WELLBEING_BREAK: _l("Wellbeing break"),
    SessionKind.NETWORKING: _l("Networking"),
}

ROLE_LABELS = {
    SpeakerRole.MODERATOR: _l("Moderator"),
    SpeakerRole.PANELIST: _l("Panelist"),
    SpeakerRole.SPEAKER: _l("Speaker"),
    SpeakerRole.KEYNOTE: _l("Keynote speaker"),
}

STATUS_LABELS = {
    SessionStatus.SCHEDULED: _l("Scheduled"),
    SessionStatus.CANCELLED: _l("Cancelled"),
}


def kind_label(kind: SessionKind | str) -> str:
    return str(KIND_LABELS.get(SessionKind(kind), kind))


def role_label(role: SpeakerRole | str) -> str:
    return str(ROLE_LABELS.get(SpeakerRole(role), role))


def status_label(status: SessionStatus | str) -> str:
    return str(STATUS_LABELS.get(SessionStatus(status), status))


def choices(
    labels: dict[SessionKind, object] | dict[SpeakerRole, object] | dict[SessionStatus, object],
) -> list[tuple[str, object]]:
    """(value, label) pairs for a select field, in the enum's order."""
    return [(member.value, label) for member, label in labels.items()]

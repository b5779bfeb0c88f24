"""The words shown for session kinds, session statuses and speaker roles, keyed by the
enums: forms, pages, e-mails and exports all take them from here, pages and exports as
one :class:`Labels` translated once per page or build."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
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


@dataclass(frozen=True)
class Labels:
    """Every word a page or an export repeats, translated once per build: gettext per
    session and per role added a third of a 240-session feed's time. Keys are the enums,
    which also match their plain string values."""

    kinds: dict[SessionKind, str]
    roles: dict[SpeakerRole, str]
    cancelled_title: str  # contains "{title}"
    cancelled_note: str
    content_note: str  # contains "{note}"

    def title(self, title: str, cancelled: bool) -> str:
        return self.cancelled_title.replace("{title}", title) if cancelled else title

    def note(self, note: str) -> str:
        return self.content_note.replace("{note}", note)


def translated_labels() -> Labels:
    """The labels in the current (usually forced) locale."""
    return Labels(
        kinds={kind: kind_label(kind) for kind in SessionKind},
        roles={role: role_label(role) for role in SpeakerRole},
        cancelled_title=_("Cancelled: %(title)s", title="{title}"),
        cancelled_note=_("This session is cancelled."),
        content_note=_("Content note: %(note)s", note="{note}"),
    )

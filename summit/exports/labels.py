"""The labels every export repeats (from :mod:`summit.schedule.labels`), and the links that
exports print. Links follow the public URL contract (DESIGN.md) so that builders need no
request and work from the command line too."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from summit.events.models import Event
from summit.schedule.labels import kind_label
from summit.schedule.labels import role_label
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SpeakerRole


@dataclass(frozen=True)
class Labels:
    """Every word an export repeats, translated once per build: gettext per session and
    per role added a third of a 240-session feed's time."""

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


def event_url(base_url: str, event: Event) -> str:
    return f"{base_url.rstrip('/')}/events/{event.slug}/"


def session_url(base_url: str, event: Event, session: Session) -> str:
    return f"{base_url.rstrip('/')}/events/{event.slug}/sessions/{session.public_id}/"

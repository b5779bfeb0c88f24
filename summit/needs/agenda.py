"""The public agenda's "Access" section: rooms' accessibility notes and the services
arranged, by session or for the whole event, never with a name.

Registered as an agenda extra (see ``summit.schedule.views.AGENDA_EXTRAS``), so the
schedule package need not import this higher-level one.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from summit.events.models import Event
from summit.events.models import Room
from summit.needs.labels import KIND_LABELS
from summit.needs.services import ArrangedLine
from summit.needs.services import arranged_services
from summit.schedule.views import AGENDA_EXTRAS


@dataclass(frozen=True)
class AgendaAccess:
    rooms: list[Room]
    arranged: list[ArrangedLine]

    def __bool__(self) -> bool:
        return bool(self.rooms or self.arranged)


def agenda_access(event: Event) -> AgendaAccess:
    return AgendaAccess(
        rooms=[room for room in event.rooms if room.accessibility_notes],
        arranged=arranged_services(event),
    )


def _extra(event: Event) -> dict[str, object]:
    return {"agenda_access": agenda_access(event), "need_kind_labels": KIND_LABELS}


def register(app: Flask) -> None:
    app.extensions.setdefault(AGENDA_EXTRAS, []).append(_extra)

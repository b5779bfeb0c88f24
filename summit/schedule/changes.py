"""The public change log as readable lines (times shown in event time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from summit.events.models import Event
from summit.schedule.labels import status_label
from summit.schedule.models import ScheduleChange
from summit.schedule.models import SessionStatus
from summit.schedule.viewmodels import clock_label
from summit.schedule.viewmodels import day_label

FIELD_LABELS = {
    "time": _l("Time"),
    "room": _l("Room"),
    "status": _l("Status"),
    "speakers": _l("Speakers"),
    "created": _l("Added"),
    "deleted": _l("Removed"),
}


@dataclass
class ChangeLine:
    session_title: str
    session_id: int | None
    field: str
    field_label: str
    before: str
    after: str
    changed_at: datetime
    when: str


def _time_range(value: str, tz: ZoneInfo, locale: str) -> str:
    if not value or "/" not in value:
        return value
    first, _, second = value.partition("/")
    start = datetime.fromisoformat(first).astimezone(tz)
    end = datetime.fromisoformat(second).astimezone(tz)
    return (
        f"{day_label(start.date(), locale)}, {clock_label(start.hour, start.minute, locale)}"
        f"–{clock_label(end.hour, end.minute, locale)}"
    )


def _readable(change: ScheduleChange, value: str, tz: ZoneInfo, locale: str) -> str:
    if change.field in ("time", "created", "deleted"):
        return _time_range(value, tz, locale)
    if change.field == "status":
        return status_label(value) if value in set(SessionStatus) else value
    return value


def change_lines(event: Event, changes: list[ScheduleChange], locale: str) -> list[ChangeLine]:
    tz = ZoneInfo(event.timezone)
    lines = []
    for change in changes:
        moment = change.changed_at.astimezone(tz)
        lines.append(
            ChangeLine(
                session_title=change.session_title,
                session_id=change.session_id,
                field=change.field,
                field_label=str(FIELD_LABELS.get(change.field, change.field)),
                before=_readable(change, change.before, tz, locale),
                after=_readable(change, change.after, tz, locale),
                changed_at=change.changed_at,
                when=f"{day_label(moment.date(), locale)} "
                f"{clock_label(moment.hour, moment.minute, locale)}",
            )
        )
    return lines

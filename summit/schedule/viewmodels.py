"""Precomputed values for schedule pages, so templates do no work per row beyond output.

Times are formatted once per distinct wall-clock value (a day has few of them), which
keeps a 240-session agenda fast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.dates import format_time

from summit.events.models import Event
from summit.events.models import Room
from summit.schedule.conflicts import Conflict
from summit.schedule.forms import KIND_LABELS
from summit.schedule.forms import ROLE_LABELS
from summit.schedule.localtime import event_days
from summit.schedule.models import Session
from summit.schedule.models import Speaker


@lru_cache(maxsize=4096)
def clock_label(hour: int, minute: int, locale: str) -> str:
    return format_time(time(hour, minute), "short", locale=locale)


@lru_cache(maxsize=512)
def day_label(day: date, locale: str) -> str:
    return format_date(day, "full", locale=locale)


@dataclass
class SpeakerLine:
    id: int
    name: str
    role: str
    role_label: str
    affiliation: str


@dataclass
class SessionView:
    id: int
    public_id: str
    title: str
    kind: str
    kind_label: str
    language: str
    content_note: str
    description: str
    cancelled: bool
    room_id: int | None
    room_name: str
    day: date | None
    start_label: str
    end_label: str
    start_hm: str
    end_hm: str
    start_iso: str
    end_iso: str
    capacity: int | None
    speakers: list[SpeakerLine]
    conflicts: list[Conflict] = field(default_factory=list)
    top: int = 0
    height: int = 0
    day_text: str = ""


def session_view(
    session: Session, tz: ZoneInfo, locale: str, conflicts: list[Conflict] | None = None
) -> SessionView:
    start = session.starts_at.astimezone(tz) if session.starts_at else None
    end = session.ends_at.astimezone(tz) if session.ends_at else None
    room = session.room
    return SessionView(
        id=session.id,
        public_id=session.public_id,
        title=session.title,
        kind=session.kind.value,
        kind_label=str(KIND_LABELS.get(session.kind.value, session.kind.value)),
        language=session.language,
        content_note=session.content_note,
        description=session.description,
        cancelled=session.is_cancelled,
        room_id=session.room_id,
        room_name=room.name if room is not None else "",
        day=start.date() if start else None,
        start_label=clock_label(start.hour, start.minute, locale) if start else "",
        end_label=clock_label(end.hour, end.minute, locale) if end else "",
        start_hm=start.strftime("%H:%M") if start else "",
        end_hm=end.strftime("%H:%M") if end else "",
        start_iso=start.isoformat() if start else "",
        end_iso=end.isoformat() if end else "",
        capacity=session.capacity,
        speakers=[
            SpeakerLine(
                id=link.speaker_id,
                name=link.speaker.display_name,
                role=link.role.value,
                role_label=str(ROLE_LABELS.get(link.role.value, link.role.value)),
                affiliation=link.speaker.affiliation,
            )
            for link in session.roles
        ],
        conflicts=conflicts or [],
        day_text=day_label(start.date(), locale) if start else "",
    )


@dataclass
class AgendaDay:
    day: date
    label: str
    sessions: list[SessionView]


def agenda_days(
    event: Event,
    sessions: list[Session],
    locale: str,
    *,
    room_id: int | None = None,
    language: str = "",
) -> list[AgendaDay]:
    """Scheduled sessions grouped by local day, optionally filtered by room and language."""
    tz = ZoneInfo(event.timezone)
    by_day: dict[date, list[SessionView]] = defaultdict(list)
    for session in sessions:
        if session.starts_at is None:
            continue
        if room_id is not None and session.room_id != room_id:
            continue
        if language and session.language != language:
            continue
        view = session_view(session, tz, locale)
        assert view.day is not None
        by_day[view.day].append(view)
    return [AgendaDay(day, day_label(day, locale), by_day[day]) for day in sorted(by_day)]


@dataclass
class GridColumn:
    room_id: int | None
    name: str
    sessions: list[SessionView]


@dataclass
class GridDay:
    day: date
    label: str
    first_hour: int
    hours: list[str]
    height: int
    columns: list[GridColumn]


@dataclass
class AgendaGrid:
    days: list[GridDay]
    unscheduled: list[SessionView]
    rooms: list[Room]
    problem_count: int


PIXELS_PER_HOUR = 64


def agenda_grid(
    event: Event, sessions: list[Session], conflicts: dict[int, list[Conflict]], locale: str
) -> AgendaGrid:
    """Days × rooms with each session's offset and height from its local times."""
    tz = ZoneInfo(event.timezone)
    rooms = list(event.rooms)
    views = [session_view(s, tz, locale, conflicts.get(s.id)) for s in sessions]
    unscheduled = [v for v in views if v.day is None]
    days: list[GridDay] = []
    for day in event_days(event.start_date, event.end_date):
        todays = [(v, s) for v, s in zip(views, sessions, strict=True) if v.day == day]
        starts = [s.starts_at.astimezone(tz) for _, s in todays if s.starts_at]
        ends = [s.ends_at.astimezone(tz) for _, s in todays if s.ends_at]
        first = min([9] + [d.hour for d in starts])
        last = max([18] + [_end_hour(d, day) for d in ends])
        columns = [GridColumn(room.id, room.name, []) for room in rooms]
        by_room = {column.room_id: column for column in columns}
        for view, session in todays:
            assert session.starts_at is not None and session.ends_at is not None
            start = session.starts_at.astimezone(tz)
            minutes = (session.ends_at - session.starts_at).total_seconds() / 60
            view.top = int(((start.hour - first) * 60 + start.minute) * PIXELS_PER_HOUR / 60)
            view.height = max(int(minutes * PIXELS_PER_HOUR / 60), 18)
            column = by_room.get(view.room_id)
            if column is None:
                column = GridColumn(None, "", [])
                by_room[None] = column
                columns.append(column)
            column.sessions.append(view)
        days.append(
            GridDay(
                day=day,
                label=day_label(day, locale),
                first_hour=first,
                hours=[clock_label(h, 0, locale) for h in range(first, last)],
                height=(last - first) * PIXELS_PER_HOUR,
                columns=columns,
            )
        )
    return AgendaGrid(days, unscheduled, rooms, sum(len(c) for c in conflicts.values()))


def _end_hour(moment: datetime, day: date) -> int:
    if moment.date() > day:
        return 24
    return moment.hour + (1 if moment.minute else 0)


@dataclass
class SpeakerView:
    id: int
    name: str
    position: str
    affiliation: str
    has_photo: bool
    photo_version: str
    sessions: list[tuple[str, SessionView]]


def speaker_views(event: Event, speakers: list[Speaker], locale: str) -> list[SpeakerView]:
    """Speakers with their (scheduled or not) sessions in time order; roles labelled."""
    tz = ZoneInfo(event.timezone)
    cache: dict[int, SessionView] = {}
    result = []
    for speaker in speakers:
        items = []
        for link in speaker.roles:
            view = cache.get(link.session_id)
            if view is None:
                view = cache[link.session_id] = _light_session_view(link.session, tz, locale)
            items.append((str(ROLE_LABELS.get(link.role.value, link.role.value)), view))
        items.sort(key=lambda item: (item[1].start_iso == "", item[1].start_iso))
        result.append(
            SpeakerView(
                id=speaker.id,
                name=speaker.display_name,
                position=speaker.position,
                affiliation=speaker.affiliation,
                has_photo=bool(speaker.photo_digest),
                photo_version=(speaker.photo_digest or "")[:8],
                sessions=items,
            )
        )
    return result


def _light_session_view(session: Session, tz: ZoneInfo, locale: str) -> SessionView:
    """A session view without its speakers (their roles are not loaded here)."""
    start = session.starts_at.astimezone(tz) if session.starts_at else None
    end = session.ends_at.astimezone(tz) if session.ends_at else None
    room = session.room
    return SessionView(
        id=session.id,
        public_id=session.public_id,
        title=session.title,
        kind=session.kind.value,
        kind_label=str(KIND_LABELS.get(session.kind.value, session.kind.value)),
        language=session.language,
        content_note=session.content_note,
        description="",
        cancelled=session.is_cancelled,
        room_id=session.room_id,
        room_name=room.name if room is not None else "",
        day=start.date() if start else None,
        start_label=clock_label(start.hour, start.minute, locale) if start else "",
        end_label=clock_label(end.hour, end.minute, locale) if end else "",
        start_hm=start.strftime("%H:%M") if start else "",
        end_hm=end.strftime("%H:%M") if end else "",
        start_iso=start.isoformat() if start else "",
        end_iso=end.isoformat() if end else "",
        capacity=session.capacity,
        speakers=[],
        day_text=day_label(start.date(), locale) if start else "",
    )

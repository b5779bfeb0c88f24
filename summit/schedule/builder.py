"""The agenda builder's grid: days × rooms, each card placed from its local times.

Cards that would cover each other on screen (same room, overlapping times, or a short
card drawn taller than its duration) are laid side by side in lanes, so every card stays
readable and clickable; the conflicts service says which overlaps are real problems.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from typing import Any

from summit.events.models import Event
from summit.events.models import Room
from summit.schedule.conflicts import Conflict
from summit.schedule.localtime import event_days
from summit.schedule.rows import SessionRow
from summit.schedule.viewmodels import SessionView
from summit.schedule.viewmodels import ViewBuilder
from summit.schedule.viewmodels import clock_label
from summit.schedule.viewmodels import day_label

UNIT_MINUTES = 5  # one grid unit; see static/schedule-grid.css
# A card is never drawn shorter than 20 minutes, so its title line always fits.
MIN_UNITS = 4
# Below 40 minutes the title and the time share one line.
COMPACT_UNITS = 8
MAX_LANES = 6  # static/schedule.css has lane classes up to this many


@dataclass
class GridColumn:
    room_id: int | None
    name: str
    sessions: list[SessionView]
    lanes: int = 1


@dataclass
class GridDay:
    day: date
    label: str
    first_hour: int
    hours: list[str]
    height: int
    columns: list[GridColumn]


@dataclass(frozen=True)
class BuilderView:
    """Which part of a large event the builder shows: one day and/or one room."""

    day: date | None = None
    room_id: int | None = None

    @property
    def query(self) -> dict[str, Any]:
        args: dict[str, Any] = {}
        if self.day is not None:
            args["day"] = self.day.isoformat()
        if self.room_id is not None:
            args["room"] = str(self.room_id)
        return args


@dataclass
class AgendaGrid:
    days: list[GridDay]
    unscheduled: list[SessionView]
    rooms: list[Room]
    problem_count: int
    all_days: list[tuple[date, str]]
    view: BuilderView


def parse_view(event: Event, day: str | None, room: str | None) -> BuilderView:
    """The builder's filters from query arguments; anything unknown means "all"."""
    chosen_day = None
    if day:
        try:
            chosen_day = date.fromisoformat(day)
        except ValueError:
            chosen_day = None
        if chosen_day is not None and not event.start_date <= chosen_day <= event.end_date:
            chosen_day = None
    room_ids = {r.id for r in event.rooms}
    chosen_room = int(room) if room and room.isdigit() and int(room) in room_ids else None
    return BuilderView(chosen_day, chosen_room)


def assign_lanes(views: list[SessionView]) -> int:
    """Give each card of one room column a lane so no card covers another.

    Cards are grouped into clusters that overlap on screen; each cluster is split into as
    many lanes as it needs (greedy, by start), and every card of it learns that number.
    :returns: the most lanes any cluster of the column needs.
    """
    most = 1
    cluster: list[SessionView] = []
    lane_ends: list[int] = []
    cluster_end = -1

    def close() -> None:
        for member in cluster:
            member.lanes = min(len(lane_ends), MAX_LANES)

    for view in sorted(views, key=lambda v: (v.top, -v.height, v.id)):
        bottom = view.top + max(view.height, MIN_UNITS)
        if cluster and view.top >= cluster_end:
            close()
            most = max(most, len(lane_ends))
            cluster, lane_ends, cluster_end = [], [], -1
        for index, end in enumerate(lane_ends):
            if end <= view.top:
                lane_ends[index] = bottom
                view.lane = index
                break
        else:
            view.lane = len(lane_ends)
            lane_ends.append(bottom)
        view.lane = min(view.lane, MAX_LANES - 1)
        cluster.append(view)
        cluster_end = max(cluster_end, bottom)
    if cluster:
        close()
        most = max(most, len(lane_ends))
    return min(most, MAX_LANES)


def agenda_grid(
    event: Event,
    rows: list[SessionRow],
    conflicts: dict[int, list[Conflict]],
    locale: str,
    view: BuilderView | None = None,
) -> AgendaGrid:
    """Days × rooms with each session's offset, height and lane from its local times."""
    view = view or BuilderView()
    build = ViewBuilder(event, locale, originals=True)
    rooms = list(event.rooms)
    shown_rooms = [r for r in rooms if view.room_id is None or r.id == view.room_id]
    views = [build.session(row, conflicts.get(row.id)) for row in rows]
    unscheduled = [v for v in views if v.day is None]
    by_day: dict[date, list[tuple[SessionView, SessionRow]]] = defaultdict(list)
    for session_view, row in zip(views, rows, strict=True):
        if session_view.day is not None:
            by_day[session_view.day].append((session_view, row))
    all_days = [(d, day_label(d, locale)) for d in event_days(event.start_date, event.end_date)]
    days: list[GridDay] = []
    for day, label in all_days:
        if view.day is not None and day != view.day:
            continue
        todays = [
            (v, r)
            for v, r in by_day.get(day, [])
            if view.room_id is None or v.room_id == view.room_id
        ]
        first = min([9] + [_hour(build.local(r.starts_at)) for _, r in todays])
        last = max([18] + [_end_hour(build.local(r.ends_at), day) for _, r in todays])
        columns = [GridColumn(room.id, room.name, []) for room in shown_rooms]
        by_room: dict[int | None, GridColumn] = {column.room_id: column for column in columns}
        for session_view, row in todays:
            assert row.starts_at is not None and row.ends_at is not None
            start = row.starts_at.astimezone(build.tz)
            minutes = (row.ends_at - row.starts_at).total_seconds() / 60
            session_view.top = ((start.hour - first) * 60 + start.minute) // UNIT_MINUTES
            session_view.height = max(int(minutes) // UNIT_MINUTES, MIN_UNITS)
            column = by_room.get(session_view.room_id)
            if column is None:
                column = by_room[None] = GridColumn(None, "", [])
                columns.append(column)
            column.sessions.append(session_view)
        for column in columns:
            column.lanes = assign_lanes(column.sessions)
        days.append(
            GridDay(
                day=day,
                label=label,
                first_hour=first,
                hours=[clock_label(h, 0, locale) for h in range(first, last)],
                height=(last - first) * 60 // UNIT_MINUTES,
                columns=columns,
            )
        )
    problems = sum(len(c) for c in conflicts.values())
    return AgendaGrid(days, unscheduled, rooms, problems, all_days, view)


def _hour(moment: datetime | None) -> int:
    assert moment is not None
    return moment.hour


def _end_hour(moment: datetime | None, day: date) -> int:
    assert moment is not None
    if moment.date() > day:
        return 24
    return moment.hour + (1 if moment.minute else 0)

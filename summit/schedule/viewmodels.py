"""Precomputed values for schedule pages, so templates do no work per row beyond output.

Times and labels are formatted once per distinct value (a day has few wall-clock times),
which keeps a 240-session agenda fast.
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
from summit.localized.fields import ContentEntity
from summit.localized.reading import localized
from summit.schedule.conflicts import Conflict
from summit.schedule.conflicts import lacks_moderator
from summit.schedule.labels import translated_labels
from summit.schedule.localtime import event_days
from summit.schedule.rows import SessionRow
from summit.schedule.rows import SessionSummaryRow
from summit.schedule.rows import SpeakerListRow

SESSION, ROOM, SPEAKER = ContentEntity.SESSION, ContentEntity.ROOM, ContentEntity.SPEAKER


@lru_cache(maxsize=4096)
def clock_label(hour: int, minute: int, locale: str) -> str:
    return format_time(time(hour, minute), "short", locale=locale)


@lru_cache(maxsize=512)
def day_label(day: date, locale: str) -> str:
    return format_date(day, "full", locale=locale)


@dataclass(slots=True)
class SpeakerLine:
    id: int
    role_id: int
    position: int
    name: str
    role: str
    role_label: str
    affiliation: str


@dataclass(slots=True)
class SessionView:
    id: int
    public_id: str
    title: str  # these texts are LocalText: they know their language
    kind: str
    kind_label: str
    language: str
    content_note: str
    description: str
    cancelled: bool
    room_id: int | None
    room_name: str
    day: date | None
    day_text: str
    start_label: str
    end_label: str
    start_hm: str
    end_hm: str
    start_iso: str
    end_iso: str
    capacity: int | None
    speakers: list[SpeakerLine]
    # Warning messages, already translated.
    conflicts: list[str] = field(default_factory=list)
    # Agenda builder geometry (grid units of 5 minutes) and side-by-side lane.
    top: int = 0
    height: int = 0
    lane: int = 0
    lanes: int = 1
    # A round table whose moderator is not named yet: said publicly, never invented.
    awaits_moderator: bool = False
    # "UTC+00:00" at the session's start when the event's offset changes, else "".
    offset: str = ""


class ViewBuilder:
    """Turns session rows into views for one event, one locale and one request."""

    def __init__(self, event: Event, locale: str, *, originals: bool = False) -> None:
        self.tz = ZoneInfo(event.timezone)
        self.locale = locale
        self.labels = translated_labels()
        self.offsets_vary = offsets_vary(event)
        # The event's content in the page's language (one query, none for the main one);
        # organizers' pages show the ``originals`` they edit, in the main language.
        language = event.main_language if originals else locale.split("_")[0]
        self.content = localized(event, language)

    def local(self, value: datetime | None) -> datetime | None:
        return value.astimezone(self.tz) if value is not None else None

    def session(
        self, row: SessionSummaryRow, conflicts: list[Conflict] | None = None
    ) -> SessionView:
        """The view of a full row, or of a summary (no room, notes or speakers)."""
        start, end = self.local(row.starts_at), self.local(row.ends_at)
        full = row if isinstance(row, SessionRow) else None
        room = full.room if full is not None else None
        kind = row.kind.value
        roles = self.labels.roles
        text = self.content.text
        return SessionView(
            id=row.id,
            public_id=row.public_id,
            title=text(SESSION, row.id, "title", row.title, row.language),
            kind=kind,
            kind_label=self.labels.kinds.get(row.kind, kind),
            language=row.language,
            content_note=(
                text(SESSION, row.id, "content_note", full.content_note, row.language)
                if full is not None
                else ""
            ),
            description=(
                text(SESSION, row.id, "description", full.description, row.language)
                if full is not None
                else ""
            ),
            cancelled=row.is_cancelled,
            room_id=full.room_id if full is not None else None,
            room_name=text(ROOM, room.id, "name", room.name) if room is not None else "",
            day=start.date() if start else None,
            day_text=day_label(start.date(), self.locale) if start else "",
            start_label=clock_label(start.hour, start.minute, self.locale) if start else "",
            end_label=clock_label(end.hour, end.minute, self.locale) if end else "",
            start_hm=f"{start.hour:02d}:{start.minute:02d}" if start else "",
            end_hm=f"{end.hour:02d}:{end.minute:02d}" if end else "",
            start_iso=start.isoformat() if start else "",
            end_iso=end.isoformat() if end else "",
            offset=offset_label(start) if start and self.offsets_vary else "",
            capacity=full.capacity if full is not None else None,
            speakers=[
                SpeakerLine(
                    id=link.speaker_id,
                    role_id=link.id,
                    position=link.position,
                    name=link.speaker.display_name,
                    role=link.role.value,
                    role_label=roles.get(link.role, link.role.value),
                    affiliation=link.speaker.affiliation,
                )
                for link in (full.roles if full is not None else [])
            ],
            conflicts=[str(c.message) for c in conflicts] if conflicts else [],
            awaits_moderator=lacks_moderator(full) if full is not None else False,
        )


@dataclass
class AgendaDay:
    day: date
    label: str
    sessions: list[SessionView]
    # "UTC+00:00" when the event's UTC offset is not the same on every day, else "".
    offset: str = ""


def offset_label(moment: datetime) -> str:
    text = moment.strftime("%z")
    return f"UTC{text[:3]}:{text[3:]}"


def utc_offset(day: date, tz: ZoneInfo) -> str:
    """The day's offset, or both ("UTC+01:00 → UTC+00:00") when the clocks change that
    day: a single one would be wrong for the hours on the other side of the change."""
    first = offset_label(datetime.combine(day, time(0), tzinfo=tz))
    last = offset_label(datetime.combine(day, time(23, 59, 59), tzinfo=tz))
    return first if first == last else f"{first} → {last}"


def offsets_vary(event: Event) -> bool:
    """True when the event's days do not all share one UTC offset (e.g. Morocco around
    Ramadan, or a daylight-saving change), so pages must say which offset applies."""
    tz = ZoneInfo(event.timezone)
    labels = {utc_offset(day, tz) for day in event_days(event.start_date, event.end_date)}
    return len(labels) > 1 or any("→" in label for label in labels)


def agenda_days(
    event: Event,
    rows: list[SessionRow],
    locale: str,
    *,
    room_id: int | None = None,
    language: str = "",
) -> list[AgendaDay]:
    """Scheduled sessions grouped by local day, optionally filtered by room and language."""
    build = ViewBuilder(event, locale)
    by_day: dict[date, list[SessionView]] = defaultdict(list)
    for row in rows:
        if row.starts_at is None:
            continue
        if room_id is not None and row.room_id != room_id:
            continue
        if language and row.language != language:
            continue
        view = build.session(row)
        assert view.day is not None
        by_day[view.day].append(view)
    days = []
    for day in sorted(by_day):
        offset = utc_offset(day, build.tz) if build.offsets_vary else ""
        if "→" not in offset:  # the day header says it: sessions need not repeat it
            for view in by_day[day]:
                view.offset = ""
        days.append(AgendaDay(day, day_label(day, locale), by_day[day], offset))
    return days


# Above this many scheduled sessions, a multi-day agenda is served one day per page (the
# whole agenda stays one link away): a 2,400-session congress is otherwise a 2 MB page.
DAY_PAGES_FROM = 150


@dataclass(frozen=True)
class AgendaPage:
    """Which part of the agenda a page shows."""

    by_day: bool  # the event is large enough to be served one day per page
    day: date | None  # the day shown; None: every day


def agenda_page(days: list[date], scheduled: int, asked: str, today: date) -> AgendaPage:
    """The page for ``?day=asked``: a day of the event, ``all``, or nothing (today during
    the event, else its first day)."""
    if len(days) < 2 or scheduled <= DAY_PAGES_FROM:
        return AgendaPage(False, None)
    if asked == "all":
        return AgendaPage(True, None)
    try:
        chosen = date.fromisoformat(asked)
    except ValueError:
        chosen = today
    return AgendaPage(True, chosen if chosen in days else days[0])


# Above this many speakers the list is served in pages of SPEAKER_PAGE_SIZE (and whole on
# request): 4,000 speakers make a 1.8 MB page.
SPEAKER_PAGES_FROM = 300
SPEAKER_PAGE_SIZE = 200


@dataclass(frozen=True)
class SpeakerPage:
    """Which part of the speaker list a page shows."""

    paged: bool
    number: int | None  # 1-based; None: the whole list

    def slice(self) -> slice:
        if self.number is None:
            return slice(None)
        start = (self.number - 1) * SPEAKER_PAGE_SIZE
        return slice(start, start + SPEAKER_PAGE_SIZE)


def speaker_page(count: int, asked: str) -> SpeakerPage:
    """The page for ``?page=asked`` of a list of ``count`` speakers: a page number,
    ``all``, or anything else (the first page)."""
    if count <= SPEAKER_PAGES_FROM:
        return SpeakerPage(False, None)
    if asked == "all":
        return SpeakerPage(True, None)
    last = -(-count // SPEAKER_PAGE_SIZE)
    return SpeakerPage(True, int(asked) if asked.isdigit() and 1 <= int(asked) <= last else 1)


def speaker_pages(names: list[str]) -> list[tuple[int, str, str]]:
    """(number, first name, last name) of every page of the list, for its navigation."""
    return [
        (n + 1, names[start], names[min(start + SPEAKER_PAGE_SIZE, len(names)) - 1])
        for n, start in enumerate(range(0, len(names), SPEAKER_PAGE_SIZE))
    ]


@dataclass
class SpeakerView:
    id: int
    name: str
    position: str
    affiliation: str
    has_photo: bool
    photo_version: str
    sessions: list[tuple[str, SessionView]]


def speaker_views(event: Event, speakers: list[SpeakerListRow], locale: str) -> list[SpeakerView]:
    """Speakers with their sessions in time order (unscheduled last); roles labelled."""
    build = ViewBuilder(event, locale)
    cache: dict[int, SessionView] = {}
    roles = build.labels.roles
    result = []
    for speaker in speakers:
        items = []
        for role, row in speaker.roles:
            view = cache.get(row.id)
            if view is None:
                view = cache[row.id] = build.session(row)
            items.append((roles.get(role, role.value), view))
        result.append(
            SpeakerView(
                id=speaker.id,
                name=speaker.display_name,
                position=build.content.text(SPEAKER, speaker.id, "position", speaker.position),
                affiliation=speaker.affiliation,
                has_photo=bool(speaker.photo_digest),
                photo_version=(speaker.photo_digest or "")[:8],
                sessions=items,
            )
        )
    return result

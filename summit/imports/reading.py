"""Reading a schedule written by another tool: c3voc ``schedule.json`` or frab
``schedule.xml``, as pretalx, frab, Indico and Summit itself export them.

The file is checked against the same c3voc schemas Summit's own feeds are tested with
(``summit/imports/schemas/``), then turned into plain rows: times become aware UTC
datetimes from the offsets the file states, so nothing depends on the reader's zone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import jsonschema
from flask_babel import lazy_gettext as _l
from lxml import etree

from summit.schedule.models import SessionKind
from summit.schedule.models import SpeakerRole

SCHEMAS = Path(__file__).parent / "schemas"

# Free-text session types of other tools, and the frab types Summit writes.
KINDS = {
    "discussion": SessionKind.ROUND_TABLE,
    "panel": SessionKind.ROUND_TABLE,
    "round table": SessionKind.ROUND_TABLE,
    "keynote": SessionKind.KEYNOTE,
    "workshop": SessionKind.WORKSHOP,
    "break": SessionKind.BREAK,
    "other": SessionKind.BREAK,
    "meeting": SessionKind.NETWORKING,
    "networking": SessionKind.NETWORKING,
}
DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")


class ScheduleFileError(Exception):
    """The file cannot be imported; the message says why and what to do."""

    def __init__(self, message: object, field: str | None = "file") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass(frozen=True)
class PersonRow:
    key: str  # the file's guid, else its id, else the name
    name: str
    bio: str = ""


@dataclass(frozen=True)
class SessionRow:
    guid: str
    title: str
    kind: SessionKind
    starts_at: datetime
    ends_at: datetime
    room: str
    description: str = ""
    language: str = ""
    persons: tuple[tuple[str, SpeakerRole], ...] = ()


@dataclass(frozen=True)
class ScheduleFile:
    title: str
    acronym: str
    timezone: str
    start_date: date
    end_date: date
    rooms: tuple[str, ...]
    sessions: tuple[SessionRow, ...]
    persons: dict[str, PersonRow] = field(default_factory=dict)


@dataclass(frozen=True)
class _Day:
    date: date
    start: datetime
    end: datetime


def read_schedule(content: bytes) -> ScheduleFile:
    """:raises ScheduleFileError: not a schedule, schema-invalid, unknown time zone,
    overlapping days, or a session without a usable time."""
    text = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return _from_json(text)
    if text.startswith(b"<"):
        return _from_xml(text)
    raise ScheduleFileError(_not_a_schedule())


def _not_a_schedule() -> object:
    return _l(
        "This file is not a schedule. Upload the schedule.json or schedule.xml that pretalx, "
        "frab, Indico or Summit exports."
    )


def _invalid(where: str, problem: str) -> ScheduleFileError:
    return ScheduleFileError(
        _l(
            "This schedule does not follow the c3voc schema (%(where)s: %(problem)s). Export "
            "it again from its tool, or fix that part.",
            where=where or "/",
            problem=problem[:200],
        )
    )


@cache
def _json_validator() -> Any:
    schema = json.loads((SCHEMAS / "schedule.json.schema.json").read_text())
    return jsonschema.validators.validator_for(schema)(schema)


@cache
def _xml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))


def _from_json(text: bytes) -> ScheduleFile:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ScheduleFileError(_not_a_schedule()) from error
    if not isinstance(data, dict) or not isinstance(data.get("schedule"), dict):
        raise ScheduleFileError(_not_a_schedule())
    if "conference" not in data["schedule"]:
        raise ScheduleFileError(_not_a_schedule())
    problem = jsonschema.exceptions.best_match(_json_validator().iter_errors(data))
    if problem is not None:
        raise _invalid("/".join(str(p) for p in problem.absolute_path), problem.message)
    conference = data["schedule"]["conference"]
    zone = _zone(conference.get("time_zone_name"))
    days: list[_Day] = []
    sessions: list[SessionRow] = []
    persons: dict[str, PersonRow] = {}
    for day in conference["days"]:
        days.append(_day(day["date"], day["day_start"], day["day_end"]))
        for room, items in day["rooms"].items():
            for item in items:
                roles = []
                for person in item.get("persons", []):
                    row = _person(
                        person.get("guid") or person.get("id"),
                        person.get("public_name") or person.get("name") or "",
                        person.get("biography") or "",
                    )
                    persons.setdefault(row.key, row)
                    roles.append((row.key, _role(person.get("role"))))
                sessions.append(
                    _session(
                        guid=item["guid"],
                        title=item["title"],
                        kind=item.get("type"),
                        moment=item["date"],
                        duration=item["duration"],
                        room=item.get("room") or room,
                        texts=(item.get("abstract"), item.get("description")),
                        language=item.get("language"),
                        roles=roles,
                    )
                )
    rooms = [r["name"] for r in conference.get("rooms", [])]
    return _schedule(conference, zone, days, sessions, persons, rooms)


def _from_xml(text: bytes) -> ScheduleFile:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(text, parser)
    except etree.XMLSyntaxError as error:
        raise ScheduleFileError(_not_a_schedule()) from error
    if root.tag != "schedule" or root.find("conference") is None:
        raise ScheduleFileError(_not_a_schedule())
    schema = _xml_schema()
    if not schema.validate(root):
        first = schema.error_log[0]
        raise _invalid(f"line {first.line}", first.message)
    conf = root.find("conference")
    conference = {tag: conf.findtext(tag) or "" for tag in ("title", "acronym", "start", "end")}
    zone = _zone(conf.findtext("time_zone_name"))
    days: list[_Day] = []
    sessions: list[SessionRow] = []
    persons: dict[str, PersonRow] = {}
    rooms: list[str] = []
    for day in root.findall("day"):
        days.append(_day(day.get("date", ""), day.get("start", ""), day.get("end", "")))
        for room in day.findall("room"):
            rooms.append(room.get("name", ""))
            for item in room.findall("event"):
                roles = []
                for person in item.findall("persons/person"):
                    row = _person(person.get("guid") or person.get("id"), person.text or "", "")
                    persons.setdefault(row.key, row)
                    roles.append((row.key, SpeakerRole.SPEAKER))
                sessions.append(
                    _session(
                        guid=item.get("guid", ""),
                        title=item.findtext("title") or "",
                        kind=item.findtext("type"),
                        moment=item.findtext("date") or "",
                        duration=item.findtext("duration") or "",
                        room=item.findtext("room") or room.get("name", ""),
                        texts=(item.findtext("abstract"), item.findtext("description")),
                        language=item.findtext("language"),
                        roles=roles,
                    )
                )
    return _schedule(conference, zone, days, sessions, persons, rooms)


def _zone(name: object) -> str:
    if not name:
        raise ScheduleFileError(
            _l(
                "The schedule names no time zone (time_zone_name). Add the IANA name, e.g. "
                "Africa/Casablanca, to its conference part."
            )
        )
    if name not in available_timezones():
        raise ScheduleFileError(
            _l(
                "The time zone %(zone)s is unknown. Use an IANA name such as Africa/Casablanca.",
                zone=str(name)[:60],
            )
        )
    return str(name)


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ScheduleFileError(
            _l("The time %(value)s has no UTC offset; export the file again.", value=value[:40])
        )
    return moment.astimezone(UTC)


def _day(day: str, start: str, end: str) -> _Day:
    return _Day(date.fromisoformat(day), _moment(start), _moment(end))


def _person(key: object, name: str, bio: str) -> PersonRow:
    name = " ".join(name.split())
    return PersonRow(key=str(key) if key else f"name:{name}", name=name, bio=bio.strip())


def _role(value: object) -> SpeakerRole:
    """Summit's own feed names each person's role; other tools' persons are speakers."""
    known = {role.value: role for role in SpeakerRole}
    return known.get(str(value), SpeakerRole.SPEAKER)


def _session(
    *,
    guid: str,
    title: str,
    kind: str | None,
    moment: str,
    duration: str,
    room: str,
    texts: tuple[str | None, str | None],
    language: str | None,
    roles: list[tuple[str, SpeakerRole]],
) -> SessionRow:
    match = DURATION.match(duration or "")
    if match is None:
        raise _invalid(title[:60], f"duration {duration!r}")
    length = timedelta(hours=int(match[1]), minutes=int(match[2]), seconds=int(match[3] or 0))
    starts_at = _moment(moment)
    # Abstract first, then the longer description when it says something else.
    abstract, description = ((t or "").strip() for t in texts)
    body = "\n\n".join(t for t in dict.fromkeys((abstract, description)) if t)
    return SessionRow(
        guid=guid,
        title=" ".join(title.split()),
        kind=KINDS.get((kind or "").strip().lower(), SessionKind.TALK),
        starts_at=starts_at,
        ends_at=starts_at + length,
        room=room.strip(),
        description=body,
        language=(language or "").strip()[:8],
        persons=tuple(dict.fromkeys(roles)),
    )


def _schedule(
    conference: dict[str, Any],
    zone: str,
    days: list[_Day],
    sessions: list[SessionRow],
    persons: dict[str, PersonRow],
    rooms: list[str],
) -> ScheduleFile:
    ordered = sorted(days, key=lambda d: d.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end or after.date == before.date:
            raise ScheduleFileError(
                _l(
                    "Days %(first)s and %(second)s overlap. Each day must end before the next "
                    "one starts.",
                    first=before.date.isoformat(),
                    second=after.date.isoformat(),
                )
            )
    guids = [s.guid for s in sessions]
    if len(set(guids)) != len(guids):
        raise ScheduleFileError(_l("Two sessions share one guid; each needs its own."))
    return ScheduleFile(
        title=" ".join(str(conference["title"]).split()),
        acronym=str(conference["acronym"]),
        timezone=zone,
        start_date=date.fromisoformat(str(conference["start"])[:10]),
        end_date=date.fromisoformat(str(conference["end"])[:10]),
        rooms=tuple(dict.fromkeys([*rooms, *(s.room for s in sessions if s.room)])),
        sessions=tuple(sorted(sessions, key=lambda s: (s.starts_at, s.room, s.guid))),
        persons=persons,
    )

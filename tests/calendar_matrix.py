"""The client matrix: Summit's calendar files read by four independent parsers.

Each parser computes the UTC instant of every VEVENT from the file alone, the way a real
client does; a session is wrong when any parser's instant differs from the stored one.

- ``icalendar (VTIMEZONE)``: icalendar reads the file, but local times are placed with the
  file's own VTIMEZONE (``Timezone.to_tz(lookup_tzid=False)``), never with zoneinfo, as
  Thunderbird, Outlook and libical-based clients do.
- ``vobject``: places local times with the VTIMEZONE it parsed (dateutil's tzical); its
  process-wide registry of zones is emptied before each file.
- ``ical.js`` (Mozilla's parser, 2.2.1) and ``node-ical``, run by Node from tests/node.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

import icalendar
import vobject

NODE_DIR = Path(__file__).parent / "node"
PARSERS = ("icalendar (VTIMEZONE)", "vobject", "ical.js", "node-ical")

Instants = dict[str, tuple[datetime, datetime]]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# Each case: the zone and the UTC instants at which its offset changes (from `zdump -v`),
# or, for zones without changes, instants where a wrong VTIMEZONE would invent one.
CASES: dict[str, tuple[str, list[datetime]]] = {
    "Casablanca Ramadan 2025": ("Africa/Casablanca", [utc(2025, 2, 23, 2), utc(2025, 4, 6, 2)]),
    "Casablanca Ramadan 2026": ("Africa/Casablanca", [utc(2026, 2, 15, 2), utc(2026, 3, 22, 2)]),
    "Casablanca Ramadan 2027": ("Africa/Casablanca", [utc(2027, 2, 7, 2), utc(2027, 3, 14, 2)]),
    "Paris 2025": ("Europe/Paris", [utc(2025, 3, 30, 1), utc(2025, 10, 26, 1)]),
    "New York 2025": ("America/New_York", [utc(2025, 3, 9, 7), utc(2025, 11, 2, 6)]),
    "Lord Howe 2025": ("Australia/Lord_Howe", [utc(2025, 4, 5, 15), utc(2025, 10, 4, 15, 30)]),
    # Iran kept no DST after 2022: its former change dates must stay at +03:30.
    "Tehran 2025": ("Asia/Tehran", [utc(2025, 3, 21, 20, 30), utc(2025, 9, 21, 19, 30)]),
    "UTC 2025": ("UTC", [utc(2025, 3, 30, 1), utc(2025, 10, 26, 1)]),
}

# Sessions around each change: the day before, just before, across it, just after (in the
# hour that repeats when clocks go back), a few hours later, the next day.
AROUND = [
    timedelta(hours=-25),
    timedelta(minutes=-90),
    timedelta(minutes=-30),
    timedelta(minutes=30),
    timedelta(hours=3),
    timedelta(hours=25),
]
LENGTH = timedelta(minutes=45)


def session_starts(change: datetime) -> list[datetime]:
    return [change + offset for offset in AROUND]


def event_dates(change: datetime) -> tuple[date, date]:
    """A three-day event around one change (events last at most a few weeks)."""
    return (change - timedelta(days=2)).date(), (change + timedelta(days=2)).date()


def _icalendar_own_vtimezone(data: bytes) -> Instants:
    calendar = icalendar.Calendar.from_ical(data)
    zones = {
        str(component["TZID"]): component.to_tz(lookup_tzid=False)
        for component in calendar.walk("VTIMEZONE")
    }

    def instant(prop: Any) -> datetime:
        value = prop.dt
        tzid = prop.params.get("TZID")
        if tzid is not None:
            # Drop the zoneinfo zone icalendar attached and use the file's VTIMEZONE.
            value = value.replace(tzinfo=None).replace(tzinfo=zones[tzid])
        assert value.tzinfo is not None, "floating time"
        return value.astimezone(UTC)

    return {
        str(event["UID"]): (instant(event["DTSTART"]), instant(event["DTEND"]))
        for event in calendar.walk("VEVENT")
    }


def _vobject(data: bytes) -> Instants:
    # vobject keeps the first VTIMEZONE it sees for a TZID for the life of the process;
    # forget earlier files so this one is read with its own VTIMEZONE, as by a new client.
    getattr(vobject.icalendar, "__tzidMap").clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    calendar = vobject.readOne(data.decode())
    return {
        event.uid.value: (
            event.dtstart.value.astimezone(UTC),
            event.dtend.value.astimezone(UTC),
        )
        for event in getattr(calendar, "vevent_list", [])
    }


def _node(files: Mapping[str, bytes], folder: Path) -> dict[str, dict[str, Instants]]:
    node = shutil.which("node")
    assert node is not None, "Node is needed: scripts/system-deps test installs it"
    assert (NODE_DIR / "node_modules").exists(), "run: npm ci --prefix tests/node"
    paths = {}
    for index, (name, data) in enumerate(files.items()):
        path = folder / f"{index}.ics"
        path.write_bytes(data)
        paths[str(path)] = name
    output = subprocess.run(
        [node, str(NODE_DIR / "parse_calendars.mjs"), *paths],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    parsed: dict[str, dict[str, Any]] = json.loads(output)
    result: dict[str, dict[str, Instants]] = {}
    for path, by_parser in parsed.items():
        for parser, events in by_parser.items():
            if isinstance(events, dict):  # {"error": ...}: the parser refused the file
                result.setdefault(parser, {})[paths[path]] = {}
                continue
            result.setdefault(parser, {})[paths[path]] = {
                e["uid"]: (_js_date(e["start"]), _js_date(e["end"])) for e in events
            }
    return result


def _js_date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def parse_everywhere(files: Mapping[str, bytes], folder: Path) -> dict[str, dict[str, Instants]]:
    """parser → file name → UID → (start, end) in UTC."""
    result: dict[str, dict[str, Instants]] = {
        "icalendar (VTIMEZONE)": {name: _icalendar_own_vtimezone(d) for name, d in files.items()},
        "vobject": {name: _vobject(d) for name, d in files.items()},
    }
    result.update(_node(files, folder))
    return result


def wrong_instants(
    files: Mapping[str, bytes], expected: Mapping[str, Instants], folder: Path
) -> dict[str, list[str]]:
    """parser → one line per session whose start or end is wrong (or missing) in a file."""
    wrong: dict[str, list[str]] = {parser: [] for parser in PARSERS}
    for parser, by_file in parse_everywhere(files, folder).items():
        for name, want in expected.items():
            got = by_file.get(name, {})
            for uid, times in want.items():
                if got.get(uid) != times:
                    wrong[parser].append(f"{name} {uid}: expected {times}, got {got.get(uid)}")
    return wrong


def rfc5545_faults(data: bytes, titles: Mapping[str, str]) -> list[str]:
    """Breaches of RFC 5545 3.1 and 3.3.11 in one file: CRLF line ends, lines of at most
    75 octets that each hold whole UTF-8 characters, and TEXT escaping (every SUMMARY,
    read back by icalendar and vobject, equals the stored title)."""
    faults = []
    if not data.endswith(b"\r\n"):
        faults.append("the file does not end with CRLF")
    if data.count(b"\n") != data.count(b"\r\n") or data.count(b"\r") != data.count(b"\r\n"):
        faults.append("a line ends without CRLF")
    for number, line in enumerate(data.split(b"\r\n"), start=1):
        if len(line) > 75:
            faults.append(f"line {number} has {len(line)} octets")
        try:
            line.decode()
        except UnicodeDecodeError:
            faults.append(f"line {number} splits a UTF-8 character")
    read = {
        "icalendar": {
            str(e["UID"]): str(e["SUMMARY"])
            for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        },
        "vobject": {
            e.uid.value: e.summary.value
            for e in getattr(vobject.readOne(data.decode()), "vevent_list", [])
        },
    }
    for parser, summaries in read.items():
        for uid, summary in summaries.items():
            if titles.get(uid) != summary:
                faults.append(f"{parser} read SUMMARY {summary!r} for {uid}")
    return faults

"""Writing iCalendar content lines (RFC 5545 3.1 and 3.3.11) quickly.

The icalendar library builds a typed object per property and looks up equivalent
timezone ids for every date-time; for a 240-session agenda that alone took 75–130 ms.
Sessions are written here with plain string formatting (the VTIMEZONE in
:mod:`summit.exports.vtimezone`), and the tests parse every file back with icalendar,
vobject, ical.js and node-ical (tests/calendar_matrix.py).
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from zoneinfo import ZoneInfo

_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped."""
    return value.translate(_ESCAPES)


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts = []
    start = 0
    limit = 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        # Never cut inside a multi-byte character: continuation bytes are 0b10xxxxxx.
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode())
        start = end
        limit = 74  # continuation lines start with one space
    return "\r\n ".join(parts)


def utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y%m%dT%H%M%S")

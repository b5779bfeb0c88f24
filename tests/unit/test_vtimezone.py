from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from summit.exports.vtimezone import follows_one_yearly_rule
from summit.exports.vtimezone import transitions
from summit.exports.vtimezone import vtimezone


def blocks(text: str) -> list[dict[str, str]]:
    found = re.findall(r"BEGIN:(STANDARD|DAYLIGHT)\r\n(.*?)END:\1", text, re.S)
    return [
        {"KIND": kind, **dict(line.split(":", 1) for line in body.split("\r\n") if line)}
        for kind, body in found
    ]


def test_casablanca_has_every_ramadan_change_of_2025_to_2027_at_its_exact_local_time() -> None:
    # `zdump -v Africa/Casablanca`: +01 → +00 and back at 02:00 UTC on these Sundays.
    text = vtimezone("Africa/Casablanca", 2025, 2027)
    onsets = [(b["DTSTART"], b["TZOFFSETFROM"], b["TZOFFSETTO"]) for b in blocks(text)[1:]]
    assert onsets == [
        ("20250223T030000", "+0100", "+0000"),
        ("20250406T020000", "+0000", "+0100"),
        ("20260215T030000", "+0100", "+0000"),
        ("20260322T020000", "+0000", "+0100"),
        ("20270207T030000", "+0100", "+0000"),
        ("20270314T020000", "+0000", "+0100"),
    ]
    assert "RDATE" not in text and "RRULE" not in text
    assert text.startswith("BEGIN:VTIMEZONE\r\nTZID:Africa/Casablanca\r\n")


def test_clocks_forward_is_dated_at_the_wall_time_before_the_change() -> None:
    # Paris: 01:00 UTC on 30 March 2025 is 02:00 CET, the moment clocks jump to 03:00.
    paris = blocks(vtimezone("Europe/Paris", 2025, 2025))
    assert paris[0] == {
        "KIND": "STANDARD",
        "DTSTART": "20250101T010000",
        "TZOFFSETFROM": "+0100",
        "TZOFFSETTO": "+0100",
        "TZNAME": "CET",
    }
    assert paris[1] == {
        "KIND": "DAYLIGHT",
        "DTSTART": "20250330T020000",
        "TZOFFSETFROM": "+0100",
        "TZOFFSETTO": "+0200",
        "TZNAME": "CEST",
    }
    assert paris[2]["DTSTART"] == "20251026T030000" and paris[2]["TZOFFSETTO"] == "+0100"


def test_lord_howe_moves_half_an_hour() -> None:
    howe = blocks(vtimezone("Australia/Lord_Howe", 2025, 2025))
    assert [(b["DTSTART"], b["TZOFFSETTO"]) for b in howe[1:]] == [
        ("20250406T020000", "+1030"),
        ("20251005T020000", "+1100"),
    ]


@pytest.mark.parametrize(
    "tzid", ["Africa/Casablanca", "Europe/Paris", "America/New_York", "Asia/Tehran", "UTC"]
)
def test_offsets_between_changes_are_exactly_zoneinfos(tzid: str) -> None:
    zone = ZoneInfo(tzid)
    for change in transitions(tzid, 2020, 2028):
        before = change.at - timedelta(seconds=1)
        assert before.astimezone(zone).utcoffset() == change.offset_from
        assert change.at.astimezone(zone).utcoffset() == change.offset_to


def test_a_zone_without_changes_is_one_standard_block() -> None:
    assert [b["TZOFFSETTO"] for b in blocks(vtimezone("Asia/Tehran", 2024, 2026))] == ["+0330"]
    assert transitions("UTC", 2024, 2026) == ()


@pytest.mark.parametrize(
    ("tzid", "regular"),
    [
        ("Europe/Paris", True),
        ("America/New_York", True),
        ("Australia/Lord_Howe", True),
        ("Asia/Tehran", True),
        ("UTC", True),
        ("Africa/Casablanca", False),
    ],
)
def test_only_zones_that_follow_a_yearly_rule_are_said_to(tzid: str, regular: bool) -> None:
    assert follows_one_yearly_rule(tzid, 2024, 2027) is regular

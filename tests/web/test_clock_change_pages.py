"""Pages on a day when the clocks change: never one offset for the whole day."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import make_event
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker


def ramadan_starts() -> tuple[Any, Any, Any]:
    # 23 February 2025, Casablanca: at 03:00 (+01) the clocks go back to 02:00 (+00).
    event = make_event(
        published=True,
        start_date=date(2025, 2, 23),
        end_date=date(2025, 2, 23),
        timezone="Africa/Casablanca",
    )
    early = make_session(event, day=date(2025, 2, 23), start=time(1), end=time(1, 45))
    late = make_session(event, day=date(2025, 2, 23), start=time(10), end=time(11))
    return event, early, late


def test_the_day_header_names_both_offsets_and_each_session_its_own(
    app: Flask, client: FlaskClient
) -> None:
    event, early, late = ramadan_starts()
    assert early.starts_at == datetime(2025, 2, 23, 0, tzinfo=UTC)
    assert late.starts_at == datetime(2025, 2, 23, 10, tzinfo=UTC)
    page = client.get(f"/events/{event.slug}/schedule/").get_data(as_text=True)
    page = page.replace("\u202f", " ")
    assert '2025 <span class="muted">(UTC+01:00 → UTC+00:00)</span>' in page
    assert '1:45 AM</time> <span class="muted">(UTC+01:00)</span>' in page
    assert '11:00 AM</time> <span class="muted">(UTC+00:00)</span>' in page
    assert "(UTC+00:00)</span></h2>" not in page  # no single offset for the day


def test_a_speaker_page_across_the_change_gives_each_session_its_offset(
    app: Flask, client: FlaskClient
) -> None:
    event, early, late = ramadan_starts()
    speaker = make_speaker(event, "Amina Benali")
    give_role(event, early, speaker)
    give_role(event, late, speaker)
    page = client.get(f"/events/{event.slug}/speakers/{speaker.id}/").get_data(as_text=True)
    page = page.replace("\u202f", " ")
    assert "each session shows its own" in page
    assert "All times are in Africa/Casablanca" not in page
    assert '1:45 AM</time> <span class="muted">(UTC+01:00)</span>' in page
    assert '11:00 AM</time> <span class="muted">(UTC+00:00)</span>' in page


def test_an_event_with_one_offset_shows_it_once(app: Flask, client: FlaskClient) -> None:
    event = make_event(published=True, start_date=date(2024, 12, 12), end_date=date(2024, 12, 12))
    make_session(event, day=date(2024, 12, 12), start=time(10), end=time(11))
    page = client.get(f"/events/{event.slug}/schedule/").get_data(as_text=True)
    assert "All times are in Casablanca (\u2066UTC+01:00\u2069)." in page
    assert '<span class="muted">(UTC' not in page

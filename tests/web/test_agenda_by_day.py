"""Large events: the agenda one day per page and the speakers in pages, whole on request."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from summit.events.models import Event
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from summit.schedule.viewmodels import DAY_PAGES_FROM
from summit.schedule.viewmodels import SPEAKER_PAGE_SIZE
from summit.schedule.viewmodels import SPEAKER_PAGES_FROM
from summit.schedule.viewmodels import AgendaPage
from summit.schedule.viewmodels import SpeakerPage
from summit.schedule.viewmodels import agenda_page
from summit.schedule.viewmodels import speaker_page
from summit.schedule.viewmodels import speaker_pages
from tests.export_factories import make_speaker
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_room

DAYS = [date(2024, 12, 12), date(2024, 12, 13), date(2024, 12, 14)]


def add_sessions(event: Event, per_day: int) -> None:
    room = make_room(event, "Salle 1")
    speaker = make_speaker(event, "Imane Kendili")
    for day in DAYS:
        for n in range(per_day):
            starts = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(
                minutes=5 * n
            )
            session = Session(
                event=event,
                kind=SessionKind.TALK,
                title=f"Talk {day.day}-{n:03d}",
                room=room,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=5),
                created_at=NOW,
                updated_at=NOW,
            )
            session.roles.append(SessionRole(speaker=speaker, role=SpeakerRole.SPEAKER))
            db.session.add(session)
    db.session.commit()


@pytest.fixture
def congress(app: Flask) -> Event:
    event = make_event(published=True, start_date=DAYS[0], end_date=DAYS[-1])
    add_sessions(event, DAY_PAGES_FROM // 3 + 10)
    return event


def titles(html: str) -> set[str]:
    return set(re.findall(r"Talk \d+-\d+", html))


def test_a_large_event_shows_its_first_day_with_links_to_every_day_and_the_whole_agenda(
    client: FlaskClient, congress: Event
) -> None:
    page = client.get(f"/events/{congress.slug}/schedule/").get_data(as_text=True)
    assert titles(page) and all(t.startswith("Talk 12-") for t in titles(page))
    nav = page[page.index('class="agenda-days"') :]
    for day in DAYS:
        assert f"day={day.isoformat()}" in nav
    assert 'day=all"' in nav and "Whole agenda" in nav
    assert re.search(r'day=2024-12-12"\s+aria-current="page"', nav)


def test_each_day_has_its_page_and_the_whole_agenda_has_every_session(
    client: FlaskClient, congress: Event
) -> None:
    base = f"/events/{congress.slug}/schedule/"
    second = titles(client.get(f"{base}?day=2024-12-13").get_data(as_text=True))
    assert second and all(t.startswith("Talk 13-") for t in second)
    whole = client.get(f"{base}?day=all").get_data(as_text=True)
    assert len(titles(whole)) == 3 * (DAY_PAGES_FROM // 3 + 10)
    assert re.search(r'day=all"\s+aria-current="page"', whole)
    for nonsense in ("2031-01-01", "yesterday", ""):
        page = client.get(f"{base}?day={nonsense}").get_data(as_text=True)
        assert all(t.startswith("Talk 12-") for t in titles(page))


def test_a_day_keeps_the_room_and_language_filters(client: FlaskClient, congress: Event) -> None:
    room_id = congress.rooms[0].id
    page = client.get(f"/events/{congress.slug}/schedule/?day=2024-12-14&room={room_id}").get_data(
        as_text=True
    )
    assert all(t.startswith("Talk 14-") for t in titles(page))
    assert 'name="day" value="2024-12-14"' in page
    assert f"day=2024-12-13&amp;room={room_id}" in page


def test_a_small_event_keeps_its_agenda_on_one_page(client: FlaskClient, app: Flask) -> None:
    event = make_event(published=True, start_date=DAYS[0], end_date=DAYS[-1])
    add_sessions(event, 3)
    page = client.get(f"/events/{event.slug}/schedule/").get_data(as_text=True)
    assert len(titles(page)) == 9
    assert 'class="agenda-days"' not in page


def test_a_day_page_costs_the_same_queries_however_large_the_event(
    make_app: Callable[..., Flask], count_queries: Any
) -> None:
    app = make_app(SCHEDULE_FRAGMENT_CACHE=False)
    counts = []
    with app.app_context():
        for per_day in (DAY_PAGES_FROM // 3 + 1, DAY_PAGES_FROM):
            event = make_event(published=True, start_date=DAYS[0], end_date=DAYS[-1])
            add_sessions(event, per_day)
            client = app.test_client()
            with count_queries() as queries:
                assert (
                    client.get(f"/events/{event.slug}/schedule/?day=2024-12-13").status_code == 200
                )
            counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("scheduled", "asked", "today", "expected"),
    [
        (DAY_PAGES_FROM, "", DAYS[0], AgendaPage(False, None)),
        (DAY_PAGES_FROM + 1, "", date(2020, 1, 1), AgendaPage(True, DAYS[0])),
        (DAY_PAGES_FROM + 1, "", DAYS[1], AgendaPage(True, DAYS[1])),
        (DAY_PAGES_FROM + 1, "2024-12-14", DAYS[1], AgendaPage(True, DAYS[2])),
        (DAY_PAGES_FROM + 1, "all", DAYS[1], AgendaPage(True, None)),
        (DAY_PAGES_FROM + 1, "2024-13-45", DAYS[0], AgendaPage(True, DAYS[0])),
    ],
)
def test_the_page_shown_for_each_day_argument(
    scheduled: int, asked: str, today: date, expected: AgendaPage
) -> None:
    assert agenda_page(DAYS, scheduled, asked, today) == expected


def test_a_one_day_event_is_never_split() -> None:
    assert agenda_page(DAYS[:1], 5000, "all", DAYS[0]) == AgendaPage(False, None)


def add_speakers(event: Event, count: int) -> None:
    """``count`` speakers on one scheduled panel (only they are public)."""
    starts = datetime(DAYS[0].year, DAYS[0].month, DAYS[0].day, 8, tzinfo=UTC)
    panel = Session(
        event=event,
        kind=SessionKind.ROUND_TABLE,
        title="Everyone",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        created_at=NOW,
        updated_at=NOW,
    )
    for n in range(count):
        speaker = Speaker(event=event, name=f"Speaker {n:04d}", created_at=NOW, updated_at=NOW)
        panel.roles.append(SessionRole(speaker=speaker, role=SpeakerRole.PANELIST, position=n))
    db.session.add(panel)
    db.session.commit()


def speaker_names_on(html: str) -> list[str]:
    return re.findall(r'/">(Speaker \d{4})</a></h2>', html)


def test_a_long_speaker_list_is_served_in_pages_and_whole_on_request(
    client: FlaskClient, app: Flask
) -> None:
    event = make_event(published=True)
    add_speakers(event, SPEAKER_PAGES_FROM + 10)
    base = f"/events/{event.slug}/speakers/"
    first = client.get(base).get_data(as_text=True)
    assert speaker_names_on(first) == [f"Speaker {n:04d}" for n in range(SPEAKER_PAGE_SIZE)]
    assert "Speaker 0000 to Speaker 0199" in first and "Speaker 0200 to Speaker 0309" in first
    assert re.search(r'page=1"\s+aria-current="page"', first)
    second = speaker_names_on(client.get(f"{base}?page=2").get_data(as_text=True))
    assert second == [f"Speaker {n:04d}" for n in range(SPEAKER_PAGE_SIZE, SPEAKER_PAGES_FROM + 10)]
    whole = client.get(f"{base}?page=all").get_data(as_text=True)
    assert len(speaker_names_on(whole)) == SPEAKER_PAGES_FROM + 10
    assert speaker_names_on(client.get(f"{base}?page=99").get_data(as_text=True))[0] == (
        "Speaker 0000"
    )


def test_a_short_speaker_list_is_one_page(client: FlaskClient, app: Flask) -> None:
    event = make_event(published=True)
    add_speakers(event, 5)
    page = client.get(f"/events/{event.slug}/speakers/?page=2").get_data(as_text=True)
    assert len(speaker_names_on(page)) == 5
    assert "Pages of the speaker list" not in page


@pytest.mark.parametrize(
    ("count", "asked", "expected"),
    [
        (SPEAKER_PAGES_FROM, "2", SpeakerPage(False, None)),
        (SPEAKER_PAGES_FROM + 1, "", SpeakerPage(True, 1)),
        (SPEAKER_PAGES_FROM + 1, "2", SpeakerPage(True, 2)),
        (SPEAKER_PAGES_FROM + 1, "3", SpeakerPage(True, 1)),
        (SPEAKER_PAGES_FROM + 1, "all", SpeakerPage(True, None)),
        (SPEAKER_PAGES_FROM + 1, "-1", SpeakerPage(True, 1)),
    ],
)
def test_the_speaker_page_for_each_argument(count: int, asked: str, expected: SpeakerPage) -> None:
    assert speaker_page(count, asked) == expected


def test_speaker_pages_are_named_by_their_first_and_last_speaker() -> None:
    names = [f"n{i}" for i in range(SPEAKER_PAGE_SIZE + 1)]
    assert speaker_pages(names) == [
        (1, "n0", f"n{SPEAKER_PAGE_SIZE - 1}"),
        (2, f"n{SPEAKER_PAGE_SIZE}", f"n{SPEAKER_PAGE_SIZE}"),
    ]


def test_a_speaker_list_page_costs_the_same_queries_however_long_the_list(
    make_app: Callable[..., Flask], count_queries: Any
) -> None:
    app = make_app(SCHEDULE_FRAGMENT_CACHE=False)
    counts = []
    with app.app_context():
        for speakers in (SPEAKER_PAGES_FROM + 10, 3 * SPEAKER_PAGE_SIZE):
            event = make_event(published=True)
            add_speakers(event, speakers)
            client = app.test_client()
            per_page = []
            for page in ("1", "2", "all"):
                with count_queries() as queries:
                    response = client.get(f"/events/{event.slug}/speakers/?page={page}")
                assert response.status_code == 200
                per_page.append(len(queries))
            counts.append(per_page)
    assert counts[0] == counts[1]
    # 7: the page is English, a language of the (French) event besides its main one, so its
    # translations are read once (tests/web/test_translated_content.py).
    assert max(counts[0]) <= 7

"""The event form helps instead of staying silent: a slug from the title, common time
zones first, a word about past dates."""

from __future__ import annotations

import re
from datetime import date
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.events.models import Event
from summit.events.slugs import slug_from_title
from summit.extensions import db
from tests.conftest import AuthActions
from tests.factories import make_event
from tests.factories import make_organizer
from tests.web.test_event_setup import VALID

FUTURE = {"start_date": "2031-03-14", "end_date": "2031-03-15"}


@pytest.fixture
def organizer(auth: AuthActions) -> Any:
    organizer = make_organizer("salma@example.org")
    auth.login("salma@example.org")
    return organizer


def create(client: FlaskClient, **changes: Any) -> Event:
    response = client.post("/manage/events/new", data={**VALID, **FUTURE, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)
    event_id = int(response.headers["Location"].split("/")[-2])
    return db.session.get(Event, event_id)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Sommet Bien-être & Santé mentale 2031", "sommet-bien-etre-sante-mentale-2031"),
        ("Cœur à cœur : l'été des étudiants", "coeur-a-coeur-l-ete-des-etudiants"),
        ("ملتقى الصحة النفسية ٢٠٣١", "event-2031"),
        ("ملتقى الصحة النفسية", "event-2031-03-14"),
    ],
)
def test_a_slug_left_empty_is_made_from_the_title(
    client: FlaskClient, organizer: Any, title: str, slug: str
) -> None:
    event = create(client, title=title, slug="")
    assert event.slug == slug


def test_a_proposed_slug_already_taken_gets_a_number(client: FlaskClient, organizer: Any) -> None:
    make_event(organizer, slug="forum-jeunesse")
    assert create(client, title="Forum Jeunesse", slug="").slug == "forum-jeunesse-2"
    assert create(client, title="Forum jeunesse!", slug="").slug == "forum-jeunesse-3"


def test_a_slug_cannot_be_emptied_when_editing(client: FlaskClient, organizer: Any) -> None:
    event = make_event(organizer)
    response = client.post(
        f"/manage/events/{event.id}/edit",
        data={**VALID, "slug": "", "start_date": "2024-12-12", "end_date": "2024-12-12"},
    )
    assert response.status_code == 200
    assert "Choose a short web address, e.g. casablanca-2024." in response.get_data(as_text=True)
    db.session.refresh(event)
    assert event.slug.startswith("wellbeing-summit-")


def test_the_slugs_long_titles_give_stay_valid() -> None:
    slug = slug_from_title("Très " * 40, date(2031, 1, 1))
    assert len(slug) <= 80 and not slug.endswith("-")


def test_past_dates_are_saved_with_a_warning(client: FlaskClient, organizer: Any) -> None:
    response = client.post(
        "/manage/events/new",
        data={**VALID, "start_date": "2020-03-14", "end_date": "2020-03-15"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Event created as a draft" in page
    assert (
        '<p class="flash flash-warning">Saved, but the event&#39;s dates are in the past'
        " (it ended on 2020-03-15). Correct them if that is a mistake.</p>" in page
    )
    assert db.session.execute(select(Event)).scalar_one().start_date == date(2020, 3, 14)


def test_future_dates_and_untouched_past_dates_give_no_warning(
    client: FlaskClient, organizer: Any
) -> None:
    page = client.post(
        "/manage/events/new", data={**VALID, **FUTURE}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Event created as a draft" in page and "flash-warning" not in page
    archived = make_event(organizer)  # held on 2024-12-12, before the tests' clock
    page = client.post(
        f"/manage/events/{archived.id}/edit",
        data={**VALID, "slug": archived.slug, "start_date": "2024-12-12", "end_date": "2024-12-12"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Event saved." in page and "flash-warning" not in page


def test_moving_an_event_to_a_started_date_warns(client: FlaskClient, organizer: Any) -> None:
    event = make_event(organizer, start_date=date(2031, 1, 10), end_date=date(2031, 1, 10))
    started = date.today() - timedelta(days=3)  # the views use the real clock
    ends = date.today() + timedelta(days=3)
    page = client.post(
        f"/manage/events/{event.id}/edit",
        data={**VALID, "slug": event.slug, "start_date": started, "end_date": ends},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert f"Saved, but the start date ({started}) is in the past." in page


def options(page: str, group: str) -> list[str]:
    block = page.split(f'<optgroup label="{group}">')[1].split("</optgroup>")[0]
    return re.findall(r'value="([^"]*)"', block)


def test_the_time_zones_of_the_events_country_come_first(
    client: FlaskClient, organizer: Any
) -> None:
    event = make_event(organizer, country="FR", timezone="Europe/Paris")
    page = client.get(f"/manage/events/{event.id}/edit").get_data(as_text=True)
    common = options(page, "Common time zones")
    assert common[:2] == ["Europe/Paris", "Africa/Casablanca"]
    assert "UTC" in common
    everything = options(page, "All time zones")
    assert "America/Argentina/Buenos_Aires" in everything
    assert "Europe/Paris" not in everything
    for alias in ("America/Buenos_Aires", "Asia/Calcutta", "US/Eastern", "Etc/GMT+3"):
        assert alias not in everything


def test_a_new_event_offers_the_common_zones_first(client: FlaskClient, organizer: Any) -> None:
    page = client.get("/manage/events/new").get_data(as_text=True)
    assert options(page, "Common time zones")[:3] == [
        "Africa/Casablanca",
        "Europe/Paris",
        "Europe/London",
    ]


def test_an_event_on_an_old_zone_alias_can_still_be_saved(
    client: FlaskClient, organizer: Any
) -> None:
    event = make_event(organizer, country="IN", timezone="Asia/Calcutta")
    data = {**VALID, "slug": event.slug, "country": "IN", "timezone": "Asia/Calcutta"}
    data.update(start_date="2024-12-12", end_date="2024-12-12")
    response = client.post(f"/manage/events/{event.id}/edit", data=data)
    assert response.status_code == 302


def test_only_the_new_event_form_says_an_empty_slug_is_made_from_the_title(
    client: FlaskClient, organizer: Any
) -> None:
    hint = "Left empty, it is made from the title."
    assert hint in client.get("/manage/events/new").get_data(as_text=True)
    event = make_event(organizer)
    assert hint not in client.get(f"/manage/events/{event.id}/edit").get_data(as_text=True)


def test_the_country_list_has_no_pseudo_regions(client: FlaskClient, organizer: Any) -> None:
    page = client.get("/manage/events/new").get_data(as_text=True)
    countries = page.split('id="country"')[1].split("</select>")[0]
    assert '<option value="MA">Morocco</option>' in countries
    assert '<option value="XK">Kosovo</option>' in countries
    for name in ("Pseudo-Accents", "Pseudo-Bidi", "Eurozone", "Unknown Region", "United Nations"):
        assert name not in countries

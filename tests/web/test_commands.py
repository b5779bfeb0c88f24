from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.auth.services import authenticate
from summit.demo.seed import DEMO_EMAIL
from summit.demo.seed import DEMO_PASSWORD
from summit.demo.seed import DEMO_SLUG
from summit.events.models import Event
from summit.events.models import Partner
from summit.events.models import Room
from summit.extensions import db
from tests.conftest import visitor_get


def count(model: Any) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_create_organizer_reads_the_password_from_stdin(app: Flask, runner: Any) -> None:
    result = runner.invoke(
        args=["create-organizer", "Nadia@Example.org"], input="a good password\n"
    )
    assert result.exit_code == 0, result.output
    assert authenticate("nadia@example.org", "a good password") is not None


def test_create_organizer_refuses_short_passwords_and_duplicates(app: Flask, runner: Any) -> None:
    result = runner.invoke(args=["create-organizer", "nadia@example.org"], input="short\n")
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    runner.invoke(args=["create-organizer", "nadia@example.org"], input="a good password\n")
    result = runner.invoke(args=["create-organizer", "NADIA@example.org"], input="another pass!\n")
    assert result.exit_code != 0
    assert "exists" in result.output
    assert count(Organizer) == 1


def test_seed_demo_creates_the_casablanca_summit_once(app: Flask, runner: Any, client: Any) -> None:
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert DEMO_EMAIL in first.output and DEMO_PASSWORD in first.output
    counts = (count(Event), count(Room), count(Partner), count(Organizer))
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert (count(Event), count(Room), count(Partner), count(Organizer)) == counts == (1, 2, 3, 1)
    event = db.session.execute(select(Event)).scalar_one()
    assert (event.city, event.timezone, event.main_language) == (
        "Casablanca",
        "Africa/Casablanca",
        "fr",
    )
    page = client.get(f"/events/{DEMO_SLUG}/?lang=fr").get_data(as_text=True)
    assert "Sommet sur la santé mentale" in page
    # The demo's content in its two other languages (stored by the seed).
    arabic = visitor_get(app, f"/events/{DEMO_SLUG}/?lang=ar").get_data(as_text=True)
    english = visitor_get(app, f"/events/{DEMO_SLUG}/?lang=en").get_data(as_text=True)
    assert "Sommet sur la santé mentale" not in arabic + english
    assert "Mental Health Summit" in english
    assert "Nightline France" in page
    assert authenticate(DEMO_EMAIL, DEMO_PASSWORD) is not None


def test_the_printed_demo_credentials_sign_in_through_the_form(
    app: Flask, runner: Any, client: Any
) -> None:
    from tests.conftest import csrf_token_from

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    response = client.post(
        "/auth/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    event_id = db.session.execute(select(Event.id)).scalar_one()
    assert client.get(f"/manage/events/{event_id}/").status_code == 200

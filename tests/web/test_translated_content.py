"""Event content in French, Arabic and English: the public pages show each language's
text where the organizer wrote one and the main language's, marked, where not; the
organizers translate side by side; the page's queries do not grow with translations."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.extensions import db
from summit.localized.fields import ContentEntity
from summit.localized.models import ContentTranslation
from summit.localized.services import save_translations
from summit.registration.models import Registration
from summit.schedule.models import SpeakerRole
from tests.conftest import csrf_token_from
from tests.conftest import login_with_csrf
from tests.conftest import visitor_get
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.registration_factories import open_registration
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker

EVENT, SESSION, SPEAKER, REGISTRATION = (
    ContentEntity.EVENT,
    ContentEntity.SESSION,
    ContentEntity.SPEAKER,
    ContentEntity.REGISTRATION,
)


@pytest.fixture
def summit(app: Flask) -> dict[str, Any]:
    owner = make_organizer("owner@example.org")
    event = make_event(
        owner,
        published=True,
        title="Sommet de la santé mentale",
        tagline="Parlons-en",
        languages=["fr", "ar", "en"],
    )
    room = make_room(event, "Salle plénière")
    table = make_session(
        event,
        room=room,
        title="Santé mentale à l’ère numérique",
        description="Deux heures d’échanges.",
    )
    speaker = make_speaker(event, "Imane Kendili", position="Psychiatre", bio="Psychiatre à Rabat.")
    give_role(event, table, speaker, SpeakerRole.PANELIST)
    open_registration(event, categories=["Étudiant", "Parent"], consent_texts=["J’accepte."])
    save_translations(
        event,
        "ar",
        {
            (EVENT, event.id, "title"): "ملتقى الصحة النفسية",
            (SESSION, table.id, "title"): "الصحة النفسية في العصر الرقمي",
            (SPEAKER, speaker.id, "position"): "طبيبة نفسية",
            (REGISTRATION, event.id, "categories"): "طالب\nوليّ أمر",
            (REGISTRATION, event.id, "consent_texts"): "أوافق.",
        },
        now=NOW,
    )
    save_translations(event, "en", {(EVENT, event.id, "title"): "Mental health summit"}, now=NOW)
    db.session.commit()
    base = f"/events/{event.slug}"
    return {
        "event": event,
        "session": table,
        "pages": {
            "home": f"{base}/",
            "schedule": f"{base}/schedule/",
            "session": f"{base}/sessions/{table.public_id}/",
            "speakers": f"{base}/speakers/",
            "speaker": f"{base}/speakers/{speaker.id}/",
            "register": f"{base}/register",
        },
    }


def page(app: Flask, url: str, language: str) -> str:
    response = visitor_get(app, f"{url}?lang={language}")
    assert response.status_code == 200, url
    return str(response.get_data(as_text=True))


@pytest.mark.parametrize("name", ["home", "schedule", "session", "speakers", "speaker", "register"])
def test_each_page_in_arabic_shows_the_arabic_texts_unmarked_and_the_rest_marked_french(
    app: Flask, summit: dict[str, Any], name: str
) -> None:
    html = page(app, summit["pages"][name], "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert "ملتقى الصحة النفسية" in html
    assert "Sommet de la santé mentale" not in html
    if name in ("schedule", "session", "speakers", "speaker"):
        # The translated title is in the page's language: no lang of its own.
        assert re.search(r"<(h1|h3|a)[^>]*>(<a [^>]*>)?الصحة النفسية في العصر الرقمي", html)
        assert not re.search(r'lang="fr"[^>]*>(<a [^>]*>)?الصحة النفسية', html)
    if name == "session":
        # No Arabic description yet: the French one, marked French.
        assert '<p lang="fr" dir="ltr">Deux heures d’échanges.</p>' in html


@pytest.mark.parametrize("name", ["home", "schedule", "session", "speakers", "speaker"])
def test_english_pages_fall_back_to_french_marked_french(
    app: Flask, summit: dict[str, Any], name: str
) -> None:
    html = page(app, summit["pages"][name], "en")
    assert '<html lang="en" dir="ltr">' in html
    assert "Mental health summit" in html
    if name in ("schedule", "session", "speakers", "speaker"):
        assert re.search(
            r'lang="fr" dir="ltr"[^>]*>(<a [^>]*>)?Santé mentale à l’ère numérique', html
        )


def test_french_pages_show_the_originals_without_lang(app: Flask, summit: dict[str, Any]) -> None:
    html = page(app, summit["pages"]["session"], "fr")
    assert "<h1>Santé mentale à l’ère numérique</h1>" in html
    assert (
        'lang="ar"'
        not in html.split("</head>")[1].split("language-switcher")[1].split("</form>")[1]
    )


def test_every_public_page_links_its_other_language_versions(
    app: Flask, summit: dict[str, Any]
) -> None:
    html = page(app, summit["pages"]["schedule"], "fr")
    for code in ("fr", "ar", "en"):
        url = f"http://summit.test{summit['pages']['schedule']}?lang={code}"
        assert f'<link rel="alternate" hreflang="{code}" href="{url}">' in html


def test_the_arabic_registration_form_asks_arabic_categories_and_consent(
    app: Flask, summit: dict[str, Any]
) -> None:
    html = page(app, summit["pages"]["register"], "ar")
    assert '<option value="Étudiant">طالب</option>' in html
    assert "أوافق." in html and "J’accepte." not in html
    client = app.test_client()
    response = client.post(
        f"{summit['pages']['register']}?lang=ar",
        data={
            "name": "Salma",
            "email": "salma@example.org",
            "category": "Étudiant",
            "consent_0": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    registration = db.session.scalars(select(Registration)).one()
    # What she ticked, in the words she read; her category as the organizers filter it.
    assert (registration.consents, registration.category, registration.language) == (
        "أوافق.",
        "Étudiant",
        "ar",
    )


def test_queries_per_page_do_not_grow_with_translations(
    app: Flask, summit: dict[str, Any], count_queries: Callable[[], Any]
) -> None:
    def counts() -> list[int]:
        found = []
        for url in summit["pages"].values():
            db.session.expire_all()
            # The tests' app context outlives requests; a real request starts without
            # the texts an earlier one loaded.
            g.pop("summit_localized", None)
            with count_queries() as queries:
                assert visitor_get(app, f"{url}?lang=ar").status_code == 200
            found.append(len(queries))
        return found

    app.config["SCHEDULE_FRAGMENT_CACHE"] = False
    with_translations = counts()
    db.session.execute(ContentTranslation.__table__.delete())
    db.session.commit()
    assert counts() == with_translations


def _sign_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.post(
        "/auth/login", data={"email": "owner@example.org", "password": "correct horse battery"}
    )
    return client


def test_organizers_see_what_is_missing_and_translate_side_by_side(
    app: Flask, summit: dict[str, Any]
) -> None:
    event, table = summit["event"], summit["session"]
    client = _sign_in(app)
    overview = client.get(f"/manage/events/{event.id}/translations/").get_data(as_text=True)
    assert "العربية" in overview and "English" in overview
    url = f"/manage/events/{event.id}/translations/en/sessions"
    html = client.get(url).get_data(as_text=True)
    # The French original beside an English input marked English.
    assert "Santé mentale à l’ère numérique" in html
    assert (
        f'id="session-{table.id}-title" lang="en"' in html
        or f'lang="en" name="session-{table.id}-title"' in html
    )
    response = client.post(
        url, data={f"session-{table.id}-title": "Mental health in the digital age"}
    )
    assert response.status_code == 302
    assert "Mental health in the digital age" in page(app, summit["pages"]["session"], "en")


def test_a_wrong_translation_is_explained_and_saves_nothing(
    app: Flask, summit: dict[str, Any]
) -> None:
    event, table = summit["event"], summit["session"]
    client = _sign_in(app)
    response = client.post(
        f"/manage/events/{event.id}/translations/en/setup",
        data={
            f"event-{event.id}-tagline": "Let's talk",
            f"registration-{event.id}-categories": "Student",  # two lines in French
        },
    )
    assert response.status_code == 200
    assert "Write one line for each of the 2 lines of the original" in response.get_data(
        as_text=True
    )
    texts = db.session.scalars(
        select(ContentTranslation.text).where(ContentTranslation.language == "en")
    ).all()
    assert texts == ["Mental health summit"]
    assert table.id  # the session is untouched by a setup-part post


def test_a_language_the_event_does_not_offer_is_not_found(
    app: Flask, summit: dict[str, Any]
) -> None:
    client = _sign_in(app)
    event = summit["event"]
    assert client.get(f"/manage/events/{event.id}/translations/fr/setup").status_code == 404
    assert client.get(f"/manage/events/{event.id}/translations/de/setup").status_code == 404
    assert client.get(f"/manage/events/{event.id}/translations/en/nothing").status_code == 404


def test_saving_translations_needs_the_forms_csrf_token(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        owner = make_organizer("owner@example.org")
        event = make_event(owner, published=True, title="Sommet", languages=["fr", "en"])
        client = app.test_client()
        login_with_csrf(client, "owner@example.org")
        url = f"/manage/events/{event.id}/translations/en/setup"
        field = f"event-{event.id}-title"
        assert client.post(url, data={field: "Summit"}).status_code == 400
        assert db.session.scalars(select(ContentTranslation)).all() == []
        token = csrf_token_from(client.get(url).get_data(as_text=True))
        assert client.post(url, data={field: "Summit", "csrf_token": token}).status_code == 302
        assert db.session.scalars(select(ContentTranslation.text)).all() == ["Summit"]

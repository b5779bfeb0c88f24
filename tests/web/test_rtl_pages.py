"""Every public view in French, Arabic and English: the page's lang/dir, and ``lang`` only on
content written in another language than the page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from summit.schedule.models import SessionKind
from summit.schedule.models import SpeakerRole
from tests.export_factories import make_support
from tests.factories import make_event
from tests.factories import make_room
from tests.registration_factories import open_registration
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker

DIRECTION = {"fr": "ltr", "en": "ltr", "ar": "rtl"}
ARABIC_INDIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


@pytest.fixture
def summit(app: Flask) -> dict[str, Any]:
    event = make_event(
        published=True,
        title="Sommet de la santé mentale",
        tagline="Parlons-en ensemble",
        description="Deux tables rondes.",
        languages=["fr", "ar", "en"],
    )
    room = make_room(event, "Salle plénière")
    table = make_session(
        event,
        room=room,
        kind=SessionKind.ROUND_TABLE,
        title="Santé mentale à l’ère numérique",
        content_note="Évoque le suicide",
    )
    speaker = make_speaker(event, "Dr Salma Bennani", position="Psychiatre")
    give_role(event, table, speaker, SpeakerRole.MODERATOR)
    make_support(event, "Allo Écoute")
    open_registration(event, categories=["Professionnel", "Étudiant"])
    base = f"/events/{event.slug}"
    return {
        "event": event,
        "pages": {
            "index": "/",
            "home": f"{base}/",
            "schedule": f"{base}/schedule/",
            "session": f"{base}/sessions/{table.public_id}/",
            "speakers": f"{base}/speakers/",
            "speaker": f"{base}/speakers/{speaker.id}/",
            "register": f"{base}/register",
            "changes": f"{base}/changes/",
            "accessibility": "/accessibility",
        },
    }


def page(client: FlaskClient, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


PAGES = ["index", "home", "schedule", "session", "speakers", "speaker", "register", "changes"]


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize("name", [*PAGES, "accessibility"])
def test_public_page_declares_its_language_and_direction(
    client: FlaskClient, summit: dict[str, Any], name: str, language: str
) -> None:
    html = page(client, summit["pages"][name], language)
    assert f'<html lang="{language}" dir="{DIRECTION[language]}">' in html


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_french_event_text_is_marked_french_on_other_language_pages(
    client: FlaskClient, summit: dict[str, Any], name: str, language: str
) -> None:
    html = page(client, summit["pages"][name], language)
    assert ' lang="fr" dir="ltr">' in html
    # Only the switcher's "Français" and event content carry lang="fr"; never a whole article.
    assert not re.search(r'<article[^>]*lang="fr"', html)


@pytest.mark.parametrize("name", PAGES)
def test_french_page_of_a_french_event_carries_no_inner_lang(
    client: FlaskClient, summit: dict[str, Any], name: str
) -> None:
    html = page(client, summit["pages"][name], "fr")
    body = html.split("</header>", 1)[1]  # past the language switcher
    assert 'lang="fr"' not in body


def test_session_title_is_french_on_an_english_page_but_labels_are_not(
    client: FlaskClient, summit: dict[str, Any]
) -> None:
    html = page(client, summit["pages"]["schedule"], "en")
    assert '<h3 lang="fr" dir="ltr"><a href' in html
    assert "Round table" in html and '<span lang="fr" dir="ltr">Évoque le suicide</span>' in html
    assert "<bdi>Dr Salma Bennani</bdi>" in html


def test_arabic_page_isolates_the_event_title_in_its_heading(
    client: FlaskClient, summit: dict[str, Any]
) -> None:
    html = page(client, summit["pages"]["register"], "ar")
    # Isolated, and marked French: it has no Arabic translation.
    assert '<h1>التسجيل في <bdi lang="fr" dir="ltr">Sommet de la santé mentale</bdi></h1>' in html


@pytest.mark.parametrize("name", ["home", "schedule", "session", "register"])
def test_arabic_pages_use_western_digits(
    client: FlaskClient, summit: dict[str, Any], name: str
) -> None:
    html = page(client, summit["pages"][name], "ar")
    assert "2024" in html
    assert not ARABIC_INDIC_DIGITS.search(html)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Heure locale : Casablanca"),
        ("en", "Times in Casablanca"),
        ("ar", "الأوقات بتوقيت الدار البيضاء"),
    ],
)
def test_event_home_names_the_zone_by_its_city(
    client: FlaskClient, summit: dict[str, Any], language: str, expected: str
) -> None:
    html = page(client, summit["pages"]["home"], language)
    assert expected in html
    assert "Africa/Casablanca" not in html and "Africa Casablanca" not in html


def test_language_switcher_turns_the_page_arabic(
    client: FlaskClient, summit: dict[str, Any]
) -> None:
    home = summit["pages"]["home"]
    response = client.post("/language", data={"language": "ar", "next": home})
    assert response.status_code == 302 and response.headers["Location"] == home
    html = client.get(home, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "هل تحتاج إلى التحدث مع شخص ما؟" in html


@pytest.mark.parametrize(
    ("languages", "title", "page_language", "heading"),
    [
        (["en", "fr"], "Mind matters", "fr", '<h1 lang="en" dir="ltr">Mind matters</h1>'),
        (["ar", "en"], "قمة الصحة النفسية", "en", '<h1 lang="ar" dir="rtl">قمة الصحة النفسية</h1>'),
    ],
)
def test_event_text_in_another_language_than_the_page_is_marked_with_it(
    app: Flask,
    client: FlaskClient,
    languages: list[str],
    title: str,
    page_language: str,
    heading: str,
) -> None:
    event = make_event(published=True, title=title, languages=languages)
    html = page(client, f"/events/{event.slug}/", page_language)
    assert f'<html lang="{page_language}" dir="ltr">' in html
    assert heading in html

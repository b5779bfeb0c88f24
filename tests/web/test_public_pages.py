from __future__ import annotations

from flask.testing import FlaskClient

from tests.factories import make_event
from tests.factories import make_room


def test_the_home_page_lists_only_published_events(client: FlaskClient) -> None:
    make_event(title="Public summit", published=True)
    make_event(title="Secret draft")
    page = client.get("/").get_data(as_text=True)
    assert "Public summit" in page
    assert "Secret draft" not in page


def test_an_event_page_shows_dates_venue_and_rooms(client: FlaskClient) -> None:
    event = make_event(published=True, venue_name="Palais des congrès")
    make_room(event, "Salle plénière")
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "Palais des congrès" in page
    assert "Salle plénière" in page
    assert "Times in Casablanca" in page
    assert '<html lang="en"' in page


def test_a_draft_or_unknown_event_answers_404(client: FlaskClient) -> None:
    draft = make_event()
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    assert client.get("/events/no-such-event/").status_code == 404


def test_the_browser_language_picks_french(client: FlaskClient) -> None:
    make_event(published=True)
    page = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="fr"' in page


def test_the_language_switcher_sets_a_cookie_and_returns_to_the_page(client: FlaskClient) -> None:
    response = client.post("/language", data={"language": "fr", "next": "/auth/login"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert "summit_lang=fr" in response.headers["Set-Cookie"]
    assert '<html lang="fr"' in client.get("/").get_data(as_text=True)


def test_the_language_switcher_refuses_unknown_languages_and_foreign_redirects(
    client: FlaskClient,
) -> None:
    assert client.post("/language", data={"language": "xx"}).status_code == 400
    response = client.post("/language", data={"language": "en", "next": "https://evil.example"})
    assert response.headers["Location"] == "/"


def test_responses_carry_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_are_translated_to_french(client: FlaskClient) -> None:
    page = client.get("/auth/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Connexion organisateur" in page
    assert "Se connecter" in page

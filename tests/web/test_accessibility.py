"""Every form control on our pages has a label, and every page has the landmarks."""

from __future__ import annotations

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import AuthActions
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room

PAGES = [
    "/",
    "/auth/login",
    "/manage/",
    "/manage/events/new",
    "/manage/events/{id}/",
    "/manage/events/{id}/edit",
    "/manage/events/{id}/rooms/",
    "/manage/events/{id}/partners/",
    "/manage/events/{id}/support/",
    "/manage/events/{id}/team/",
    "/manage/events/{id}/access-log/",
    "/events/{slug}/",
    "/accessibility",
]


def unlabelled_controls(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    labelled = {label.get("for") for label in tree.iter("label") if label.get("for")}
    problems = []
    for control in tree.xpath("//input|//select|//textarea"):
        if control.get("type") in {"hidden", "submit", "button"} or control.get("hidden"):
            continue
        inside_label = any(a.tag == "label" for a in control.iterancestors())
        if not (control.get("id") in labelled or inside_label or control.get("aria-label")):
            problems.append(lxml.html.tostring(control, encoding="unicode")[:120])
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_pages_label_every_control_and_have_landmarks(
    client: FlaskClient, auth: AuthActions, path: str
) -> None:
    organizer = make_organizer("amina@example.org")
    event = make_event(organizer, published=True)
    make_room(event)
    if not path.startswith("/auth/"):
        auth.login("amina@example.org")
    response = client.get(path.format(id=event.id, slug=event.slug))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert unlabelled_controls(html) == []
    tree = lxml.html.fromstring(html)
    assert tree.get("lang")
    assert len(tree.xpath("//main")) == 1
    assert len(tree.xpath("//h1")) == 1


def test_the_accessibility_statement_names_its_level_limits_and_each_events_contact(
    client: FlaskClient, app: Flask
) -> None:
    organizer = make_organizer("amina@example.org")
    make_event(organizer, published=True, contact_email="access@summit.example")
    make_event(
        organizer, slug="draft-one", title="Secret draft", contact_email="hidden@example.org"
    )
    app.config["SUMMIT_ACCESSIBILITY_CONTACT"] = "a11y@installation.example"
    html = client.get("/accessibility").get_data(as_text=True)
    assert "WCAG) 2.2 at level AA" in html
    assert "Known limitations" in html
    assert 'href="mailto:a11y@installation.example"' in html
    assert 'href="mailto:access@summit.example"' in html
    # A draft is nobody's business yet, its contact included.
    assert "hidden@example.org" not in html and "Secret draft" not in html


def test_the_statement_speaks_french_and_works_without_any_contact(client: FlaskClient) -> None:
    response = client.get("/accessibility", headers={"Accept-Language": "fr"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Déclaration d’accessibilité" in html
    assert "La page de chaque événement donne l’adresse de ses organisateurs." in html
    assert "mailto:" not in html


@pytest.mark.parametrize("path", ["/", "/auth/login", "/events/{slug}/", "/manage/"])
def test_every_footer_links_to_the_accessibility_statement(
    client: FlaskClient, auth: AuthActions, path: str
) -> None:
    organizer = make_organizer("amina@example.org")
    event = make_event(organizer, published=True, contact_email="access@summit.example")
    if path.startswith("/manage/"):
        auth.login("amina@example.org")
    tree = lxml.html.fromstring(client.get(path.format(slug=event.slug)).get_data(as_text=True))
    assert tree.xpath("//footer//a[@href='/accessibility']")


def test_the_event_page_offers_its_contact_for_access_requests(client: FlaskClient) -> None:
    event = make_event(make_organizer(), published=True, contact_email="access@summit.example")
    html = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "Access needs (step-free access" in html
    assert 'href="mailto:access@summit.example"' in html

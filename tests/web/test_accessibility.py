"""Every form control on our pages has a label, and every page has the landmarks."""

from __future__ import annotations

import lxml.html
import pytest
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

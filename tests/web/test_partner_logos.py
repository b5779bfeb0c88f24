from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient

from summit.events.models import Partner
from summit.extensions import db
from tests.conftest import AuthActions
from tests.conftest import visitor_get
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_partner
from tests.images import jpeg_with_exif
from tests.images import png_bytes


@pytest.fixture
def event(auth: AuthActions) -> Any:
    organizer = make_organizer("amina@example.org")
    auth.login("amina@example.org")
    return make_event(organizer, published=True)


def upload(client: FlaskClient, event: Any, content: bytes, filename: str) -> Any:
    return client.post(
        f"/manage/events/{event.id}/partners/",
        data={"name": "Nightline", "kind": "helpline", "logo": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_a_partner_logo_is_stored_and_served_from_our_own_url(
    client: FlaskClient, event: Any
) -> None:
    assert upload(client, event, png_bytes(), "logo.png").status_code == 302
    partner = db.session.query(Partner).one()
    assert partner.logo_type == "image/png"
    url = f"/events/{event.slug}/partners/{partner.id}/logo"
    assert url in client.get(f"/events/{event.slug}/").get_data(as_text=True)
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    cached = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert cached.status_code == 304


def test_uploaded_jpegs_lose_their_metadata(client: FlaskClient, event: Any) -> None:
    original = jpeg_with_exif()
    assert b"secret description" in original
    upload(client, event, original, "photo.jpg")
    partner = db.session.query(Partner).one()
    assert partner.logo is not None
    assert b"secret description" not in partner.logo


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"%PDF-1.4 not an image", "logo.png", "not a readable image"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "logo.svg",
            "not a readable image",
        ),
        (b"GIF89a" + b"\x00" * 20, "logo.gif", "not a readable image"),
        (b"", "empty.png", "The file is empty"),
    ],
)
def test_fake_or_unsupported_logos_are_refused_and_nothing_is_saved(
    client: FlaskClient, event: Any, content: bytes, filename: str, message: str
) -> None:
    response = upload(client, event, content, filename)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.query(Partner).count() == 0


def test_a_real_gif_is_refused_as_an_unsupported_type(client: FlaskClient, event: Any) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (5, 5)).save(out, "GIF")
    response = upload(client, event, out.getvalue(), "logo.gif")
    assert "Only PNG, JPEG and WebP images are accepted." in response.get_data(as_text=True)
    assert db.session.query(Partner).count() == 0


def test_a_logo_over_the_size_limit_is_refused(client: FlaskClient, event: Any, app: Any) -> None:
    app.config["UPLOAD_MAX_BYTES"] = 1000
    response = upload(client, event, png_bytes((400, 400)) + b"\x00" * 2000, "big.png")
    assert "larger than" in response.get_data(as_text=True)
    assert db.session.query(Partner).count() == 0


def test_a_request_over_the_global_limit_gets_413(
    client: FlaskClient, event: Any, app: Any
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = upload(client, event, b"\x00" * 20_000, "huge.png")
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


def test_logos_of_draft_events_are_not_public(client: FlaskClient, auth: AuthActions) -> None:
    organizer = make_organizer("karim@example.org")
    auth.login("karim@example.org")
    draft = make_event(organizer)
    upload(client, draft, png_bytes(), "logo.png")
    partner = db.session.query(Partner).one()
    logo = f"/events/{draft.slug}/partners/{partner.id}/logo"
    assert visitor_get(client.application, logo).status_code == 404
    assert client.get(f"/manage/events/{draft.id}/partners/{partner.id}/logo").status_code == 200


def test_a_partner_without_logo_has_no_logo_url(client: FlaskClient, event: Any) -> None:
    partner = make_partner(event, "Sans logo")
    assert client.get(f"/events/{event.slug}/partners/{partner.id}/logo").status_code == 404


def test_image_fields_carry_the_limit_for_the_browser_check(
    client: FlaskClient, event: Any, app: Any
) -> None:
    app.config["UPLOAD_MAX_BYTES"] = 3 * 1024 * 1024
    page = client.get(f"/manage/events/{event.id}/partners/").get_data(as_text=True)
    field = page.split('id="logo"')[0].rsplit("<input", 1)[1] + page.split('id="logo"')[1]
    field = field.split(">")[0]
    assert 'data-max-bytes="3145728"' in field
    assert (
        'data-too-large="This image is larger than 3 MB. Choose a smaller one or shrink it'
        ' first; the rest of the form is kept."' in field
    )
    assert "/static/upload-size.js" in page


def test_the_413_page_leads_back_to_the_form_it_came_from(
    client: FlaskClient, event: Any, app: Any
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    host = app.config.get("SERVER_NAME") or "localhost"
    form = f"http://{host}/manage/events/{event.id}/partners/"
    response = client.post(
        f"/manage/events/{event.id}/partners/",
        data={"name": "Nightline", "logo": (io.BytesIO(b"\x00" * 20_000), "huge.png")},
        content_type="multipart/form-data",
        headers={"Referer": form},
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert f'<a href="/manage/events/{event.id}/partners/">Back to the form</a>' in page
    assert "your browser usually keeps what you typed" in page
    elsewhere = client.post(
        f"/manage/events/{event.id}/partners/",
        data={"logo": (io.BytesIO(b"\x00" * 20_000), "huge.png")},
        content_type="multipart/form-data",
        headers={"Referer": "https://evil.example/phish"},
    )
    assert "Back to the form" not in elsewhere.get_data(as_text=True)

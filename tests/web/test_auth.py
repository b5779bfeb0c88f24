from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import AuthActions
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD
from tests.factories import make_organizer


def test_signing_in_with_the_right_password_opens_the_dashboard(
    client: FlaskClient, auth: AuthActions
) -> None:
    organizer = make_organizer("Amina@Example.org")
    response = auth.login("  AMINA@example.org ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    assert organizer.email == "amina@example.org"


def test_a_password_with_spaces_around_it_signs_in_only_as_typed(
    client: FlaskClient, auth: AuthActions
) -> None:
    make_organizer("spaces@example.org", password="  a passphrase with spaces ")
    assert auth.login("spaces@example.org", "a passphrase with spaces").status_code == 200
    assert auth.login("spaces@example.org", "  a passphrase with spaces ").status_code == 302


def test_a_wrong_password_is_refused_with_a_message_and_no_session(
    client: FlaskClient, auth: AuthActions
) -> None:
    make_organizer("amina@example.org")
    response = auth.login("amina@example.org", "wrong password!")
    assert response.status_code == 200
    assert "do not match an organizer account" in response.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302


def test_an_unknown_email_gets_the_same_message_as_a_wrong_password(auth: AuthActions) -> None:
    response = auth.login("nobody@example.org", PASSWORD)
    assert "do not match an organizer account" in response.get_data(as_text=True)


def test_a_deactivated_organizer_cannot_sign_in(app: Flask, auth: AuthActions) -> None:
    organizer = make_organizer("gone@example.org")
    organizer.active = False
    from summit.extensions import db

    db.session.commit()
    assert auth.login("gone@example.org").status_code == 200


def test_sign_in_redirects_only_to_local_pages(client: FlaskClient) -> None:
    make_organizer("amina@example.org")
    for target, expected in [
        ("/manage/events/new", "/manage/events/new"),
        ("https://evil.example/", "/manage/"),
        ("//evil.example/", "/manage/"),
    ]:
        client.post("/auth/logout")
        response = client.post(
            "/auth/login",
            data={"email": "amina@example.org", "password": PASSWORD, "next": target},
        )
        assert response.headers["Location"] == expected


def test_manage_pages_send_anonymous_visitors_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/manage/events/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_signing_out_needs_a_post_and_ends_the_session(
    client: FlaskClient, auth: AuthActions
) -> None:
    make_organizer("amina@example.org")
    auth.login("amina@example.org")
    assert client.get("/auth/logout").status_code == 405
    assert auth.logout().status_code == 302
    assert client.get("/manage/").status_code == 302


def test_sign_in_is_rate_limited_per_address(make_app: object) -> None:
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")  # type: ignore[operator]
    client = app.test_client()
    statuses = [
        client.post("/auth/login", data={"email": "x@example.org", "password": "nope"}).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/auth/login").status_code == 200


def test_sign_in_without_a_csrf_token_is_refused(make_app: object) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)  # type: ignore[operator]
    client = app.test_client()
    with app.app_context():
        make_organizer("amina@example.org")
    response = client.post("/auth/login", data={"email": "amina@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    response = client.post(
        "/auth/login",
        data={"email": "amina@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302

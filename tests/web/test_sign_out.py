"""Sign-outs that stick (issue 10, finding 3): a copied session or remember cookie opens
nothing once its account signed out, changed its password or signed out everywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import PASSWORD
from tests.factories import make_organizer

EMAIL = "amina@example.org"
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def web(make_app: Callable[..., Flask]) -> Flask:
    """An app with one organizer and no app context held open: each request gets its
    own, as in production (a shared one would keep Flask-Login's cached user in ``g``)."""
    app = make_app()
    with app.app_context():
        make_organizer(EMAIL)
    return app


def _signed_in(app: Flask, remember: bool = False, password: str = PASSWORD) -> FlaskClient:
    client = app.test_client()
    data = {"email": EMAIL, "password": password}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/login", data=data).status_code == 302
    return client


def _copy(app: Flask, source: FlaskClient, *names: str) -> FlaskClient:
    """Another browser holding the same cookies (as a thief with a captured cookie)."""
    thief = app.test_client()
    for name in names:
        cookie = source.get_cookie(name, domain="summit.test")
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value, domain=cookie.domain)
    return thief


def _opens_manage(client: FlaskClient) -> bool:
    return client.get("/manage/").status_code == 200


def test_a_session_cookie_copied_before_sign_out_opens_nothing_after(web: Flask) -> None:
    app = web
    client = _signed_in(app)
    thief = _copy(app, client, "session")
    assert _opens_manage(thief)
    assert client.post("/auth/logout").status_code == 302
    assert not _opens_manage(thief)
    assert not _opens_manage(client)


def test_a_remember_cookie_copied_before_sign_out_opens_nothing_after(web: Flask) -> None:
    app = web
    client = _signed_in(app, remember=True)
    thief = _copy(app, client, "remember_token")
    assert _opens_manage(thief)
    client.post("/auth/logout")
    assert not _opens_manage(_copy(app, thief, "remember_token"))


def test_the_remember_cookie_is_secure_with_the_session_cookie_and_lasts_14_days_at_most(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(SESSION_COOKIE_SECURE=True)
    with app.app_context():
        make_organizer(EMAIL)
    response = app.test_client().post(
        "/auth/login",
        data={"email": EMAIL, "password": PASSWORD, "remember": "y"},
        base_url="https://summit.test",
    )
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if "remember_token" in c]
    assert "Secure" in cookie and "HttpOnly" in cookie
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert expires - datetime.now(UTC) <= timedelta(days=14, minutes=1)


def test_changing_the_password_signs_out_every_other_session(web: Flask) -> None:
    app = web
    other_device = _signed_in(app, remember=True)
    client = _signed_in(app)
    response = client.post(
        "/auth/password",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _opens_manage(client)  # this device stays signed in
    assert not _opens_manage(other_device)
    assert not _opens_manage(_copy(app, other_device, "remember_token"))
    client.post("/auth/logout")
    assert (
        client.post("/auth/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 200
    )
    _signed_in(app, password=NEW_PASSWORD)


def test_a_password_change_is_refused_with_a_message_and_changes_nothing(web: Flask) -> None:
    app = web
    client = _signed_in(app)
    cases = [
        (
            {"current": "wrong password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
            "current password is not right",
        ),
        ({"current": PASSWORD, "password": "short", "confirm": "short"}, "at least 10 characters"),
        (
            {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": "something else"},
            "do not match",
        ),
    ]
    for data, message in cases:
        response = client.post("/auth/password", data=data)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert _opens_manage(client)
    _signed_in(app)  # the old password still works


def test_the_password_page_needs_a_signed_in_organizer(client: FlaskClient) -> None:
    assert client.get("/auth/password").status_code == 302
    assert client.post("/auth/sessions/revoke").status_code == 302


def test_signing_out_everywhere_ends_the_other_sessions_and_keeps_this_one(web: Flask) -> None:
    app = web
    other_device = _signed_in(app, remember=True)
    client = _signed_in(app)
    assert client.get("/auth/password").status_code == 200
    assert client.post("/auth/sessions/revoke").status_code == 302
    assert _opens_manage(client)
    assert not _opens_manage(other_device)
    assert not _opens_manage(_copy(app, other_device, "remember_token"))


def test_an_old_style_session_holding_only_the_account_id_is_refused(web: Flask) -> None:
    client = web.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1"
    assert not _opens_manage(client)

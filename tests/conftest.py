"""Shared fixtures. The database is SQLite by default; set SUMMIT_TEST_DATABASE_URL to a
PostgreSQL URL to run the same suite there (CI does both)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event as sa_event

from summit import create_app
from summit.extensions import db
from tests.factories import PASSWORD
from tests.smtp_sink import SmtpSink

TEST_DATABASE_URL = os.environ.get("SUMMIT_TEST_DATABASE_URL", "")


def database_url(tmp_path: Path) -> str:
    return TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.db'}"


def app_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "REQUEST_LOG": False,
        "MAIL_BACKEND": "file",
        "MAIL_FILE_DIR": str(tmp_path / "outbox"),
        "SERVER_NAME": "summit.test",
        "SUMMIT_BASE_URL": "http://summit.test",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }
    config.update(overrides)
    return config


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    """A real SMTP server on loopback; ``make_app(**smtp.config())`` sends to it."""
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build an app with extra settings (e.g. CSRF on); its tables exist for the test."""
    apps: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        app = create_app(app_config(tmp_path, **overrides))
        with app.app_context():
            db.drop_all()
            db.create_all()
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def mail_app(make_app: Callable[..., Flask], smtp: SmtpSink) -> Iterator[Flask]:
    """An app that sends through ``smtp`` (once the test runs the outbox)."""
    app = make_app(**smtp.config())
    with app.app_context():
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = PASSWORD) -> Any:
        return self._client.post("/auth/login", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """Use as ``with count_queries() as queries: ...``; ``len(queries)`` after the block."""
    from contextlib import contextmanager

    @contextmanager
    def counter() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if not re.match(r"\s*(SAVEPOINT|RELEASE|PRAGMA)", statement):
                statements.append(statement)

        sa_event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", record)

    return counter


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "page has no CSRF token"
    return match.group(1)


def login_with_csrf(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    """Sign in on an app with CSRF protection on, as a browser would."""
    login = client.get("/auth/login").get_data(as_text=True)
    client.post(
        "/auth/login",
        data={"email": email, "password": password, "csrf_token": csrf_token_from(login)},
    )


def visitor_get(app: Flask, url: str) -> Any:
    """GET ``url`` as an anonymous visitor. The tests' app context outlives requests, so
    what Flask-Login and Flask-Babel cache on it (the user, the page's language) is dropped
    before and after: each request chooses its own, as in production."""
    from flask import g

    cached = ("_login_user", "_flask_babel")
    for name in cached:
        g.pop(name, None)
    response = app.test_client().get(url)
    for name in cached:
        g.pop(name, None)
    return response

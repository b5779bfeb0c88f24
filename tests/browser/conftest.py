"""Journeys in a real headless Chromium (Debian's package), driven by Playwright.

The app runs in a thread on 127.0.0.1 with its own SQLite file. Chromium is never
downloaded: Playwright starts the system binary through ``executable_path``.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from summit import create_app
from summit.extensions import db
from tests.conftest import app_config

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = os.environ.get("SUMMIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is missing: run scripts/system-deps test (Debian package chromium)")
    return path


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        app.config["SUMMIT_BASE_URL"] = self.url  # links in e-mails point at this server
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join(5)


@contextmanager
def browser_app(folder: Path) -> Iterator[Flask]:
    # Browser tests always use their own SQLite file: the server thread and the test
    # share it, and the suite's PostgreSQL run skips the browser marker.
    config = app_config(
        folder,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'browser.db'}",
        WTF_CSRF_ENABLED=True,
        SERVER_NAME=None,
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[Flask]:
    with browser_app(tmp_path) as app:
        yield app


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def sign_in(page: Any, email: str, password: str = "correct horse battery") -> None:
    """Sign in through the form, as an organizer would."""
    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="My events").wait_for()
    page.wait_for_load_state("load")  # the signed-in page is done before the test goes on

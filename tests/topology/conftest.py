"""The production topology (deploy/topology.py) started once for these tests.

They run only with SUMMIT_TOPOLOGY=1 (scripts/test sets it for its topology step): they
need nginx, Redis and PostgreSQL installed and start a dozen processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Iterator

import pytest
from flask import Flask

from summit import create_app
from summit.extensions import db
from tests.smtp_sink import SmtpSink
from tests.topology.client import Browser
from tests.topology.support import Topology


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/topology/" in str(item.fspath):
            item.add_marker(pytest.mark.topology)
            if os.environ.get("SUMMIT_TOPOLOGY") != "1":
                item.add_marker(pytest.mark.skip(reason="run by scripts/test (SUMMIT_TOPOLOGY=1)"))


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="session")
def topology(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpSink) -> Iterator[Topology]:
    running = Topology(
        tmp_path_factory.mktemp("topology"),
        # A worker sends the outbox: requests only queue mail.
        workers=int(os.environ.get("SUMMIT_TOPOLOGY_WORKERS", "1")),
        smtp_port=smtp.port,
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def database(topology: Topology) -> Iterator[Flask]:
    """An app in this process on the topology's database, to seed rows and read them back."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": topology.database_url,
            "SECRET_KEY": "seeding only",
            "SUMMIT_BASE_URL": topology.base_url,
            "REQUEST_LOG": False,
        }
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def browser(topology: Topology) -> Callable[..., Browser]:
    """A new visitor going through nginx (``browser()``) or straight to app server i,
    from its own loopback address (``browser(source="127.0.0.7")``) if need be."""

    def open_browser(app_server: int | None = None, source: str = "127.0.0.1") -> Browser:
        if app_server is None:
            return Browser(topology.base_url, topology.tls_context(), source)
        return Browser(topology.app_url(app_server), source=source)

    return open_browser

from __future__ import annotations

from pathlib import Path

import pytest

from summit import create_app
from summit.config import normalize_database_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/summit", "postgresql+psycopg://u:p@db/summit"),
        ("postgresql://u@db/summit", "postgresql+psycopg://u@db/summit"),
        ("postgresql+psycopg://u@db/summit", "postgresql+psycopg://u@db/summit"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_are_pointed_at_psycopg_3(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


def test_environment_settings_override_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    monkeypatch.setenv("SUMMIT_SECRET_KEY", "from-env")
    monkeypatch.setenv("SUMMIT_MAIL_PORT", "2525")
    monkeypatch.setenv("SUMMIT_MAIL_USE_TLS", "true")
    monkeypatch.setenv("SUMMIT_BASE_URL", "https://summit.example.org/")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["MAIL_USE_TLS"] is True
    assert app.config["SUMMIT_BASE_URL"] == "https://summit.example.org/"


def test_explicit_settings_win_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SUMMIT_SECRET_KEY", "from-env")
    app = create_app(
        {
            "SECRET_KEY": "explicit",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SUMMIT_BASE_URL": "https://summit.example.org",
        }
    )
    assert app.config["SECRET_KEY"] == "explicit"


def test_a_server_without_a_base_url_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUMMIT_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SUMMIT_BASE_URL is not set"):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("value", ["summit.example.org", "ftp://summit.example.org", "https://"])
def test_a_base_url_that_is_not_http_is_refused(value: str) -> None:
    with pytest.raises(RuntimeError, match="must be an http"):
        create_app(
            {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SUMMIT_BASE_URL": value}
        )


def test_debug_and_tests_default_to_the_demo_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUMMIT_BASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    assert app.config["SUMMIT_BASE_URL"] == "http://127.0.0.1:5000"

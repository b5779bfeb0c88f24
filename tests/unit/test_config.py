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
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["MAIL_USE_TLS"] is True


def test_explicit_settings_win_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SUMMIT_SECRET_KEY", "from-env")
    app = create_app({"SECRET_KEY": "explicit", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == "explicit"

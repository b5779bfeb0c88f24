"""Configuration: defaults, then environment, then an optional instance file, then overrides."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "UPLOAD_MAX_BYTES": 2 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": 6 * 3600,
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "SUMMIT_LANGUAGES": ["en", "fr"],
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATELIMIT_LOGIN": "10 per minute",
    # Werkzeug's method string; the test suite uses a cheap one so that hashing does not
    # dominate its run time. Stored hashes name their method, so changing it is safe.
    "PASSWORD_HASH_METHOD": "scrypt",
    "MAIL_BACKEND": "file",
    "MAIL_SERVER": "localhost",
    "MAIL_PORT": 25,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_TIMEOUT": 10,
    "MAIL_DEFAULT_SENDER": "Summit <no-reply@summit.localhost>",
    "MAIL_FILE_DIR": None,
    "SERVER_NAME": None,
    "PREFERRED_URL_SCHEME": "http",
}

# Environment variable -> (config key, parser).
ENVIRONMENT: dict[str, tuple[str, Any]] = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "SUMMIT_SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "SUMMIT_RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "SUMMIT_MAIL_BACKEND": ("MAIL_BACKEND", str),
    "SUMMIT_MAIL_SERVER": ("MAIL_SERVER", str),
    "SUMMIT_MAIL_PORT": ("MAIL_PORT", int),
    "SUMMIT_MAIL_USERNAME": ("MAIL_USERNAME", str),
    "SUMMIT_MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "SUMMIT_MAIL_USE_TLS": ("MAIL_USE_TLS", lambda v: v.lower() in {"1", "true", "yes"}),
    "SUMMIT_MAIL_USE_SSL": ("MAIL_USE_SSL", lambda v: v.lower() in {"1", "true", "yes"}),
    "SUMMIT_MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "SUMMIT_SERVER_NAME": ("SERVER_NAME", str),
    "SUMMIT_PREFERRED_URL_SCHEME": ("PREFERRED_URL_SCHEME", str),
    "SUMMIT_SESSION_COOKIE_SECURE": (
        "SESSION_COOKIE_SECURE",
        lambda v: v.lower() in {"1", "true", "yes"},
    ),
}


def normalize_database_url(url: str) -> str:
    """Point PostgreSQL URLs at psycopg 3, whatever scheme the host gave us."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app: Flask, overrides: dict[str, Any] | None) -> None:
    app.config.update(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "summit.db"
    )
    for variable, (key, parse) in ENVIRONMENT.items():
        if variable in os.environ:
            app.config[key] = parse(os.environ[variable])
    app.config.from_pyfile("config.py", silent=True)
    if overrides:
        app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so a dev server's sessions survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key

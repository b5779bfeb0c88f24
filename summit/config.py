"""Configuration: defaults, then environment, then an optional instance file, then overrides."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from flask import Flask

DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "UPLOAD_MAX_BYTES": 2 * 1024 * 1024,
    # Image decodes running at once per process; more uploads wait (bounded memory).
    "SUMMIT_IMAGE_DECODES": 1,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # A stolen remember cookie must not be a year of access (Flask-Login's default).
    "REMEMBER_COOKIE_DURATION": timedelta(days=14),
    "WTF_CSRF_TIME_LIMIT": 6 * 3600,
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "SUMMIT_LANGUAGES": ["en", "fr", "ar"],
    # Who answers for this installation's accessibility (shown on /accessibility).
    "SUMMIT_ACCESSIBILITY_CONTACT": "",
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # Failed sign-ins per client address, and per account whatever the address.
    "RATELIMIT_LOGIN": "10 per minute",
    "RATELIMIT_LOGIN_ACCOUNT": "5 per minute;20 per hour",
    # Registrations (and so link re-sends) per e-mail address, beside the per-IP limit.
    "RATELIMIT_REGISTER_ADDRESS": "5 per hour",
    # Reverse proxies in front of the app whose X-Forwarded-* headers we believe.
    "SUMMIT_TRUSTED_PROXIES": 0,
    # Strict-Transport-Security max-age; 0 sends none (set it once HTTPS works).
    "SUMMIT_HSTS_SECONDS": 0,
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
    # Message-ID domain; None takes SUMMIT_BASE_URL's host.
    "SUMMIT_MAIL_DOMAIN": None,
    # DKIM signing when all three are set (summit.outbox.signing).
    "DKIM_SELECTOR": None,
    "DKIM_DOMAIN": None,
    "DKIM_KEY_FILE": None,
    # Session-change notices wait this long, so a burst of edits makes one e-mail.
    "SESSION_NOTICE_DELAY": 300,
    # Where the worker's job queue lives; None follows the database (see summit.tasks).
    "QUEUE_URL": None,
    # A claimed message is left alone this long; only a dead worker's claim runs out.
    "OUTBOX_LEASE_SECONDS": 300,
    "SERVER_NAME": None,
    # One JSON line per request on stderr (summit.ops.logs); off in tests, which read caplog.
    "REQUEST_LOG": True,
    # /healthz fails when no worker has beaten for this long (seconds; workers beat each minute).
    "HEALTH_WORKER_MAX_AGE": 150,
    # Bearer token a Prometheus scraper sends to /metrics; unset, /metrics is 404.
    "METRICS_TOKEN": None,
    "PREFERRED_URL_SCHEME": "http",
}

# Environment variable -> (config key, parser).
ENVIRONMENT: dict[str, tuple[str, Any]] = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "SUMMIT_SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "SUMMIT_SESSION_NOTICE_DELAY": ("SESSION_NOTICE_DELAY", int),
    "SUMMIT_RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "SUMMIT_MAIL_BACKEND": ("MAIL_BACKEND", str),
    "SUMMIT_MAIL_SERVER": ("MAIL_SERVER", str),
    "SUMMIT_MAIL_PORT": ("MAIL_PORT", int),
    "SUMMIT_MAIL_USERNAME": ("MAIL_USERNAME", str),
    "SUMMIT_MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "SUMMIT_MAIL_USE_TLS": ("MAIL_USE_TLS", lambda v: v.lower() in {"1", "true", "yes"}),
    "SUMMIT_MAIL_USE_SSL": ("MAIL_USE_SSL", lambda v: v.lower() in {"1", "true", "yes"}),
    "SUMMIT_MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "SUMMIT_MAIL_DOMAIN": ("SUMMIT_MAIL_DOMAIN", str),
    "SUMMIT_DKIM_SELECTOR": ("DKIM_SELECTOR", str),
    "SUMMIT_DKIM_DOMAIN": ("DKIM_DOMAIN", str),
    "SUMMIT_DKIM_KEY_FILE": ("DKIM_KEY_FILE", str),
    "SUMMIT_QUEUE_URL": ("QUEUE_URL", str),
    "SUMMIT_SERVER_NAME": ("SERVER_NAME", str),
    "SUMMIT_ACCESSIBILITY_CONTACT": ("SUMMIT_ACCESSIBILITY_CONTACT", str),
    "SUMMIT_PREFERRED_URL_SCHEME": ("PREFERRED_URL_SCHEME", str),
    "SUMMIT_METRICS_TOKEN": ("METRICS_TOKEN", str),
    "SUMMIT_HEALTH_WORKER_MAX_AGE": ("HEALTH_WORKER_MAX_AGE", float),
    "SUMMIT_REQUEST_LOG": ("REQUEST_LOG", lambda v: v.lower() in {"1", "true", "yes"}),
    "SUMMIT_BASE_URL": ("SUMMIT_BASE_URL", str),
    "SUMMIT_TRUSTED_PROXIES": ("SUMMIT_TRUSTED_PROXIES", int),
    "SUMMIT_HSTS_SECONDS": ("SUMMIT_HSTS_SECONDS", int),
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
    # The remember cookie is as sensitive as the session cookie: Secure with it.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", False)
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.config["REMEMBER_COOKIE_SECURE"] = True
    if app.config["REMEMBER_COOKIE_DURATION"] > timedelta(days=14):
        app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=14)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    _require_base_url(app)


def _require_base_url(app: Flask) -> None:
    """Links in e-mails and files need a fixed host: a server (gunicorn, ``wsgi.py``) does
    not start without it outside debug and tests. A ``flask`` command (``db upgrade``,
    ``worker``) may start without one and fails where it builds a link
    (:func:`summit.urls.base_url`)."""
    from summit.urls import DEMO_BASE_URL
    from summit.urls import check_base_url

    value = app.config.get("SUMMIT_BASE_URL")
    if not value and (app.debug or app.testing):
        app.config["SUMMIT_BASE_URL"] = value = DEMO_BASE_URL
    if not value and click.get_current_context(silent=True) is not None:
        return
    problem = check_base_url(value)
    if problem:
        raise RuntimeError(
            f"{problem}: set it to the address people use, e.g. https://summit.example.org"
        )


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so a dev server's sessions survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key

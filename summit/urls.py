"""Absolute URLs for e-mails, calendars and PDFs, built from the configured base URL.

A link that leaves the page (an e-mail, an .ics file, a printed ticket) must never take
its host from the request: ``Host: attacker.example`` would otherwise mail a victim a
link to the attacker's site carrying their private token. ``SUMMIT_BASE_URL`` is the one
source; this module is the one place that reads it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import IntegerConverter
from werkzeug.routing import Map

DEMO_BASE_URL = "http://127.0.0.1:5000"
# Ids are INTEGER columns: 32 bits on PostgreSQL, which errors on a larger literal.
MAX_DATABASE_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` limited to the ids the database can hold; larger ones match no route."""

    def __init__(self, map: Map, *args: object, **kwargs: object) -> None:  # noqa: A002
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


def base_url() -> str:
    """The installation's public root without a trailing slash, e.g. https://summit.example.

    :raises RuntimeError: not configured (only a ``flask`` command can start without it).
    """
    value = current_app.config.get("SUMMIT_BASE_URL")
    if not value:
        raise RuntimeError("SUMMIT_BASE_URL is not set: links in e-mails and files need it")
    return str(value).rstrip("/")


def absolute_url(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, **values)`` as an absolute URL under :func:`base_url`; works in
    a request, a CLI command or the worker alike."""
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def check_base_url(value: object) -> str | None:
    """Why ``value`` is not a usable base URL, or None when it is."""
    if not isinstance(value, str) or not value:
        return "SUMMIT_BASE_URL is not set"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"SUMMIT_BASE_URL must be an http:// or https:// URL, not {value!r}"
    if parts.query or parts.fragment:
        return f"SUMMIT_BASE_URL must not carry a query or fragment: {value!r}"
    return None

"""One JSON line per request on stderr: route, status, duration, request id.

The line names the URL *rule* (``/events/<slug>/my/<token>/``), never the path, query,
client address, cookies or account, so attendee tokens and personal data stay out of the
logs; only the event slug, which is public, is kept from the URL.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask
from flask import g
from flask import request
from pythonjsonlogger.json import JsonFormatter
from werkzeug.wrappers import Response

REQUEST_LOG = logging.getLogger("summit.requests")
# nginx's $request_id is 32 hex digits; anything else a client sends is replaced.
_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


def json_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "%(levelname)s %(name)s %(message)s",
            timestamp=True,
            rename_fields={"levelname": "level", "name": "logger"},
        )
    )
    return handler


def request_id() -> str:
    """The id nginx gave this request, or a new one; echoed in ``X-Request-ID``."""
    given = request.headers.get("X-Request-ID", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def register(app: Flask) -> None:
    if app.config["REQUEST_LOG"] and not REQUEST_LOG.handlers:
        REQUEST_LOG.addHandler(json_handler())
        REQUEST_LOG.setLevel(logging.INFO)
        REQUEST_LOG.propagate = False

    def _start() -> None:
        g.request_started = time.perf_counter()
        g.request_id = request_id()

    # First of all hooks, so a request refused by an earlier one (CSRF) is timed and logged.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)

    @app.after_request
    def _log(response: Response) -> Response:
        started = g.get("request_started")
        if started is None:  # refused before any hook ran (e.g. a 404 for a bad URL)
            return response
        rule = request.url_rule.rule if request.url_rule is not None else "(unmatched)"
        slug = (request.view_args or {}).get("slug")
        REQUEST_LOG.info(
            "request",
            extra={
                "method": request.method,
                "route": rule,
                "endpoint": request.endpoint or "",
                "event": slug,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "bytes": response.calculate_content_length(),
                "request_id": g.request_id,
            },
        )
        response.headers["X-Request-ID"] = g.request_id
        return response

"""Headers that make every response safer by default, proxies we trust, and log lines
that never carry a private token."""

from __future__ import annotations

import logging
import re
from typing import Any
from typing import TypeVar

from flask import Flask
from flask import Response
from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response as BaseResponse

ResponseT = TypeVar("ResponseT", bound=BaseResponse)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Path segments that are secrets: an attendee's or speaker's link, a ticket's check-in
# code, an unsubscribe address.
_SECRET_SEGMENT = re.compile(r"(/(?:my|speaker|checkin|unsubscribe)/)[^/\s?#\"']+")
# Pages that show personal data (health answers, e-mail addresses): never stored by a
# browser or a proxy, so the back button on a shared computer shows nothing.
_PRIVATE_PAGE = re.compile(r"^/(?:manage|auth)/|^/events/[^/]+/(?:my|speaker|unsubscribe)/")


def mask_secrets(text: str) -> str:
    """``/events/s/my/AbC.../ticket.pdf`` → ``/events/s/my/***/ticket.pdf``."""
    return _SECRET_SEGMENT.sub(r"\1***", text)


class MaskSecretsFilter(logging.Filter):
    """Rewrites a record's message so no private token reaches a log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def mask_log_secrets(app: Flask) -> None:
    """Flask's "Exception on <path>" and the development server's request lines."""
    for logger in (app.logger, logging.getLogger("werkzeug")):
        if not any(isinstance(f, MaskSecretsFilter) for f in logger.filters):
            logger.addFilter(MaskSecretsFilter())


def trust_proxies(app: Flask) -> None:
    """Behind ``SUMMIT_TRUSTED_PROXIES`` reverse proxies, take the client's address and
    scheme from their X-Forwarded-For/-Proto headers (per-IP rate limits, Secure
    cookies). With 0 (the default) those headers are ignored: anyone can forge them."""
    hops = int(app.config.get("SUMMIT_TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def private(response: ResponseT) -> ResponseT:
    """Pages and files behind a private link: never cached, indexed or sent as Referer."""
    response.headers["Cache-Control"] = "no-store, private"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def register(app: Flask) -> None:
    mask_log_secrets(app)
    trust_proxies(app)
    hsts = int(app.config.get("SUMMIT_HSTS_SECONDS") or 0)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if hsts:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={hsts}; includeSubDomains"
            )
        if _PRIVATE_PAGE.match(request.path):
            response.headers["Cache-Control"] = "no-store, private"
        return response


def gunicorn_access_atoms(atoms: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's access-log fields with private path segments masked."""
    for key in ("r", "U", "q", "f"):
        if isinstance(atoms.get(key), str):
            atoms[key] = mask_secrets(atoms[key])
    return atoms

"""Error pages that say what happened and what to do next."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from flask import render_template
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (_l("Bad request"), _l("The request was not understood. Go back and try again.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("Check the address, or start again from the home page.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (
        _l("File too large"),
        _l(
            "The upload is too large. Go back to the form: your browser usually keeps what you typed. Then choose a file under 2 MB."
        ),
    ),
    429: (_l("Too many attempts"), _l("Wait a minute, then try again.")),
    500: (_l("Something went wrong"), _l("The error was logged. Please try again in a moment.")),
}


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> tuple[str, int]:
        return render_template(
            "error.html",
            title=_l("Form expired"),
            message=_l(
                "The form was open too long or was sent from elsewhere. Reload the page and submit it again."
            ),
            code=400,
        ), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int] | HTTPException:
        code = error.code or 500
        if code not in MESSAGES:
            return error
        title, message = MESSAGES[code]
        back = _same_site_referrer() if code == 413 else None
        return render_template(
            "error.html", title=title, message=message, code=code, back_url=back
        ), code


def _same_site_referrer() -> str | None:
    """The page the upload came from, when it is one of ours (never a link elsewhere)."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or referrer.scheme not in ("http", "https"):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")

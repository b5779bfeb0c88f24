"""Language choice: an explicit pick (cookie) wins, then the browser's preference."""

from __future__ import annotations

from urllib.parse import urlsplit

from babel.dates import get_timezone_location
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import redirect
from flask import request
from werkzeug.wrappers import Response

bp = Blueprint("i18n", __name__)

LANGUAGE_COOKIE = "summit_lang"
# Names shown in the switcher are each language's own name, never translated.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
RTL_LANGUAGES = {"ar", "he", "fa", "ur"}


def zone_name(tz: str, locale: str) -> str:
    """The zone as readers name it, its main city in their language ("Casablanca", "الدار البيضاء"),
    never the raw IANA id, which reads badly in sentences ("Heures de Africa/Casablanca")."""
    try:
        return get_timezone_location(tz, locale=locale, return_city=True) or tz
    except LookupError:
        return tz.rsplit("/", 1)[-1].replace("_", " ")


def available_languages() -> list[str]:
    return list(current_app.config["SUMMIT_LANGUAGES"])


def chose_explicitly() -> bool:
    """Whether this visitor picked the page's language (a link's ``?lang=``, the switcher)."""
    return bool(request.args.get("lang")) or LANGUAGE_COOKIE in request.cookies


def select_locale() -> str | None:
    """``?lang=`` (a link to one language's version of a page, e.g. from ``hreflang``),
    then the visitor's pick in the switcher, then the browser's preference."""
    linked = request.args.get("lang")
    if linked in available_languages():
        return linked
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in available_languages():
        return chosen
    return request.accept_languages.best_match(available_languages())


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Only same-site relative paths; anything else would be an open redirect."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.post("/language")
def choose_language() -> Response:
    code = request.form.get("language", "")
    if code not in available_languages():
        abort(400)
    response = redirect(safe_next(request.form.get("next")))
    response.set_cookie(
        LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response

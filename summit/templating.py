"""Template filters and globals: event-local time formatting, languages, direction."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from babel.dates import format_datetime
from babel.dates import format_time
from babel.dates import get_timezone_name
from flask import Flask
from flask import request
from flask_babel import get_locale

from summit.i18n import LANGUAGE_NAMES
from summit.i18n import RTL_LANGUAGES
from summit.i18n import available_languages
from summit.mail import header_text
from summit.urls import base_url


def _locale() -> str:
    return str(get_locale() or "en")


def local_time(value: datetime | None, tz: str) -> str:
    """``value`` (UTC) as a wall-clock time in the zone ``tz``, e.g. 14:30."""
    if value is None:
        return ""
    return format_time(value.astimezone(ZoneInfo(tz)), "short", locale=_locale())


def local_datetime(value: datetime | None, tz: str, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return format_datetime(value.astimezone(ZoneInfo(tz)), fmt, locale=_locale())


def long_date(value: date | None) -> str:
    return format_date(value, "full", locale=_locale()) if value else ""


def date_range(start: date, end: date) -> str:
    if start == end:
        return format_date(start, "long", locale=_locale())
    return f"{format_date(start, 'long', locale=_locale())} – {format_date(end, 'long', locale=_locale())}"


def timezone_label(tz: str, at: datetime | None = None) -> str:
    """The zone with its name as people read it, e.g. "Africa/Casablanca (GMT+01:00)"."""
    moment = (at or datetime.now(ZoneInfo(tz))).astimezone(ZoneInfo(tz))
    offset = moment.strftime("%z")
    return f"{tz.replace('_', ' ')} (UTC{offset[:3]}:{offset[3:]})"


def country_name(code: str) -> str:
    """The country's name in the reader's language, e.g. "MA" → "Maroc"."""
    if not code:
        return ""
    return Locale.parse(_locale()).territories.get(code.upper(), code)


def register(app: Flask) -> None:
    app.jinja_env.globals["country_name"] = country_name
    app.jinja_env.globals["base_url"] = base_url
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["one_line"] = header_text
    app.jinja_env.globals["date_range"] = date_range
    app.jinja_env.globals["timezone_label"] = timezone_label
    app.jinja_env.globals["get_timezone_name"] = get_timezone_name

    @app.context_processor
    def _language_context() -> dict[str, object]:
        code = _locale()
        return {
            "page_lang": code,
            "page_dir": "rtl" if code.split("_")[0] in RTL_LANGUAGES else "ltr",
            "language_choices": [(c, LANGUAGE_NAMES.get(c, c)) for c in available_languages()],
            "current_path": request.full_path.rstrip("?") if request else "/",
        }

"""Template filters and globals: event-local time formatting, languages, direction."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from babel.dates import format_datetime
from babel.dates import format_time
from babel.dates import get_timezone_name
from flask import Flask
from flask import request
from flask_babel import get_locale
from markupsafe import Markup
from markupsafe import escape

from summit.i18n import LANGUAGE_NAMES
from summit.i18n import RTL_LANGUAGES
from summit.i18n import available_languages
from summit.i18n import zone_name as city_of_zone
from summit.localized.reading import category_label
from summit.localized.reading import event_language
from summit.localized.reading import page_language
from summit.localized.reading import tr
from summit.localized.reading import tr_lines
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


def zone_name(tz: str) -> str:
    """:func:`summit.i18n.zone_name` in the reader's language."""
    return city_of_zone(tz, _locale())


def timezone_label(tz: str, at: datetime | None = None) -> str:
    """The zone's city with its offset, e.g. "Casablanca (UTC+01:00)".

    The offset is wrapped in left-to-right isolates so that "+01:00" keeps its order inside
    right-to-left sentences.
    """
    moment = (at or datetime.now(ZoneInfo(tz))).astimezone(ZoneInfo(tz))
    offset = moment.strftime("%z")
    return f"{zone_name(tz)} (\u2066UTC{offset[:3]}:{offset[3:]}\u2069)"


def direction(code: str) -> str:
    return "rtl" if code.split("_")[0] in RTL_LANGUAGES else "ltr"


def lang_attrs(code: str | None) -> Markup:
    """`` lang=".." dir=".."`` for content written in ``code`` when the page is in another
    language; nothing when they agree, so interface labels never inherit a foreign ``lang``.
    ``code`` may also be a :class:`~summit.localized.reading.LocalText`: its language."""
    code = getattr(code, "lang", code)
    if not code or code == _locale().split("_")[0]:
        return Markup("")
    return _lang_dir(code)


@lru_cache(maxsize=64)
def _lang_dir(code: str) -> Markup:
    # Called for every session and speaker of a list page: formatted once per language.
    return Markup(' lang="{}" dir="{}"').format(code, direction(code))


def isolate(value: object) -> Markup:
    """User or event text set inside an interface sentence, isolated so its direction and
    punctuation do not mix with the sentence's (an English title in an Arabic sentence)."""
    return Markup("<bdi{}>{}</bdi>").format(lang_attrs(getattr(value, "lang", None)), escape(value))


def isolate_text(value: object) -> str:
    """:func:`isolate` for plain text (e-mail text parts): Unicode first-strong isolates, only
    in right-to-left languages, where a Latin title would otherwise start an LTR paragraph."""
    if direction(_locale()) != "rtl":
        return str(value)
    return f"\u2068{value}\u2069"


def country_name(code: str) -> str:
    """The country's name in the reader's language, e.g. "MA" → "Maroc"."""
    if not code:
        return ""
    return Locale.parse(_locale()).territories.get(code.upper(), code)


# Public pages that exist in every interface language: they link to each other's versions
# (``hreflang``), each reachable by ``?lang=`` (see :func:`summit.i18n.select_locale`).
TRANSLATED_PAGES = frozenset(
    {
        "events.index",
        "events.home",
        "schedule.agenda",
        "schedule.session",
        "schedule.speakers",
        "schedule.speaker",
        "schedule.changes",
        "registration.register",
    }
)


def _without_lang() -> str:
    if not request:
        return "/"
    query = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "lang"])
    return request.path + (f"?{query}" if query else "")


def _alternates() -> list[tuple[str, str]]:
    """(language, absolute URL) of this page in every interface language, for
    ``<link rel="alternate" hreflang>``; none on private or organizer pages."""
    if not request or request.method != "GET" or request.endpoint not in TRANSLATED_PAGES:
        return []
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    root = base_url().rstrip("/")
    return [
        (code, f"{root}{request.path}?{urlencode([*args, ('lang', code)])}")
        for code in available_languages()
    ]


def register(app: Flask) -> None:
    app.jinja_env.globals["country_name"] = country_name
    app.jinja_env.globals["base_url"] = base_url
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["one_line"] = header_text
    app.jinja_env.globals["date_range"] = date_range
    app.jinja_env.globals["timezone_label"] = timezone_label
    app.jinja_env.globals["zone_name"] = zone_name
    app.jinja_env.globals["language_name"] = lambda code: LANGUAGE_NAMES.get(code, code)
    app.jinja_env.globals["lang_attrs"] = lang_attrs
    app.jinja_env.globals["tr"] = tr
    app.jinja_env.globals["tr_lines"] = tr_lines
    app.jinja_env.globals["category_label"] = category_label
    # The language a file linked from this page is in (the page's, if the event offers it).
    app.jinja_env.globals["file_language"] = lambda event: event_language(event, page_language())
    app.jinja_env.filters["bdi"] = isolate
    app.jinja_env.filters["bdi_text"] = isolate_text
    app.jinja_env.globals["get_timezone_name"] = get_timezone_name
    # A global, not context: the field macro is imported without context.
    app.jinja_env.globals["image_upload_limit"] = lambda: int(app.config["UPLOAD_MAX_BYTES"])

    @app.context_processor
    def _language_context() -> dict[str, object]:
        code = _locale()
        return {
            "page_lang": code,
            "page_dir": direction(code),
            "language_choices": [(c, LANGUAGE_NAMES.get(c, c)) for c in available_languages()],
            # The switcher's way back drops ``?lang=``: it would overrule the new choice.
            "current_path": _without_lang(),
            "alternates": _alternates(),
        }

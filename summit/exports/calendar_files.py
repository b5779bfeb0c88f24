"""One calendar file of a few sessions (one session, one speaker's), with validators."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable

from flask import request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from summit.events.models import Event
from summit.exports.caching import export_response
from summit.exports.caching import export_version
from summit.exports.calendar import build_calendar
from summit.exports.feed_rows import localize_rows
from summit.exports.feed_rows import rows_of
from summit.exports.settings import uid_domain
from summit.i18n import available_languages
from summit.localized.reading import event_language
from summit.localized.reading import localized
from summit.localized.reading import tr
from summit.schedule.models import Session
from summit.schedule.models import Speaker
from summit.urls import base_url


def calendar_file_response(
    event: Event,
    *,
    key: tuple[str, str],
    filename: str,
    name: Callable[[], str],
    sessions: Callable[[], Iterable[Session]],
    private: bool = False,
    subscription: bool = True,
    language: str = "",
) -> Response:
    """Answer 304 from the agenda version, or build the file of ``sessions()``.

    :param key: what the file is of, e.g. ``("session.ics", public_id)``; enters the ETag
        with the base URL and UID domain, which both appear inside the file.
    :param language: as :func:`feed_language` gives it; "" is the event's main language.
    """
    base, domain = base_url(), uid_domain()
    version = export_version(event.id)
    etag = version.for_kind(*key, language, base, domain)

    def render() -> bytes:
        content = localized(event, event_language(event, language or None))
        found = list(sessions())
        return build_calendar(
            event,
            localize_rows(rows_of(found), content) if content.texts else found,
            name=name(),
            base_url=base,
            uid_domain=domain,
            subscription=subscription,
            language=content.language,
        )

    return export_response(
        request,
        etag,
        version.last_modified,
        render,
        mimetype="text/calendar",
        filename=filename,
        private=private,
    )


def speaker_calendar_name(event: Event, speaker: Speaker, language: str = "") -> str:
    with force_locale(event_language(event, language or None)):
        return _("%(event)s — %(name)s", event=tr(event, "title"), name=speaker.display_name)


def feed_language() -> str:
    """The language a calendar or feed was asked in (``?lang=ar``); "" for the event's main
    language, the default, so that subscribed calendars keep one address."""
    asked = request.args.get("lang", "")
    return asked if asked in available_languages() else ""

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
from summit.exports.settings import uid_domain
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
) -> Response:
    """Answer 304 from the agenda version, or build the file of ``sessions()``.

    :param key: what the file is of, e.g. ``("session.ics", public_id)``; enters the ETag
        with the base URL and UID domain, which both appear inside the file.
    """
    base, domain = base_url(), uid_domain()
    version = export_version(event.id)
    etag = version.for_kind(*key, base, domain)

    def render() -> bytes:
        return build_calendar(
            event,
            sessions(),
            name=name(),
            base_url=base,
            uid_domain=domain,
            subscription=subscription,
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


def speaker_calendar_name(event: Event, speaker: Speaker) -> str:
    with force_locale(event.main_language):
        return _("%(event)s — %(name)s", event=event.title, name=speaker.display_name)

"""Where exports get the two values that vary by installation.

Other features building calendars (e.g. an attendee's chosen sessions) call::

    build_calendar(event, sessions, name=..., base_url=summit.urls.base_url(),
                   uid_domain=uid_domain())
"""

from __future__ import annotations

from flask import current_app


def uid_domain() -> str:
    """The stable domain in calendar UIDs: SUMMIT_CALENDAR_UID_DOMAIN, else SERVER_NAME.

    Keep it fixed for an installation's life: calendars match sessions by UID.
    """
    configured = current_app.config.get("SUMMIT_CALENDAR_UID_DOMAIN")
    server = (current_app.config.get("SERVER_NAME") or "").split(":")[0]
    return str(configured or server or "summit.localhost")

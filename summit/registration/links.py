"""Private links: each registration holds several live ones (``RegistrationLink``).

Design (issue 10): registering again with a known address never revokes anything; it
adds a link and e-mails it. A stranger who knows the address can therefore no longer kill
the attendee's page or printed ticket. The attendee revokes their other links from their
page; an organizer's "send a new link" replaces them all. At most :data:`MAX_LINKS` live
at once: past that, the newest link is replaced (the one a stranger's re-registration most
likely made), so links the attendee already holds keep working. Re-sends are also limited
per address in the view.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy import select

from summit.events.models import Event
from summit.extensions import db
from summit.registration.errors import RegistrationError
from summit.registration.models import Registration
from summit.registration.models import RegistrationLink
from summit.registration.ticket import forget_tickets

MAX_LINKS = 10


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


def checkin_code(token: str, key: str) -> str:
    """The ticket's check-in code, derived from the private token: the QR code lets staff
    check the person in but does not open (or cancel) their private page."""
    return hmac.new(key.encode(), b"checkin:" + token.encode(), hashlib.sha256).hexdigest()[:32]


def add_link(registration: Registration, *, key: str, now: datetime) -> str:
    """A new live link for ``registration``; the others keep working. Returns its token.

    :raises RegistrationError: the registration was erased.
    """
    if registration.is_erased:
        raise RegistrationError(_l("This registration was erased."))
    if len(registration.links) >= MAX_LINKS:
        registration.links.remove(registration.links[-1])
        forget_tickets(registration)
    token = new_token()
    registration.links.append(
        RegistrationLink(
            token_hash=hash_secret(token),
            checkin_hash=hash_secret(checkin_code(token, key)),
            created_at=now,
        )
    )
    registration.updated_at = now
    db.session.flush()
    return token


def rotate_token(registration: Registration, *, key: str, now: datetime) -> str:
    """Replace every link (and ticket) by one new link: the organizer's "send a new link"."""
    if registration.is_erased:
        raise RegistrationError(_l("This registration was erased."))
    registration.links.clear()
    forget_tickets(registration)
    db.session.flush()
    return add_link(registration, key=key, now=now)


def revoke_other_links(registration: Registration, keep_token: str) -> int:
    """Revoke every link but the one in use (the attendee's "sign out other links").

    :returns: how many links stopped working.
    """
    removed = db.session.execute(
        delete(RegistrationLink)
        .where(
            RegistrationLink.registration_id == registration.id,
            RegistrationLink.token_hash != hash_secret(keep_token),
        )
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    db.session.expire(registration, ["links"])
    if removed:
        forget_tickets(registration)
    return int(removed)


def registration_by_token(event: Event, token: str) -> Registration | None:
    """The event's registration one of whose live links is ``token``; another event's is None."""
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        select(Registration)
        .join(RegistrationLink)
        .where(Registration.event_id == event.id, RegistrationLink.token_hash == hash_secret(token))
    ).scalar_one_or_none()


def link_of(registration: Registration, token: str) -> RegistrationLink | None:
    """The live link of ``registration`` whose token is ``token``."""
    token_hash = hash_secret(token)
    return next((link for link in registration.links if link.token_hash == token_hash), None)


def registration_by_checkin_code(code: str) -> Registration | None:
    """Any event's registration whose ticket carries ``code`` (callers check the event)."""
    code = code.strip()
    if not code or len(code) > 100:
        return None
    return db.session.execute(
        select(Registration)
        .join(RegistrationLink)
        .where(RegistrationLink.checkin_hash == hash_secret(code))
    ).scalar_one_or_none()

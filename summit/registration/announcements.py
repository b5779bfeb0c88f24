"""Whether an attendee receives the organizers' messages (announcements), and the signed
one-click link that stops them (RFC 8058).

Only announcements can be stopped: confirmations, private links, waiting-list and change
notices are transactional and always sent. The link carries the registration's id signed
with the installation's key, so it needs no login and no CSRF token (the signature is the
authentication) and never expires: an unsubscribe link must work in a years-old e-mail.
"""

from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer

from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import Registration

_SALT = "summit.announcements.unsubscribe"


def _serializer(key: str) -> URLSafeSerializer:
    return URLSafeSerializer(key, salt=_SALT)


def unsubscribe_token(registration: Registration, key: str) -> str:
    """The signed part of the person's unsubscribe address."""
    return str(_serializer(key).dumps(registration.id))


def registration_by_unsubscribe_token(event: Event, token: str, key: str) -> Registration | None:
    """The registration of ``event`` that ``token`` was made for; None when the signature
    is wrong, it names another event's registration, or the registration was erased."""
    try:
        registration_id = _serializer(key).loads(token)
    except BadSignature:
        return None
    if not isinstance(registration_id, int) or isinstance(registration_id, bool):
        return None
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id or registration.is_erased:
        return None
    return registration


def unsubscribe(registration: Registration, *, now: datetime) -> None:
    """No more announcements for this event; the first moment is kept (a second click,
    or a mail provider's automatic POST, changes nothing)."""
    if registration.unsubscribed_at is None:
        registration.unsubscribed_at = now
    db.session.flush()


def resubscribe(registration: Registration) -> None:
    """Announcements again, from the attendee's own page."""
    registration.unsubscribed_at = None
    db.session.flush()

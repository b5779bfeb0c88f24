"""The one way a route behind an attendee's private link finds them (else 404)."""

from __future__ import annotations

from flask import abort

from summit.events.models import Event
from summit.events.views import public_event_or_404
from summit.registration.links import registration_by_token
from summit.registration.models import Registration


def registration_or_404(event: Event, token: str) -> Registration:
    """The registration of ``event`` one of whose live links is ``token``: a wrong, revoked
    or another event's token is a 404, never a hint that the person exists."""
    registration = registration_by_token(event, token)
    if registration is None:
        abort(404)
    return registration


def attendee_or_404(slug: str, token: str) -> tuple[Event, Registration]:
    """The published event ``slug`` and the registration behind ``token``."""
    event = public_event_or_404(slug)
    return event, registration_or_404(event, token)

"""Domain errors of registration; views show ``message`` next to ``field``."""

from __future__ import annotations

from flask import has_request_context
from flask_babel import force_locale


class RegistrationError(Exception):
    """A registration rule was broken. ``field`` names the form field at fault, if any."""

    def __init__(self, message: object, field: str | None = None) -> None:
        # Kept lazy: translated when shown, so services also run outside a request.
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        if has_request_context():
            return str(self.message)
        with force_locale("en"):  # logs and the command line
            return str(self.message)


class RegistrationClosed(RegistrationError):
    pass


class EventFull(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    """Someone with this e-mail already holds an active registration for the event."""

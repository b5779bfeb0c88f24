"""The one base class of domain errors.

Services raise a subclass (``EventError``, ``ScheduleError``, ``RegistrationError``…)
when a rule stops an action; views show ``message`` next to the form field ``field``
with :func:`summit.forms.show_domain_error`.
"""

from __future__ import annotations

from flask import has_request_context
from flask_babel import force_locale


class DomainError(Exception):
    """A rule was broken. ``message`` says what to do, ``field`` names the form field at
    fault (None: the whole form or action)."""

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

"""Domain errors of registration; views show ``message`` next to ``field``."""

from __future__ import annotations

from summit.domain import DomainError


class RegistrationError(DomainError):
    """A registration rule was broken."""


class RegistrationClosed(RegistrationError):
    pass


class EventFull(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    """Someone with this e-mail already holds an active registration for the event."""

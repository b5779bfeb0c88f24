"""Registration rows for tests: settings that are open by default, and quick sign-ups."""

from __future__ import annotations

from typing import Any

from summit.events.models import Event
from summit.extensions import db
from summit.registration.models import RegistrationSettings
from summit.registration.services import AttendeeData
from summit.registration.services import SettingsData
from summit.registration.services import SignUp
from summit.registration.services import register_attendee
from summit.registration.services import save_settings
from tests.factories import NOW

KEY = "test-secret"


def open_registration(event: Event, capacity: int = 10, **overrides: Any) -> RegistrationSettings:
    values: dict[str, Any] = {"is_open": True, "capacity": capacity}
    values.update(overrides)
    settings, _ = save_settings(event, SettingsData(**values), now=NOW)
    db.session.commit()
    return settings


def sign_up(event: Event, email: str, name: str = "Attendee", **overrides: Any) -> SignUp:
    settings = db.session.get(RegistrationSettings, event.id)
    if settings is not None and settings.category_list:
        overrides.setdefault("category", settings.category_list[0])
    overrides.setdefault("sensitive_consent", True)
    result = register_attendee(
        event, AttendeeData(name=name, email=email, **overrides), key=KEY, now=NOW
    )
    db.session.commit()
    return result

"""Registration settings for the demo summit (called by the demo seed)."""

from __future__ import annotations

from datetime import datetime

from summit.events.models import Event
from summit.registration.services import SettingsData
from summit.registration.services import get_settings
from summit.registration.services import save_settings

DEMO_CATEGORIES = ["Professional", "Student", "Parent", "Content creator"]
DEMO_CONSENTS = [
    "I agree that the organizers keep my registration until one year after the summit."
]


def seed_registration(event: Event, *, now: datetime) -> None:
    """Open registration once; later runs keep what the organizer changed."""
    if get_settings(event) is not None:
        return
    save_settings(
        event,
        SettingsData(
            is_open=True,
            capacity=300,
            categories=DEMO_CATEGORIES,
            ask_organization=True,
            ask_accessibility=True,
            consent_texts=DEMO_CONSENTS,
        ),
        now=now,
    )

"""Registration settings for the demo summit (called by the demo seed)."""

from __future__ import annotations

from datetime import datetime

from summit.events.models import Event
from summit.registration.services import SettingsData
from summit.registration.services import get_settings
from summit.registration.services import save_settings

# In the event's main language (French), like the rest of its content; the Arabic and
# English versions are in summit/demo/content_translations.py, in the same order. Inclusive
# forms with the middle dot, as in the French interface catalog ("participant·es").
DEMO_CATEGORIES = ["Professionnel·le", "Étudiant·e", "Parent", "Créateur·rice de contenu"]
DEMO_CONSENTS = [
    "J’accepte que l’équipe organisatrice conserve mon inscription jusqu’à un an après le sommet."
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

"""The demo summit: TikTok's mental-health summit, Casablanca, 12 December 2024.

Facts come from the articles in shared/seeds/ (French). What the articles do not say
(rooms, times of the day, the venue's name) is plausible filler and labelled as such.
Seeding is idempotent: rows are found by natural keys and updated in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import select

from summit.audit.services import SYSTEM
from summit.auth.models import Organizer
from summit.auth.services import create_organizer
from summit.auth.services import find_organizer
from summit.certificates.demo import seed_certificates
from summit.demo.translated import seed_translations
from summit.events.models import Event
from summit.events.models import EventStatus
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.events.models import TeamRole
from summit.extensions import db
from summit.registration.demo import seed_registration
from summit.schedule.demo import sync_schedule
from summit.teams.services import add_member

DEMO_SLUG = "sommet-sante-mentale-casablanca-2024"
DEMO_EMAIL = "demo@example.org"  # RFC 2606 domain: passes the sign-in form, never delivered
DEMO_PASSWORD = "summit-demo-2024"

EVENT = {
    "title": "Sommet sur la santé mentale — Casablanca",
    "tagline": "Le bien-être des jeunes à l’ère numérique",
    "description": (
        "Premier sommet de TikTok sur la santé mentale au Maroc : un événement qui "
        "rassemble experts, médecins et créateurs de contenu à Casablanca pour promouvoir "
        "le bien-être des jeunes à l’ère numérique, en particulier la sécurité en ligne "
        "des mineurs.\n\n"
        "Deux tables rondes : « Santé mentale à l’ère numérique » et « Exploiter les "
        "réseaux sociaux pour un impact positif »."
    ),
    "start_date": date(2024, 12, 12),
    "end_date": date(2024, 12, 12),
    "timezone": "Africa/Casablanca",
    "venue_name": "Casablanca (lieu de démonstration)",
    "venue_address": "",
    "city": "Casablanca",
    "country": "MA",
    "languages": "fr ar en",
    "contact_email": "contact@example.org",
}

ROOMS = [
    ("Salle plénière", 200, "Accès de plain-pied ; places réservées aux fauteuils roulants."),
    ("Espace bien-être", 30, "Salle calme, lumière tamisée ; ouverte toute la journée."),
]

PARTNERS = [
    (
        "TikTok",
        "organizer",
        "https://www.tiktok.com/safety/",
        "Organisateur du sommet ; outils de sécurité et de bien-être de la plateforme.",
    ),
    (
        "Nightline France",
        "helpline",
        "https://www.nightline.fr/",
        "Association d’écoute par et pour les étudiants, soutenue par le fonds TikTok pour "
        "la santé mentale.",
    ),
    (
        "MENAT Safety Advisory Council",
        "partner",
        "",
        "Conseil consultatif sur la sécurité de TikTok pour le Moyen-Orient, l’Afrique du "
        "Nord et la Turquie.",
    ),
]

SUPPORT = [
    ("SAMU (urgences médicales, Maroc)", "141", "", "En cas de danger immédiat."),
    (
        "Nightline France",
        "",
        "https://www.nightline.fr/",
        "Écoute nocturne par et pour les étudiants (France).",
    ),
]


@dataclass
class DemoResult:
    event: Event
    organizer: Organizer
    created: bool


def seed_demo(*, now: datetime) -> DemoResult:
    """Create or refresh the demo summit and its organizer; safe to run repeatedly."""
    organizer = find_organizer(DEMO_EMAIL)
    if organizer is None:
        organizer = create_organizer(DEMO_EMAIL, DEMO_PASSWORD, name="Demo organizer", now=now)
    event = db.session.execute(select(Event).where(Event.slug == DEMO_SLUG)).scalar_one_or_none()
    created = event is None
    if event is None:
        event = Event(slug=DEMO_SLUG, created_at=now, updated_at=now, revised_at=now)
        db.session.add(event)
    for key, value in EVENT.items():
        setattr(event, key, value)
    event.status = EventStatus.PUBLISHED
    db.session.flush()
    if not any(m.organizer_id == organizer.id for m in event.memberships):
        add_member(event, organizer, TeamRole.OWNER, actor=SYSTEM, now=now)
    _sync(event.rooms, Room, ("name", "capacity", "accessibility_notes"), ROOMS)
    _sync(event.partners, Partner, ("name", "kind", "url", "description"), PARTNERS)
    _sync(
        event.support_resources, SupportResource, ("name", "phone", "url", "description"), SUPPORT
    )
    db.session.flush()
    sync_schedule(event, now=now)
    seed_registration(event, now=now)
    seed_certificates(event, now=now)
    seed_translations(event, now=now)
    return DemoResult(event=event, organizer=organizer, created=created)


def _sync(children: list[Any], model: type[Any], fields: tuple[str, ...], rows: list[Any]) -> None:
    """Update the children found by name (the first field) in place and add the missing."""
    existing = {child.name: child for child in children}
    for position, row in enumerate(rows):
        child = existing.get(row[0]) or model()
        for field_name, value in zip(fields, row, strict=True):
            setattr(child, field_name, value)
        child.position = position
        if row[0] not in existing:
            children.append(child)

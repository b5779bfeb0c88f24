"""The demo summit: TikTok's mental-health summit, Casablanca, 12 December 2024.

Facts come from the articles in shared/seeds/ (French). What the articles do not say
(rooms, times of the day, the venue's name) is plausible filler and labelled as such.
Seeding is idempotent: rows are found by natural keys and updated in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime

from sqlalchemy import select

from summit.auth.models import Organizer
from summit.auth.services import create_organizer
from summit.auth.services import find_organizer
from summit.events.models import Event
from summit.events.models import EventOrganizer
from summit.events.models import EventStatus
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.extensions import db

DEMO_SLUG = "sommet-sante-mentale-casablanca-2024"
DEMO_EMAIL = "demo@summit.localhost"
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
    "contact_email": "contact@summit.localhost",
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
        event = Event(slug=DEMO_SLUG, created_at=now, updated_at=now)
        db.session.add(event)
    for key, value in EVENT.items():
        setattr(event, key, value)
    event.status = EventStatus.PUBLISHED
    if not any(m.organizer_id == organizer.id for m in event.memberships):
        event.memberships.append(EventOrganizer(organizer=organizer, added_at=now))
    _sync_rooms(event)
    _sync_partners(event)
    _sync_support(event)
    db.session.flush()
    from summit.registration.demo import seed_registration

    seed_registration(event, now=now)
    return DemoResult(event=event, organizer=organizer, created=created)


def _sync_rooms(event: Event) -> None:
    existing = {room.name: room for room in event.rooms}
    for position, (name, capacity, notes) in enumerate(ROOMS):
        room = existing.get(name) or Room(name=name)
        room.capacity, room.accessibility_notes, room.position = capacity, notes, position
        if name not in existing:
            event.rooms.append(room)


def _sync_partners(event: Event) -> None:
    existing = {partner.name: partner for partner in event.partners}
    for position, (name, kind, url, description) in enumerate(PARTNERS):
        partner = existing.get(name) or Partner(name=name)
        partner.kind, partner.url, partner.description = kind, url, description
        partner.position = position
        if name not in existing:
            event.partners.append(partner)


def _sync_support(event: Event) -> None:
    existing = {resource.name: resource for resource in event.support_resources}
    for position, (name, phone, url, description) in enumerate(SUPPORT):
        resource = existing.get(name) or SupportResource(name=name)
        resource.phone, resource.url, resource.description = phone, url, description
        resource.position = position
        if name not in existing:
            event.support_resources.append(resource)

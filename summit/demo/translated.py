"""Stores the demo's Arabic and English content (``content_translations``) through the
translation service, matched to the seeded rows by their French natural keys."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select

from summit.demo.content_translations import DEMO_TRANSLATIONS
from summit.demo.content_translations import DemoTranslation
from summit.events.models import Event
from summit.extensions import db
from summit.localized.fields import ContentEntity
from summit.localized.reading import Key
from summit.localized.services import save_translations
from summit.registration.models import RegistrationSettings
from summit.schedule.models import Session
from summit.schedule.models import Speaker


def seed_translations(event: Event, *, now: datetime) -> None:
    """Every demo text in each of the event's other languages; texts whose French original
    an organizer has since changed are left to them."""
    for language, demo in DEMO_TRANSLATIONS.items():
        if language in event.language_list[1:]:
            save_translations(event, language, _texts(event, demo), now=now)


def _texts(event: Event, demo: DemoTranslation) -> dict[Key, str]:
    texts: dict[Key, str] = {}

    def put(entity: ContentEntity, row_id: int, values: Mapping[str, object], row: object) -> None:
        """The demo's texts of ``row`` for the fields it has in French: an empty original
        has nothing to translate, and a speaker's name (the key it is found by) stays."""
        for name, text in values.items():
            is_speaker_name = entity is ContentEntity.SPEAKER and name == "name"
            if not is_speaker_name and (getattr(row, name, "") or "").strip():
                texts[(entity, row_id, name)] = str(text)

    put(ContentEntity.EVENT, event.id, demo["event"], event)
    for room in event.rooms:
        if room.name in demo["rooms"]:
            put(ContentEntity.ROOM, room.id, demo["rooms"][room.name], room)
    for partner in event.partners:
        if partner.name in demo["partners"]:
            put(ContentEntity.PARTNER, partner.id, demo["partners"][partner.name], partner)
    for resource in event.support_resources:
        if resource.name in demo["support"]:
            values = demo["support"][resource.name]
            put(ContentEntity.SUPPORT_RESOURCE, resource.id, values, resource)
    sessions = db.session.scalars(select(Session).where(Session.event_id == event.id))
    for session in sessions:
        if session.title in demo["sessions"]:
            put(ContentEntity.SESSION, session.id, demo["sessions"][session.title], session)
    speakers = db.session.scalars(select(Speaker).where(Speaker.event_id == event.id))
    for speaker in speakers:
        if speaker.name in demo["speakers"]:
            put(ContentEntity.SPEAKER, speaker.id, demo["speakers"][speaker.name], speaker)
    settings = db.session.get(RegistrationSettings, event.id)
    if settings is not None:
        for name, lines, originals in (
            ("categories", demo["categories"], settings.category_list),
            ("consent_texts", demo["consents"], settings.consent_list),
        ):
            if len(lines) == len(originals):
                texts[(ContentEntity.REGISTRATION, event.id, name)] = "\n".join(lines)
    return texts

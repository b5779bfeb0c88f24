"""Which fields of which rows can be written in each of an event's languages.

One table for every kind of row (see ``models``); this module is the list of what may be in
it. The main-language text stays in the row's own column: a missing translation falls back
to it, and exports that ask for no language read the columns as before.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


class ContentEntity(enum.StrEnum):
    EVENT = "event"
    ROOM = "room"
    PARTNER = "partner"
    SUPPORT_RESOURCE = "support_resource"
    REGISTRATION = "registration"
    SESSION = "session"
    SPEAKER = "speaker"


@dataclass(frozen=True, slots=True)
class TranslatableField:
    entity: ContentEntity
    name: str
    label: object
    # A list kept one entry per line (categories, consent texts): translated line by
    # line, and a translation must have exactly as many lines as the original.
    is_list: bool = False
    # Single-line fields get an input, the others a text area.
    multiline: bool = False
    max_length: int = 5000


FIELDS: tuple[TranslatableField, ...] = (
    TranslatableField(ContentEntity.EVENT, "title", _l("Title"), max_length=200),
    TranslatableField(ContentEntity.EVENT, "tagline", _l("Tagline"), max_length=300),
    TranslatableField(ContentEntity.EVENT, "description", _l("Description"), multiline=True),
    TranslatableField(ContentEntity.EVENT, "venue_name", _l("Venue"), max_length=200),
    TranslatableField(ContentEntity.ROOM, "name", _l("Room name"), max_length=120),
    TranslatableField(
        ContentEntity.ROOM, "accessibility_notes", _l("Accessibility notes"), multiline=True
    ),
    TranslatableField(ContentEntity.PARTNER, "description", _l("Description"), multiline=True),
    TranslatableField(ContentEntity.SUPPORT_RESOURCE, "name", _l("Name"), max_length=200),
    TranslatableField(
        ContentEntity.SUPPORT_RESOURCE, "description", _l("Description"), multiline=True
    ),
    TranslatableField(
        ContentEntity.REGISTRATION,
        "categories",
        _l("Attendee categories"),
        is_list=True,
        multiline=True,
        max_length=100,
    ),
    TranslatableField(
        ContentEntity.REGISTRATION,
        "consent_texts",
        _l("Consent texts"),
        is_list=True,
        multiline=True,
        max_length=1000,
    ),
    TranslatableField(
        ContentEntity.REGISTRATION,
        "accessibility_purpose",
        _l("Why you ask about access needs"),
        multiline=True,
    ),
    TranslatableField(
        ContentEntity.REGISTRATION, "dietary_purpose", _l("Why you ask about diets"), multiline=True
    ),
    TranslatableField(
        ContentEntity.REGISTRATION,
        "health_purpose",
        _l("Why you ask about health"),
        multiline=True,
    ),
    TranslatableField(ContentEntity.SESSION, "title", _l("Title"), max_length=200),
    TranslatableField(ContentEntity.SESSION, "description", _l("Description"), multiline=True),
    TranslatableField(ContentEntity.SESSION, "content_note", _l("Content note"), max_length=300),
    TranslatableField(ContentEntity.SPEAKER, "position", _l("Position"), max_length=200),
    TranslatableField(ContentEntity.SPEAKER, "bio", _l("Biography"), multiline=True),
)

BY_KEY: dict[tuple[ContentEntity, str], TranslatableField] = {(f.entity, f.name): f for f in FIELDS}


def fields_of(entity: ContentEntity) -> list[TranslatableField]:
    return [f for f in FIELDS if f.entity is entity]

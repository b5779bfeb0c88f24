from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from summit.events.models import enum_column
from summit.extensions import db
from summit.localized.fields import ContentEntity

# The row a translation belongs to is also held by a real foreign key, so deleting a
# session, speaker, room, partner or helpline deletes its translations with it; the CHECKs
# keep that key and ``entity_id`` saying the same thing.
_OWNER_KEYS = {
    ContentEntity.ROOM: ("room_id", "rooms"),
    ContentEntity.PARTNER: ("partner_id", "partners"),
    ContentEntity.SUPPORT_RESOURCE: ("support_resource_id", "support_resources"),
    ContentEntity.SESSION: ("session_id", "sessions"),
    ContentEntity.SPEAKER: ("speaker_id", "speakers"),
}


def _owner_checks() -> list[CheckConstraint]:
    checks = [
        CheckConstraint(
            "entity NOT IN ('event', 'registration') OR entity_id = event_id",
            name="event_level_owner",
        )
    ]
    for entity, (column, _table) in _OWNER_KEYS.items():
        others = " AND ".join(f"{c} IS NULL" for c, _ in _OWNER_KEYS.values() if c != column)
        checks.append(
            CheckConstraint(
                f"(entity = '{entity.value}') = ({column} IS NOT NULL)"
                f" AND (entity <> '{entity.value}' OR ({column} = entity_id AND {others}))",
                name=f"{entity.value}_owner",
            )
        )
    return checks


class ContentTranslation(db.Model):  # type: ignore[name-defined]
    """One field of one row in one of the event's other languages (never the main one:
    that text is the row's own column)."""

    __tablename__ = "content_translations"
    __table_args__ = (
        UniqueConstraint(
            "entity",
            "entity_id",
            "field",
            "language",
            name="uq_content_translations_field_language",
        ),
        CheckConstraint("text <> ''", name="text_not_empty"),
        CheckConstraint("language <> ''", name="language_not_empty"),
        # Every page reads one event's texts in one language, in one query.
        Index("ix_content_translations_event_language", "event_id", "language"),
        *_owner_checks(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    entity: Mapped[ContentEntity] = mapped_column(enum_column(ContentEntity, "content_entity"))
    entity_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    # The main-language text this translates. When the original is edited afterwards the
    # translation is outdated: pages show the new original instead (never a stale title)
    # and the editor lists it as to be redone.
    source_text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    support_resource_id: Mapped[int | None] = mapped_column(
        ForeignKey("support_resources.id", ondelete="CASCADE")
    )
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))


OWNER_COLUMNS = {entity: column for entity, (column, _table) in _OWNER_KEYS.items()}

"""Saving an event's content in its other languages, and counting what is missing.

Translations are event content like any other: saving them raises the event's revision in
the same transaction (pages, stored programs and feeds are rebuilt from it). They notify
nobody: a session translated is not a session changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from summit.domain import DomainError
from summit.events.models import Event
from summit.events.revision import bump_revision
from summit.extensions import db
from summit.forms import control_character_message
from summit.forms import forbidden_character
from summit.localized.fields import BY_KEY
from summit.localized.fields import FIELDS
from summit.localized.fields import ContentEntity
from summit.localized.fields import TranslatableField
from summit.localized.models import OWNER_COLUMNS
from summit.localized.models import ContentTranslation
from summit.localized.reading import Key
from summit.registration.models import RegistrationSettings
from summit.schedule.models import Session
from summit.schedule.models import Speaker


class TranslationError(DomainError):
    """``field`` is the form field name of the text at fault (see :func:`field_name`)."""


def field_name(key: Key) -> str:
    entity, entity_id, name = key
    return f"{entity.value}-{entity_id}-{name}"


@dataclass(frozen=True, slots=True)
class Original:
    """A translatable text of the event in its main language, with where it belongs."""

    key: Key
    field: TranslatableField
    heading: str  # the row it belongs to, as organizers name it (a session's title…)
    text: str

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.split("\n") if line.strip()]

    @property
    def source(self) -> str:
        """What a translation of this text is made from (and must still match)."""
        return "\n".join(self.lines) if self.field.is_list else self.text


def originals(event: Event, entity: ContentEntity | None = None) -> list[Original]:
    """Every non-empty translatable text of ``event``, in page order (one query per kind)."""
    found: list[Original] = []
    for kind, rows in _rows(event, entity):
        for row, row_id, heading in rows:
            for translatable in (f for f in FIELDS if f.entity is kind):
                text = getattr(row, translatable.name) or ""
                if text.strip():
                    found.append(
                        Original((kind, row_id, translatable.name), translatable, heading, text)
                    )
    return found


def _rows(
    event: Event, only: ContentEntity | None
) -> Iterable[tuple[ContentEntity, list[tuple[object, int, str]]]]:
    def wanted(kind: ContentEntity) -> bool:
        return only is None or only is kind

    if wanted(ContentEntity.EVENT):
        yield ContentEntity.EVENT, [(event, event.id, event.title)]
    if wanted(ContentEntity.ROOM):
        yield ContentEntity.ROOM, [(r, r.id, r.name) for r in event.rooms]
    if wanted(ContentEntity.PARTNER):
        yield ContentEntity.PARTNER, [(p, p.id, p.name) for p in event.partners]
    if wanted(ContentEntity.SUPPORT_RESOURCE):
        yield ContentEntity.SUPPORT_RESOURCE, [(s, s.id, s.name) for s in event.support_resources]
    if wanted(ContentEntity.REGISTRATION):
        settings = db.session.get(RegistrationSettings, event.id)
        if settings is not None:
            yield ContentEntity.REGISTRATION, [(settings, event.id, "")]
    if wanted(ContentEntity.SESSION):
        sessions = db.session.scalars(
            select(Session)
            .where(Session.event_id == event.id)
            .order_by(Session.starts_at.is_(None), Session.starts_at, Session.id)
        )
        yield ContentEntity.SESSION, [(s, s.id, s.title) for s in sessions]
    if wanted(ContentEntity.SPEAKER):
        speakers = db.session.scalars(
            select(Speaker).where(Speaker.event_id == event.id).order_by(Speaker.name, Speaker.id)
        )
        yield ContentEntity.SPEAKER, [(s, s.id, s.name) for s in speakers]


def stored(event: Event, language: str) -> dict[Key, ContentTranslation]:
    rows = db.session.scalars(
        select(ContentTranslation).where(
            ContentTranslation.event_id == event.id, ContentTranslation.language == language
        )
    )
    return {(row.entity, row.entity_id, row.field): row for row in rows}


def is_current(original: Original, row: ContentTranslation | None) -> bool:
    """Translated, from the text as it is now (not from an earlier version of it)."""
    return row is not None and row.source_text == original.source


def missing_counts(event: Event) -> dict[str, int]:
    """For each of the event's other languages, how many texts have no translation or
    one made from an earlier version of the original."""
    texts = originals(event)
    counts: dict[str, int] = {}
    for language in event.language_list[1:]:
        have = stored(event, language)
        counts[language] = sum(1 for o in texts if not is_current(o, have.get(o.key)))
    return counts


@dataclass(frozen=True)
class Worklist:
    """What the editor shows of one language: the texts to translate, in page order, and
    what is stored for them.

    :param have: the stored translations' texts.
    :param outdated: texts whose translation was made from an earlier version of them.
    :param sources: the original each stored translation was made from (shown beside an
        outdated one, so the translator sees what changed).
    """

    texts: list[Original]
    have: dict[Key, str]
    outdated: set[Key]
    sources: dict[Key, str]


def worklist(
    event: Event, language: str, entities: Iterable[ContentEntity], *, only_missing: bool
) -> Worklist:
    """The texts of ``entities`` for the editor of ``language``; ``only_missing`` keeps
    those with no translation or an outdated one (what :func:`missing_counts` counts)."""
    texts = [o for entity in entities for o in originals(event, entity)]
    rows = stored(event, language)
    outdated = {o.key for o in texts if o.key in rows and not is_current(o, rows[o.key])}
    if only_missing:
        texts = [o for o in texts if not is_current(o, rows.get(o.key))]
    return Worklist(
        texts,
        {key: row.text for key, row in rows.items()},
        outdated,
        {key: row.source_text for key, row in rows.items()},
    )


def check_language(event: Event, language: str) -> None:
    if language not in event.language_list[1:]:
        raise TranslationError(
            _l(
                "This event does not offer that language besides its main one. Add it to the event's languages first."
            )
        )


def _checked(original: Original, text: str) -> str:
    """``text`` as it will be stored, or a TranslationError naming its field."""
    name = field_name(original.key)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    text = "\n".join(line.strip() for line in lines).strip()
    char = forbidden_character(text, multi_line=original.field.multiline)
    if char is not None:
        raise TranslationError(control_character_message(char), name)
    if original.field.is_list and text:
        entries = [line for line in text.split("\n") if line]
        if len(entries) != len(original.lines):
            raise TranslationError(
                _l(
                    "Write one line for each of the %(n)d lines of the original, in the same order.",
                    n=len(original.lines),
                ),
                name,
            )
        text = "\n".join(entries)
        longest = max(len(entry) for entry in entries)
    else:
        longest = len(text)
    if longest > original.field.max_length:
        raise TranslationError(
            _l("Shorten this text to %(n)d characters or fewer.", n=original.field.max_length),
            name,
        )
    return text


def save_translations(
    event: Event, language: str, texts: Mapping[Key, str], *, now: datetime
) -> int:
    """Store ``texts`` (an empty text removes that translation) and return how many changed.

    Only texts of this event that exist in its main language can be translated; every text
    is checked before any is written, so a bad one saves nothing.

    :raises TranslationError: a language the event does not offer, a text that is not the
        event's, a control character, a list of the wrong length, a text too long.
    """
    check_language(event, language)
    known = {original.key: original for original in originals(event)}
    cleaned: dict[Key, str] = {}
    for key, text in texts.items():
        if (key[0], key[2]) not in BY_KEY or key not in known:
            raise TranslationError(
                _l("One of these texts is no longer part of the event. Reload the page."),
            )
        cleaned[key] = _checked(known[key], text)
    have = stored(event, language)
    changed = 0
    for key, text in cleaned.items():
        row = have.get(key)
        if not text:
            if row is not None:
                db.session.delete(row)
                changed += 1
            continue
        if row is None:
            row = ContentTranslation(
                event_id=event.id, entity=key[0], entity_id=key[1], field=key[2], language=language
            )
            owner = OWNER_COLUMNS.get(key[0])
            if owner is not None:
                setattr(row, owner, key[1])
            db.session.add(row)
        elif row.text == text and row.source_text == known[key].source:
            continue
        row.text, row.source_text, row.updated_at = text, known[key].source, now
        changed += 1
    if changed:
        db.session.flush()
        bump_revision(event, now=now)
    return changed

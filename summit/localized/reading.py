"""Reading an event's content in the reader's language: one query per event and language.

Pages, PDFs, feeds and e-mails ask :func:`localized` (or the template global ``tr``) for a
field; the answer is a :class:`LocalText`, a ``str`` that also says which language it is
in, so templates can mark it (``lang_attrs(text)``) whether it is the translation or the
main-language text it fell back to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

from flask import g
from flask import has_app_context
from flask_babel import get_locale
from sqlalchemy import select

from summit.events.models import Event
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.extensions import db
from summit.localized.fields import ContentEntity
from summit.localized.models import ContentTranslation
from summit.registration.models import RegistrationSettings
from summit.schedule.models import Session
from summit.schedule.models import Speaker

Key = tuple[ContentEntity, int, str]
# A translation and the main-language text it was made from.
Stored = tuple[str, str]


class LocalText(str):
    """Text and the language it is written in."""

    lang: str

    def __new__(cls, text: str, lang: str) -> LocalText:
        made = super().__new__(cls, text)
        made.lang = lang
        return made


@dataclass(frozen=True, slots=True)
class Localized:
    """One event's translations in one language, with the fallback to its main language."""

    language: str
    main: str
    texts: Mapping[Key, Stored] = field(default_factory=dict)

    def text(
        self,
        entity: ContentEntity,
        entity_id: int,
        name: str,
        original: str,
        original_lang: str = "",
    ) -> LocalText:
        text, source = self.texts.get((entity, entity_id, name), ("", ""))
        if text and source == original:
            return LocalText(text, self.language)
        return LocalText(original, original_lang or self.main)

    def lines(
        self, entity: ContentEntity, entity_id: int, name: str, originals: list[str]
    ) -> list[LocalText]:
        """A list field entry by entry: all translated, or (one entry added, changed or
        removed since) all as the organizer wrote them."""
        text, source = self.texts.get((entity, entity_id, name), ("", ""))
        found = text.split("\n")
        if source.split("\n") != originals or len(found) != len(originals):
            return [LocalText(line, self.main) for line in originals]
        return [LocalText(line, self.language) for line in found]


def page_language() -> str:
    return str(get_locale() or "en").split("_")[0]


def event_language(event: Event, asked: str | None) -> str:
    """``asked`` when the event offers it, else the event's main language: what a file
    (program, schedule, feed) asked for with ``?lang=`` is written in."""
    return asked if asked and asked in event.language_list else event.main_language


def _reader_language() -> str | None:
    """The page's language (or the one forced for an e-mail or a file); None outside a
    request with nothing forced (a worker job), where the main language is right."""
    try:
        return page_language()
    except RuntimeError:
        return None


def localized(event: Event, language: str | None = None) -> Localized:
    """``event``'s content in ``language`` (the page's by default), loaded once per
    application context; no query at all when that language is the main one or is not
    one of the event's."""
    language = language or _reader_language() or event.main_language
    cache: dict[tuple[int, int, str], Localized] = {}
    if has_app_context():
        cache = g.setdefault("summit_localized", {})
    # The revision is in the key: a save in the same context (a test, a worker batch)
    # raises it, so nothing stale is read back.
    key = (event.id, event.revision, language)
    if key in cache:
        return cache[key]
    main = event.main_language
    texts: dict[Key, Stored] = {}
    if language != main and language in event.language_list:
        rows = db.session.execute(
            select(
                ContentTranslation.entity,
                ContentTranslation.entity_id,
                ContentTranslation.field,
                ContentTranslation.text,
                ContentTranslation.source_text,
            ).where(
                ContentTranslation.event_id == event.id,
                ContentTranslation.language == language,
            )
        )
        texts = {
            (entity, entity_id, name): (text, source)
            for entity, entity_id, name, text, source in rows
        }
    found = cache[key] = Localized(language=language, main=main, texts=texts)
    return found


_ENTITY_OF: dict[type, ContentEntity] = {
    Event: ContentEntity.EVENT,
    Room: ContentEntity.ROOM,
    Partner: ContentEntity.PARTNER,
    SupportResource: ContentEntity.SUPPORT_RESOURCE,
    RegistrationSettings: ContentEntity.REGISTRATION,
    Session: ContentEntity.SESSION,
    Speaker: ContentEntity.SPEAKER,
}


def owner_key(row: object) -> tuple[ContentEntity, int, int]:
    """(entity, entity id, event id) of a translatable row."""
    entity = _ENTITY_OF[type(row)]
    if isinstance(row, Event):
        return entity, row.id, row.id
    event_id: int = row.event_id  # type: ignore[attr-defined]
    if entity is ContentEntity.REGISTRATION:
        return entity, event_id, event_id
    return entity, row.id, event_id  # type: ignore[attr-defined]


def _texts_of(row: object, language: str | None) -> tuple[Localized, ContentEntity, int]:
    """The translations ``row`` reads from (its event's, in ``language``), and its key."""
    entity, entity_id, event_id = owner_key(row)
    # From the identity map: the page loaded the event already, so no query.
    event = row if isinstance(row, Event) else db.session.get(Event, event_id)
    assert event is not None
    return localized(event, language), entity, entity_id


def tr(row: object, name: str, language: str | None = None) -> LocalText:
    """Field ``name`` of ``row`` in the page's language, or its main-language text."""
    texts, entity, entity_id = _texts_of(row, language)
    original = getattr(row, name) or ""
    original_lang = (getattr(row, "language", "") or "") if isinstance(row, Session) else ""
    return texts.text(entity, entity_id, name, original, original_lang)


def tr_lines(
    row: object, name: str, originals: list[str], language: str | None = None
) -> list[LocalText]:
    """A list field (one entry per line, e.g. registration categories) in the page's
    language, entry by entry."""
    texts, entity, entity_id = _texts_of(row, language)
    return texts.lines(entity, entity_id, name, originals)


def category_label(event: Event, category: str, language: str | None = None) -> LocalText:
    """A registration's category (stored as the organizer wrote it) in the reader's
    language, for the ticket and the attendee's pages."""
    settings = db.session.get(RegistrationSettings, event.id)
    originals = settings.category_list if settings is not None else []
    if category not in originals or settings is None:
        return LocalText(category, event.main_language)
    return tr_lines(settings, "categories", originals, language)[originals.index(category)]

"""Saving translations: checked before anything is written, kept per language, deleted
with their row, and raising the event's revision like every content write."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from summit.extensions import db
from summit.localized.fields import ContentEntity
from summit.localized.models import ContentTranslation
from summit.localized.reading import localized
from summit.localized.services import TranslationError
from summit.localized.services import missing_counts
from summit.localized.services import save_translations
from summit.schedule.services import delete_session
from tests.export_factories import rename_session
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import open_registration
from tests.schedule_factories import make_session

EVENT, SESSION, REGISTRATION = (
    ContentEntity.EVENT,
    ContentEntity.SESSION,
    ContentEntity.REGISTRATION,
)


def _event():
    return make_event(title="Sommet", tagline="Parlons-en", languages=["fr", "ar", "en"])


def test_saved_translations_are_read_back_per_language_and_raise_the_revision(app: Flask) -> None:
    event = _event()
    session = make_session(event, title="Santé mentale à l’ère numérique")
    before = event.revision
    changed = save_translations(
        event,
        "ar",
        {
            (EVENT, event.id, "title"): "قمة",
            (SESSION, session.id, "title"): "الصحة النفسية في العصر الرقمي",
        },
        now=NOW,
    )
    db.session.commit()
    assert changed == 2
    assert event.revision == before + 1
    arabic = localized(event, "ar")
    title = arabic.text(SESSION, session.id, "title", session.title)
    assert (title, title.lang) == ("الصحة النفسية في العصر الرقمي", "ar")
    # Not translated into English: the French text, marked French.
    english = localized(event, "en").text(SESSION, session.id, "title", session.title)
    assert (english, english.lang) == ("Santé mentale à l’ère numérique", "fr")
    # Saving the same texts again changes nothing and leaves the revision alone.
    assert save_translations(event, "ar", {(EVENT, event.id, "title"): "قمة"}, now=NOW) == 0
    assert event.revision == before + 1


def test_an_empty_text_removes_the_translation(app: Flask) -> None:
    event = _event()
    save_translations(event, "en", {(EVENT, event.id, "tagline"): "Let's talk"}, now=NOW)
    save_translations(event, "en", {(EVENT, event.id, "tagline"): "  "}, now=NOW)
    db.session.commit()
    assert db.session.scalars(select(ContentTranslation)).all() == []


@pytest.mark.parametrize(
    ("language", "text", "message"),
    [
        ("fr", "Sommet", "does not offer that language"),  # the main language
        ("de", "Gipfel", "does not offer that language"),
        ("en", "Summit\x00", "control character"),
        ("en", "S" * 201, "200 characters"),
    ],
)
def test_bad_translations_save_nothing(app: Flask, language: str, text: str, message: str) -> None:
    event = _event()
    good = {(EVENT, event.id, "tagline"): "Let's talk"}
    with pytest.raises(TranslationError) as raised:
        save_translations(event, language, {**good, (EVENT, event.id, "title"): text}, now=NOW)
    assert message in str(raised.value)
    db.session.rollback()
    assert db.session.scalars(select(ContentTranslation)).all() == []


def test_texts_of_another_event_or_unknown_fields_are_refused(app: Flask) -> None:
    event, other = _event(), _event()
    foreign = make_session(other, title="Ailleurs")
    for key in [(SESSION, foreign.id, "title"), (EVENT, event.id, "slug")]:
        with pytest.raises(TranslationError, match="no longer part of the event"):
            save_translations(event, "en", {key: "Elsewhere"}, now=NOW)


def test_a_list_is_translated_line_for_line(app: Flask) -> None:
    event = _event()
    open_registration(event, categories=["Étudiant", "Parent"])
    key = (REGISTRATION, event.id, "categories")
    with pytest.raises(TranslationError, match="one line for each of the 2 lines"):
        save_translations(event, "en", {key: "Student"}, now=NOW)
    save_translations(event, "en", {key: "Student\n\nParent\n"}, now=NOW)
    db.session.commit()
    lines = localized(event, "en").lines(
        REGISTRATION, event.id, "categories", ["Étudiant", "Parent"]
    )
    assert [(line, line.lang) for line in lines] == [("Student", "en"), ("Parent", "en")]
    # A category added later: the old translation no longer fits, the originals are shown.
    lines = localized(event, "en").lines(
        REGISTRATION, event.id, "categories", ["Étudiant", "Parent", "Presse"]
    )
    assert [line.lang for line in lines] == ["fr", "fr", "fr"]


def test_deleting_a_session_deletes_its_translations(app: Flask) -> None:
    event = _event()
    session = make_session(event, title="Atelier")
    save_translations(event, "en", {(SESSION, session.id, "title"): "Workshop"}, now=NOW)
    db.session.commit()
    delete_session(event, session, actor=None, now=NOW)
    db.session.commit()
    assert db.session.scalars(select(ContentTranslation)).all() == []


def test_the_database_refuses_a_translation_whose_owner_disagrees(app: Flask) -> None:
    event = _event()
    session = make_session(event, title="Atelier")
    db.session.add(
        ContentTranslation(
            event_id=event.id,
            entity=SESSION,
            entity_id=session.id,
            field="title",
            language="en",
            text="Workshop",
            source_text="Atelier",
            updated_at=NOW,
        )  # session_id left empty: it would outlive its session
    )
    with pytest.raises(IntegrityError, match="session_owner"):
        db.session.flush()


def test_missing_counts_per_language(app: Flask) -> None:
    event = _event()  # title, tagline, venue
    make_session(event, title="Atelier", description="Deux heures.")
    assert missing_counts(event) == {"ar": 5, "en": 5}
    save_translations(event, "en", {(EVENT, event.id, "title"): "Summit"}, now=NOW)
    assert missing_counts(event) == {"ar": 5, "en": 4}


def test_a_translation_of_an_earlier_original_is_not_shown(app: Flask) -> None:
    event = _event()
    session = make_session(event, title="Atelier")
    key = (SESSION, session.id, "title")
    save_translations(event, "en", {key: "Workshop"}, now=NOW)
    db.session.commit()
    rename_session(session, "Atelier d’écriture")
    title = localized(event, "en").text(SESSION, session.id, "title", session.title)
    # The new French title, marked French, rather than an English title for the old one.
    assert (title, title.lang) == ("Atelier d’écriture", "fr")
    assert missing_counts(event)["en"] == 4  # title (outdated), tagline, venue, event title
    save_translations(event, "en", {key: "Writing workshop"}, now=NOW)
    title = localized(event, "en").text(SESSION, session.id, "title", session.title)
    assert (title, title.lang) == ("Writing workshop", "en")

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from summit.events.models import Event
from summit.events.models import Room
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from tests.factories import NOW
from tests.factories import make_event


def insert_fails_with(constraint: str) -> pytest.RaisesExc[IntegrityError]:
    return pytest.raises(IntegrityError, match=constraint)


def test_an_event_cannot_end_before_it_starts(app: Flask) -> None:
    event = make_event()
    event.end_date = date(2024, 12, 1)
    with insert_fails_with("end_not_before_start"):
        db.session.commit()


def test_slugs_are_unique(app: Flask) -> None:
    make_event(slug="same-slug")
    event = make_event()
    event.slug = "same-slug"
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_room_capacity_cannot_be_negative(app: Flask) -> None:
    event = make_event()
    db.session.add(Room(event=event, name="Salle", capacity=-1))
    with insert_fails_with("capacity_not_negative"):
        db.session.commit()


def test_a_session_must_end_after_it_starts(app: Flask) -> None:
    event = make_event()
    start = datetime(2024, 12, 12, 10, tzinfo=UTC)
    db.session.add(
        Session(
            event=event,
            kind=SessionKind.TALK,
            title="Talk",
            starts_at=start,
            ends_at=start,
            created_at=NOW,
            updated_at=NOW,
        )
    )
    with insert_fails_with("end_after_start"):
        db.session.commit()


def test_deleting_an_event_removes_its_rooms_in_the_database(app: Flask) -> None:
    event = make_event()
    db.session.add(Room(event=event, name="Salle"))
    db.session.commit()
    db.session.execute(text("DELETE FROM events WHERE id = :id"), {"id": event.id})
    db.session.commit()
    assert db.session.execute(text("SELECT count(*) FROM rooms")).scalar_one() == 0


def test_foreign_keys_are_enforced(app: Flask) -> None:
    db.session.add(Room(event_id=999_999, name="Orphan"))
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_datetimes_come_back_aware_in_utc_whatever_offset_went_in(app: Flask) -> None:
    event = make_event()
    casablanca = timezone(timedelta(hours=1))
    session = Session(
        event=event,
        kind=SessionKind.TALK,
        title="Talk",
        starts_at=datetime(2024, 12, 12, 10, 0, tzinfo=casablanca),
        ends_at=datetime(2024, 12, 12, 11, 0, tzinfo=casablanca),
        created_at=NOW,
        updated_at=NOW,
    )
    db.session.add(session)
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.get(Session, session.id)
    assert loaded is not None
    assert loaded.starts_at == datetime(2024, 12, 12, 9, 0, tzinfo=UTC)
    assert loaded.starts_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(app: Flask) -> None:
    event = make_event()
    event.created_at = datetime(2024, 12, 12, 10, 0)
    with pytest.raises(Exception, match="naive datetime"):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Event, event.id) is not None

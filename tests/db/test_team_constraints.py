"""What the database itself refuses: an event without an owner, sensitive answers for a
role that never sees attendees, and any edit of the access log."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy import update
from sqlalchemy.exc import DatabaseError

from summit import create_app
from summit.audit.models import AccessAction
from summit.audit.models import AccessLogEntry
from summit.audit.models import AccessLogRegistration
from summit.audit.services import SYSTEM
from summit.audit.services import record
from summit.events.models import Event
from summit.events.models import EventOrganizer
from summit.events.models import TeamRole
from summit.extensions import db
from tests.conftest import app_config
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_member
from tests.factories import make_organizer


def only_owner(event: Event) -> EventOrganizer:
    [owner] = [m for m in event.memberships if m.role is TeamRole.OWNER]
    return owner


def refused(statement: object) -> None:
    with pytest.raises(DatabaseError):
        with db.session.begin_nested():
            db.session.execute(statement)  # type: ignore[call-overload]
    db.session.rollback()


def test_the_database_refuses_to_demote_or_delete_the_last_owner(app: Flask) -> None:
    event = make_event()
    owner = only_owner(event)
    key = (EventOrganizer.event_id == event.id, EventOrganizer.organizer_id == owner.organizer_id)
    refused(update(EventOrganizer).where(*key).values(role=TeamRole.DOOR))
    refused(delete(EventOrganizer).where(*key))
    db.session.expire_all()
    assert only_owner(db.session.get(Event, event.id)).organizer_id == owner.organizer_id  # type: ignore[arg-type]


def test_with_two_owners_one_can_go_and_deleting_the_event_still_works(app: Flask) -> None:
    event = make_event()
    first = only_owner(event)
    make_member(event, TeamRole.OWNER)
    db.session.execute(
        update(EventOrganizer)
        .where(
            EventOrganizer.event_id == event.id,
            EventOrganizer.organizer_id == first.organizer_id,
        )
        .values(role=TeamRole.EDITOR)
    )
    db.session.commit()
    db.session.execute(delete(Event).where(Event.id == event.id))
    db.session.commit()
    assert db.session.get(Event, event.id) is None


def test_deleting_the_account_of_an_events_only_owner_is_refused(app: Flask) -> None:
    organizer = make_organizer()
    make_event(organizer)
    refused(text("DELETE FROM organizers WHERE id = :id").bindparams(id=organizer.id))


def test_a_door_member_cannot_hold_the_sensitive_answers_permission(app: Flask) -> None:
    door = make_member(make_event(), TeamRole.DOOR)
    refused(
        update(EventOrganizer)
        .where(
            EventOrganizer.event_id == door.event_id,
            EventOrganizer.organizer_id == door.organizer_id,
        )
        .values(may_see_sensitive=True)
    )


def _log_cannot_be_edited() -> None:
    entry = record(1, AccessAction.VIEWED_SENSITIVE, actor=SYSTEM, now=NOW, registration_ids=[7, 8])
    db.session.commit()
    refused(update(AccessLogEntry).where(AccessLogEntry.id == entry.id).values(reason="edited"))
    refused(delete(AccessLogEntry).where(AccessLogEntry.id == entry.id))
    refused(update(AccessLogRegistration).values(registration_id=9))
    refused(delete(AccessLogRegistration))
    entry = db.session.get(AccessLogEntry, entry.id)  # type: ignore[assignment]
    entry.reason = "edited through the ORM"
    with pytest.raises(DatabaseError):
        db.session.commit()
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(AccessLogEntry, entry.id).reason == ""  # type: ignore[union-attr]
    assert len(entry.registrations) == 2


def test_the_access_log_cannot_be_updated_or_deleted(app: Flask) -> None:
    _log_cannot_be_edited()


def test_the_migrations_install_the_same_guards(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        _log_cannot_be_edited()
        event = make_event()
        owner = only_owner(event)
        refused(
            delete(EventOrganizer).where(
                EventOrganizer.event_id == event.id,
                EventOrganizer.organizer_id == owner.organizer_id,
            )
        )
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()


def test_two_owners_demoting_each_other_at_once_leave_one_owner(app: Flask) -> None:
    """Both run the service in parallel transactions; the event row lock (services and,
    on PostgreSQL, the trigger) lets exactly one through."""
    import threading

    from summit.teams.services import TeamError
    from summit.teams.services import change_role

    event = make_event()
    first = only_owner(event)
    second = make_member(event, TeamRole.OWNER)
    keys = [(first.organizer_id, second.organizer_id), (second.organizer_id, first.organizer_id)]
    event_id = event.id
    db.session.remove()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(actor_id: int, target_id: int) -> None:
        with app.app_context():
            try:
                one = db.session.get(Event, event_id)
                assert one is not None
                actor = db.session.get(EventOrganizer, (event_id, actor_id))
                target = db.session.get(EventOrganizer, (event_id, target_id))
                barrier.wait(timeout=30)
                change_role(
                    one,
                    target,
                    TeamRole.EDITOR,
                    may_see_sensitive=False,
                    actor=actor,
                    now=NOW,  # type: ignore[arg-type]
                )
                db.session.commit()
                outcomes.append("demoted")
            except (TeamError, DatabaseError):
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=demote, args=key) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["demoted", "refused"]
    owners = db.session.scalars(
        select(EventOrganizer).where(
            EventOrganizer.event_id == event_id, EventOrganizer.role == TeamRole.OWNER
        )
    ).all()
    assert len(owners) == 1

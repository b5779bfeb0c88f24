"""A session's seats hold when one attendee clicks many times at once, and when many
attendees pick and drop together: ``taken`` always equals the number of choices and
never exceeds the capacity (issue 10, finding 1), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import UTC
from datetime import datetime

from flask import Flask
from sqlalchemy import func
from sqlalchemy import select

from summit.extensions import db
from summit.registration.agenda import choose_session
from summit.registration.agenda import drop_session
from summit.registration.errors import RegistrationError
from summit.registration.models import Registration
from summit.registration.models import SessionChoice
from summit.registration.models import SessionSeats
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up

CAPACITY = 5


def _racing_app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 20, "max_overflow": 40, "pool_timeout": 60}
    )


def _workshop(event_id: int) -> int:
    workshop = Session(
        event_id=event_id,
        kind=SessionKind.WORKSHOP,
        title="Breathing workshop",
        starts_at=datetime(2024, 12, 12, 9, tzinfo=UTC),
        ends_at=datetime(2024, 12, 12, 10, tzinfo=UTC),
        capacity=CAPACITY,
        created_at=NOW,
        updated_at=NOW,
    )
    db.session.add(workshop)
    db.session.commit()
    return workshop.id


def _setup(app: Flask, people: int) -> tuple[int, list[int]]:
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=people)
        ids = [sign_up(event, f"p{n}@example.org").registration.id for n in range(people)]
        return _workshop(event.id), ids


def _in_threads(app: Flask, jobs: list[tuple[int, str]], session_id: int) -> list[str]:
    """Run each (registration id, "pick" | "drop") in its own thread, all released at once."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(registration_id: int, action: str) -> None:
        with app.app_context():
            try:
                registration = db.session.get(Registration, registration_id)
                session = db.session.get(Session, session_id)
                assert registration is not None and session is not None
                registration.choices  # noqa: B018  (loaded before the race, like a request)
                barrier.wait(timeout=60)
                if action == "pick":
                    choose_session(registration, session, now=NOW)
                else:
                    drop_session(registration, session_id)
                db.session.commit()
                outcomes.append(action)
            except RegistrationError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


def _counts(app: Flask, session_id: int) -> tuple[int, int]:
    with app.app_context():
        chosen = db.session.execute(
            select(func.count())
            .select_from(SessionChoice)
            .where(SessionChoice.session_id == session_id)
        ).scalar_one()
        seats = db.session.get(SessionSeats, session_id)
        return int(chosen), seats.taken if seats else 0


def _pick_all(app: Flask, people: list[int], session_id: int) -> None:
    with app.app_context():
        session = db.session.get(Session, session_id)
        for registration_id in people:
            registration = db.session.get(Registration, registration_id)
            assert registration is not None and session is not None
            choose_session(registration, session, now=NOW)
        db.session.commit()


def test_ten_parallel_drops_by_one_attendee_free_one_seat(
    make_app: Callable[..., Flask],
) -> None:
    app = _racing_app(make_app)
    session_id, people = _setup(app, 10)
    _pick_all(app, people[:CAPACITY], session_id)

    outcomes = _in_threads(app, [(people[0], "drop")] * 10, session_id)
    assert outcomes.count("drop") == 1
    assert _counts(app, session_id) == (CAPACITY - 1, CAPACITY - 1)

    # Five newcomers now race for the one free seat: one gets it, nobody is oversold.
    outcomes = _in_threads(app, [(p, "pick") for p in people[CAPACITY:]], session_id)
    assert outcomes.count("pick") == 1
    assert _counts(app, session_id) == (CAPACITY, CAPACITY)


def test_ten_parallel_picks_by_one_attendee_take_one_seat(
    make_app: Callable[..., Flask],
) -> None:
    app = _racing_app(make_app)
    session_id, people = _setup(app, 2)

    outcomes = _in_threads(app, [(people[0], "pick")] * 10, session_id)
    assert outcomes.count("pick") == 1
    assert _counts(app, session_id) == (1, 1)


def test_many_attendees_picking_and_dropping_at_once_keep_the_counter_true(
    make_app: Callable[..., Flask],
) -> None:
    app = _racing_app(make_app)
    session_id, people = _setup(app, 12)
    _pick_all(app, people[:CAPACITY], session_id)
    rng = random.Random(10)
    jobs = [(p, "drop") for p in people[:CAPACITY] for _ in range(2)]
    jobs += [(p, "pick") for p in people for _ in range(rng.randint(1, 2))]
    rng.shuffle(jobs)

    _in_threads(app, jobs, session_id)
    chosen, taken = _counts(app, session_id)
    assert chosen == taken
    assert taken <= CAPACITY

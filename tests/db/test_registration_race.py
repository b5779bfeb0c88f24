"""Parallel sign-ups never oversell, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask
from sqlalchemy import select

from summit.extensions import db
from summit.registration.checkin import check_in
from summit.registration.errors import RegistrationError
from summit.registration.models import Registration
from summit.registration.models import RegistrationSettings
from summit.registration.models import RegistrationStatus
from summit.registration.services import AttendeeData
from summit.registration.services import cancel_registration
from summit.registration.services import register_attendee
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up

SEATS = 50
SIGN_UPS = 220


def _race(app: Flask, event_id: int, count: int) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def sign_up(n: int) -> None:
        with app.app_context():
            try:
                from summit.events.models import Event

                event = db.session.get(Event, event_id)
                assert event is not None
                barrier.wait(timeout=60)
                register_attendee(
                    event,
                    AttendeeData(name=f"Person {n}", email=f"person{n}@example.org"),
                    key=KEY,
                    now=NOW,
                )
                db.session.commit()
            except BaseException as error:  # collected and re-raised by the test
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return errors


def _racing_app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 20, "max_overflow": 230, "pool_timeout": 60}
    )


def test_parallel_sign_ups_confirm_exactly_the_seats_and_waitlist_the_rest_in_order(
    make_app: Callable[..., Flask],
) -> None:
    app = _racing_app(make_app)
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=SEATS)
        event_id = event.id

    errors = _race(app, event_id, SIGN_UPS)
    assert errors == []

    with app.app_context():
        rows = list(
            db.session.execute(
                select(Registration).where(Registration.event_id == event_id)
            ).scalars()
        )
        confirmed = [r for r in rows if r.status is RegistrationStatus.CONFIRMED]
        waitlisted = [r for r in rows if r.status is RegistrationStatus.WAITLISTED]
        assert len(rows) == SIGN_UPS
        assert len(confirmed) == SEATS
        assert len(waitlisted) == SIGN_UPS - SEATS
        # Waiting-list numbers are handed out once each, without gaps: 1, 2, 3, ...
        assert sorted(r.waitlist_number for r in waitlisted) == list(range(1, SIGN_UPS - SEATS + 1))
        settings = db.session.get(RegistrationSettings, event_id)
        assert settings is not None
        assert settings.confirmed_count == SEATS


def test_parallel_cancellations_promote_each_waitlisted_person_once(
    make_app: Callable[..., Flask],
) -> None:
    app = _racing_app(make_app)
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=20)
        event_id = event.id
    assert _race(app, event_id, 40) == []

    with app.app_context():
        confirmed_ids = list(
            db.session.execute(
                select(Registration.id).where(
                    Registration.event_id == event_id,
                    Registration.status == RegistrationStatus.CONFIRMED,
                )
            ).scalars()
        )[:10]

    barrier = threading.Barrier(len(confirmed_ids))
    errors: list[BaseException] = []

    def cancel(registration_id: int) -> None:
        with app.app_context():
            try:
                registration = db.session.get(Registration, registration_id)
                assert registration is not None
                barrier.wait(timeout=60)
                cancel_registration(registration, now=NOW)
                db.session.commit()
            except BaseException as error:
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=cancel, args=(i,)) for i in confirmed_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []

    with app.app_context():
        statuses = list(
            db.session.execute(
                select(Registration.status).where(Registration.event_id == event_id)
            ).scalars()
        )
        assert statuses.count(RegistrationStatus.CONFIRMED) == 20
        assert statuses.count(RegistrationStatus.CANCELLED) == 10
        assert statuses.count(RegistrationStatus.WAITLISTED) == 10
        settings = db.session.get(RegistrationSettings, event_id)
        assert settings is not None and settings.confirmed_count == 20


def _in_parallel(app: Flask, registration_id: int, action: Callable[..., object], n: int) -> int:
    """Run ``action(registration)`` in ``n`` threads at once; how many succeeded."""
    barrier = threading.Barrier(n)
    successes: list[int] = []

    def run() -> None:
        with app.app_context():
            try:
                registration = db.session.get(Registration, registration_id)
                assert registration is not None
                registration.status  # noqa: B018  (loaded before the race, like a request)
                barrier.wait(timeout=60)
                action(registration)
                db.session.commit()
                successes.append(1)
            except RegistrationError:
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return len(successes)


def test_a_double_cancel_frees_one_seat_and_promotes_one_person(
    make_app: Callable[..., Flask],
) -> None:
    app = _racing_app(make_app)
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=1)
        holder = sign_up(event, "holder@example.org").registration.id
        sign_up(event, "w1@example.org")
        sign_up(event, "w2@example.org")
        event_id = event.id

    done = _in_parallel(app, holder, lambda r: cancel_registration(r, now=NOW), 8)
    assert done == 1
    with app.app_context():
        statuses = sorted(
            s.value
            for s in db.session.execute(
                select(Registration.status).where(Registration.event_id == event_id)
            ).scalars()
        )
        assert statuses == ["cancelled", "confirmed", "waitlisted"]
        settings = db.session.get(RegistrationSettings, event_id)
        assert settings is not None and settings.confirmed_count == 1


def test_a_ticket_scanned_at_two_doors_at_once_checks_in_once(
    make_app: Callable[..., Flask],
) -> None:
    app = _racing_app(make_app)
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=1)
        person = sign_up(event, "a@example.org").registration.id
    results: list[bool] = []

    def scan(registration: Registration) -> None:
        results.append(check_in(registration.event, registration, now=NOW).ok)

    _in_parallel(app, person, scan, 8)
    assert sorted(results) == [False] * 7 + [True]


def test_parallel_session_picks_never_exceed_the_sessions_seats(
    make_app: Callable[..., Flask],
) -> None:
    from datetime import UTC
    from datetime import datetime

    from summit.registration.agenda import choose_session
    from summit.registration.models import SessionChoice
    from summit.schedule.models import Session
    from summit.schedule.models import SessionKind

    app = _racing_app(make_app)
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=12)
        people = [sign_up(event, f"p{n}@example.org").registration.id for n in range(12)]
        workshop = Session(
            event_id=event.id,
            kind=SessionKind.WORKSHOP,
            title="Breathing workshop",
            starts_at=datetime(2024, 12, 12, 9, tzinfo=UTC),
            ends_at=datetime(2024, 12, 12, 10, tzinfo=UTC),
            capacity=3,
            created_at=NOW,
            updated_at=NOW,
        )
        db.session.add(workshop)
        db.session.commit()
        session_id = workshop.id

    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def pick(registration_id: int) -> None:
        with app.app_context():
            try:
                registration = db.session.get(Registration, registration_id)
                session = db.session.get(Session, session_id)
                assert registration is not None and session is not None
                barrier.wait(timeout=60)
                choose_session(registration, session, now=NOW)
                db.session.commit()
                outcomes.append("chosen")
            except RegistrationError:
                db.session.rollback()
                outcomes.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=pick, args=(i,)) for i in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(outcomes) == ["chosen"] * 3 + ["full"] * 9
    with app.app_context():
        chosen = db.session.execute(
            select(SessionChoice).where(SessionChoice.session_id == session_id)
        ).all()
        assert len(chosen) == 3

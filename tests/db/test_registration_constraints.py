from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationSettings
from summit.registration.models import RegistrationStatus
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up


def _registration(event_id: int, email: str, status: RegistrationStatus) -> Registration:
    return Registration(
        event_id=event_id,
        name="X",
        email=email,
        email_normalized=email.casefold(),
        status=status,
        created_at=NOW,
        updated_at=NOW,
    )


def test_the_database_refuses_a_second_active_registration_for_the_same_email(
    app: Flask,
) -> None:
    event = make_event(published=True)
    open_registration(event)
    sign_up(event, "a@example.org")
    db.session.add(_registration(event.id, "a@example.org", RegistrationStatus.PENDING))
    with pytest.raises(IntegrityError, match="uq_registrations_active_email|UNIQUE"):
        db.session.commit()
    db.session.rollback()


def test_a_cancelled_registration_does_not_block_a_new_one(app: Flask) -> None:
    event = make_event(published=True)
    db.session.add(_registration(event.id, "a@example.org", RegistrationStatus.CANCELLED))
    db.session.add(_registration(event.id, "a@example.org", RegistrationStatus.CANCELLED))
    db.session.add(_registration(event.id, "a@example.org", RegistrationStatus.PENDING))
    db.session.commit()


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"capacity": -1}, "capacity_not_negative|confirmed_within_capacity"),
        ({"confirmed_count": 11}, "confirmed_within_capacity"),
        ({"confirmed_count": -1}, "confirmed_not_negative"),
    ],
)
def test_the_seat_counter_stays_between_zero_and_capacity(
    app: Flask, values: dict[str, int], constraint: str
) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=10)
    with pytest.raises(IntegrityError, match=constraint):
        db.session.execute(
            update(RegistrationSettings)
            .where(RegistrationSettings.event_id == event.id)
            .values(**values)
        )
    db.session.rollback()


def test_a_waitlisted_registration_needs_a_waiting_list_number(app: Flask) -> None:
    event = make_event(published=True)
    db.session.add(_registration(event.id, "a@example.org", RegistrationStatus.WAITLISTED))
    with pytest.raises(IntegrityError, match="waitlisted_has_number"):
        db.session.commit()
    db.session.rollback()


def test_only_erased_registrations_may_lack_an_email(app: Flask) -> None:
    event = make_event(published=True)
    row = _registration(event.id, "a@example.org", RegistrationStatus.CONFIRMED)
    row.email_normalized = None
    db.session.add(row)
    with pytest.raises(IntegrityError, match="email_unless_erased"):
        db.session.commit()
    db.session.rollback()

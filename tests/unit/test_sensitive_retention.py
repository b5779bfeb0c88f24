"""The automatic erasure of sensitive answers at their own, earlier date."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

from flask import Flask
from sqlalchemy import select

from summit.audit.models import AccessAction
from summit.audit.models import AccessLogEntry
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.roster import counts
from summit.registration.sensitive import erase_expired_sensitive_answers
from tests.factories import make_event
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)


def test_sensitive_answers_go_the_day_after_their_date_and_everything_else_stays(
    app: Flask,
) -> None:
    event = make_event()  # 12 December 2024, so the default date is 11 January 2025
    open_registration(event, ask_accessibility=True, ask_health=True, ask_organization=True)
    amina = sign_up(
        event, "a@example.org", name="Amina", organization="CHU", health_notes="Asthma"
    ).registration
    sign_up(event, "b@example.org", name="Badr")
    before = counts(event)

    assert erase_expired_sensitive_answers(at(date(2025, 1, 11))) == {}
    assert db.session.get(Registration, amina.id).health_notes == "Asthma"  # type: ignore[union-attr]

    assert erase_expired_sensitive_answers(at(date(2025, 1, 12))) == {event.id: 1}
    db.session.commit()
    person = db.session.get(Registration, amina.id)
    assert person is not None
    assert (person.health_notes, person.name, person.organization) == ("", "Amina", "CHU")
    assert person.status is RegistrationStatus.CONFIRMED
    assert counts(event) == before  # counts kept
    [entry] = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.action == AccessAction.SENSITIVE_ERASED)
    ).all()
    assert (entry.actor_email, entry.registration_count) == ("", 1)
    assert [r.registration_id for r in entry.registrations] == [amina.id]

    # A second run finds nothing left and logs nothing more.
    assert erase_expired_sensitive_answers(at(date(2025, 2, 1))) == {}


def test_an_earlier_date_set_by_the_organizer_wins(app: Flask) -> None:
    event = make_event()
    open_registration(event, ask_dietary=True, sensitive_retention_until=date(2024, 12, 13))
    sign_up(event, "a@example.org", dietary_needs="Halal")
    assert erase_expired_sensitive_answers(at(date(2024, 12, 14))) == {event.id: 1}


def test_an_ordinary_question_waits_for_the_general_retention_date(app: Flask) -> None:
    event = make_event()
    open_registration(event, ask_dietary=True, dietary_sensitive=False)
    person = sign_up(event, "a@example.org", dietary_needs="Halal").registration
    assert erase_expired_sensitive_answers(at(date(2025, 3, 1))) == {}
    assert db.session.get(Registration, person.id).dietary_needs == "Halal"  # type: ignore[union-attr]


def test_the_worker_runs_both_erasures_every_night(app: Flask) -> None:
    from summit.registration import jobs
    from summit.tasks import huey

    def due_at(hour: int, minute: int) -> set[str]:
        # Huey's scheduler asks this each minute (naive UTC, as Huey keeps time).
        moment = datetime(2026, 1, 5, hour, minute)  # noqa: DTZ001
        return {task.name.rsplit(".", 1)[-1] for task in huey.read_periodic(moment)}

    assert "erase_expired_registrations" in due_at(3, 17)
    assert "erase_expired_sensitive" in due_at(3, 27)
    assert "erase_expired_sensitive" not in due_at(12, 27)
    event = make_event(start_date=date(2020, 3, 2), end_date=date(2020, 3, 2))
    open_registration(event, ask_health=True)
    amina = sign_up(event, "a@example.org", name="Amina", health_notes="Asthma").registration
    jobs.erase_expired_sensitive.call_local()  # what the worker's scheduler calls
    person = db.session.get(Registration, amina.id)
    assert person is not None and person.health_notes == ""

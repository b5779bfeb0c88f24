from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask_babel import force_locale

from summit.extensions import db
from summit.registration.checkin import check_in
from summit.registration.errors import AlreadyRegistered
from summit.registration.errors import EventFull
from summit.registration.errors import RegistrationClosed
from summit.registration.errors import RegistrationError
from summit.registration.links import registration_by_token
from summit.registration.links import rotate_token
from summit.registration.models import RegistrationStatus
from summit.registration.privacy import erase_expired
from summit.registration.privacy import erase_registration
from summit.registration.roster import counts
from summit.registration.services import AttendeeData
from summit.registration.services import SettingsData
from summit.registration.services import approve_registration
from summit.registration.services import cancel_registration
from summit.registration.services import confirm_from_waitlist
from summit.registration.services import get_settings
from summit.registration.services import register_attendee
from summit.registration.services import save_settings
from summit.registration.waitlist import waitlist_position
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up


def english(message: object) -> str:
    with force_locale("en"):
        return str(message)


def test_sign_ups_are_confirmed_until_full_then_waitlisted_with_positions(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=2)
    results = [sign_up(event, f"p{n}@example.org") for n in range(4)]
    statuses = [r.registration.status for r in results]
    assert statuses == [RegistrationStatus.CONFIRMED] * 2 + [RegistrationStatus.WAITLISTED] * 2
    assert [waitlist_position(r.registration) for r in results] == [None, None, 1, 2]


def test_a_full_event_without_waiting_list_refuses_sign_ups(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1, waitlist_enabled=False)
    sign_up(event, "first@example.org")
    with pytest.raises(EventFull):
        sign_up(event, "second@example.org")


def test_approval_required_makes_sign_ups_pending_and_approval_takes_a_seat(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1, approval_required=True)
    first = sign_up(event, "a@example.org").registration
    second = sign_up(event, "b@example.org").registration
    assert first.status is RegistrationStatus.PENDING
    approve_registration(first, now=NOW)
    approve_registration(second, now=NOW)
    assert first.status is RegistrationStatus.CONFIRMED
    assert second.status is RegistrationStatus.WAITLISTED


def test_the_same_email_in_other_case_is_already_registered(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event)
    sign_up(event, "Salma@Example.org")
    with pytest.raises(AlreadyRegistered):
        sign_up(event, "  salma@example.ORG ")


def test_registration_is_closed_before_it_opens_and_after_it_closes(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, opens_at=NOW + timedelta(hours=1), closes_at=NOW + timedelta(days=1))
    data = AttendeeData(name="A", email="a@example.org")
    with pytest.raises(RegistrationClosed):
        register_attendee(event, data, key=KEY, now=NOW)
    with pytest.raises(RegistrationClosed):
        register_attendee(event, data, key=KEY, now=NOW + timedelta(days=1))
    ok = register_attendee(event, data, key=KEY, now=NOW + timedelta(hours=2))
    assert ok.registration.status is RegistrationStatus.CONFIRMED


def test_an_event_without_settings_is_closed(app: Flask) -> None:
    event = make_event(published=True)
    with pytest.raises(RegistrationClosed):
        register_attendee(event, AttendeeData(name="A", email="a@x.org"), key=KEY, now=NOW)


def test_every_consent_and_a_listed_category_are_required(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, categories=["Student"], consent_texts=["I agree to the rules"])
    with pytest.raises(RegistrationError) as error:
        sign_up(event, "a@example.org", category="Student")
    assert error.value.field == "consents"
    with pytest.raises(RegistrationError) as error:
        sign_up(event, "a@example.org", category="Astronaut", consents=["I agree to the rules"])
    assert error.value.field == "category"
    ok = sign_up(event, "a@example.org", category="Student", consents=["I agree to the rules"])
    assert ok.registration.consents == "I agree to the rules"


def test_cancelling_promotes_first_waitlisted_attendee(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1)
    first = sign_up(event, "a@example.org").registration
    second = sign_up(event, "b@example.org").registration
    third = sign_up(event, "c@example.org").registration
    promoted = cancel_registration(first, now=NOW)
    assert promoted == [second]
    assert second.status is RegistrationStatus.CONFIRMED
    assert waitlist_position(third) == 1


def test_cancelling_a_waitlisted_person_promotes_nobody(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1)
    sign_up(event, "a@example.org")
    waiting = sign_up(event, "b@example.org").registration
    assert cancel_registration(waiting, now=NOW) == []
    with pytest.raises(RegistrationError):
        cancel_registration(waiting, now=NOW)


def test_raising_capacity_promotes_in_order_and_lowering_below_confirmed_is_refused(
    app: Flask,
) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1)
    regs = [sign_up(event, f"p{n}@example.org").registration for n in range(4)]
    _, promoted = save_settings(event, SettingsData(is_open=True, capacity=3), now=NOW)
    assert promoted == regs[1:3]
    assert regs[3].status is RegistrationStatus.WAITLISTED
    with pytest.raises(RegistrationError) as error:
        save_settings(event, SettingsData(is_open=True, capacity=2), now=NOW)
    assert error.value.field == "capacity"


def test_moving_off_the_waiting_list_needs_a_free_seat(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1)
    sign_up(event, "a@example.org")
    waiting = sign_up(event, "b@example.org").registration
    with pytest.raises(EventFull):
        confirm_from_waitlist(waiting, now=NOW)


def test_tokens_find_only_their_own_event_and_rotation_retires_the_old_link(app: Flask) -> None:
    event, other = make_event(published=True), make_event(published=True)
    open_registration(event)
    result = sign_up(event, "a@example.org")
    assert registration_by_token(event, result.token) is result.registration
    assert registration_by_token(other, result.token) is None
    assert result.token not in [link.token_hash for link in result.registration.links]
    new = rotate_token(result.registration, key=KEY, now=NOW)
    assert registration_by_token(event, result.token) is None
    assert registration_by_token(event, new) is result.registration


def test_checking_in_twice_keeps_the_first_time(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1)
    person = sign_up(event, "a@example.org").registration
    assert check_in(event, person, now=NOW).ok
    again = check_in(event, person, now=NOW + timedelta(hours=1))
    assert not again.ok and again.first_time == NOW
    assert person.checked_in_at == NOW


@pytest.mark.parametrize("status", ["cancelled", "waitlisted", "pending"])
def test_check_in_refuses_people_without_a_seat(app: Flask, status: str) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=5)
    person = sign_up(event, "a@example.org").registration
    person.status = RegistrationStatus(status)
    person.waitlist_number = 99
    result = check_in(event, person, now=NOW)
    assert not result.ok and "Refused" in english(result.message)
    assert person.checked_in_at is None


def test_check_in_refuses_another_events_ticket(app: Flask) -> None:
    event, other = make_event(published=True), make_event(published=True)
    open_registration(other)
    person = sign_up(other, "a@example.org").registration
    result = check_in(event, person, now=NOW)
    assert not result.ok and "another event" in english(result.message)


def test_erasing_removes_personal_data_but_keeps_counts(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, ask_accessibility=True, categories=["Student"])
    person = sign_up(
        event, "a@example.org", name="Aïcha", category="Student", accessibility_needs="Ramp"
    ).registration
    erase_registration(person, now=NOW)
    db.session.commit()
    assert (person.name, person.email, person.accessibility_needs) == ("", "", "")
    assert person.links == []
    by_status, by_category = counts(event)
    assert by_status["confirmed"] == 1
    assert by_category["Student"]["confirmed"] == 1
    # The e-mail is free again for a new registration.
    sign_up(event, "a@example.org", category="Student")


def test_an_erased_registration_is_never_given_a_seat(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, capacity=1)
    holder = sign_up(event, "holder@example.org").registration
    erased = sign_up(event, "erased@example.org").registration
    next_in_line = sign_up(event, "next@example.org").registration
    erase_registration(erased, now=NOW)
    with pytest.raises(RegistrationError):
        confirm_from_waitlist(erased, now=NOW)

    promoted = cancel_registration(holder, now=NOW)

    assert promoted == [next_in_line]
    assert next_in_line.status is RegistrationStatus.CONFIRMED
    assert erased.status is RegistrationStatus.WAITLISTED  # counts kept, no seat


def test_an_erased_pending_registration_cannot_be_approved(app: Flask) -> None:
    event = make_event(published=True)
    open_registration(event, approval_required=True)
    pending = sign_up(event, "pending@example.org").registration
    erase_registration(pending, now=NOW)
    with pytest.raises(RegistrationError):
        approve_registration(pending, now=NOW)
    assert pending.status is RegistrationStatus.PENDING


def test_erase_expired_only_touches_past_events_past_their_retention_date(app: Flask) -> None:
    past = make_event(published=True)
    kept = make_event(published=True)
    open_registration(past, retention_until=past.end_date + timedelta(days=30))
    open_registration(kept, retention_until=kept.end_date + timedelta(days=90))
    gone = sign_up(past, "a@example.org").registration
    stays = sign_up(kept, "b@example.org").registration
    later = NOW.replace(year=2025, month=2, day=1)
    assert erase_expired(now=later) == 1
    assert gone.is_erased and not stays.is_erased
    assert erase_expired(now=NOW) == 0
    assert get_settings(past) is not None

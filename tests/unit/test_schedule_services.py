from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any

import pytest
from sqlalchemy import select

from summit.extensions import db
from summit.schedule.models import ScheduleChange
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole
from summit.schedule.services import ScheduleError
from summit.schedule.services import SessionData
from summit.schedule.services import SlotData
from summit.schedule.services import add_role
from summit.schedule.services import move_session
from summit.schedule.services import remove_role
from summit.schedule.services import save_session
from summit.schedule.speakers import MAX_BIO_CHARS
from summit.schedule.speakers import SpeakerData
from summit.schedule.speakers import add_availability
from summit.schedule.speakers import save_speaker
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker

DAY = date(2024, 12, 12)


@pytest.fixture(autouse=True)
def request_context(app: Any) -> Any:
    """Error messages are lazy translations: reading them needs a request's locale."""
    with app.test_request_context():
        yield


def changes() -> list[ScheduleChange]:
    return list(db.session.execute(select(ScheduleChange).order_by(ScheduleChange.id)).scalars())


def data(**slot: Any) -> SessionData:
    return SessionData(kind=SessionKind.TALK, title="Talk", slot=SlotData(**slot))


def test_local_times_are_stored_in_utc(app: Any) -> None:
    event = make_event()  # Africa/Casablanca, UTC+1 in December
    session = make_session(event, start=time(10, 0), end=time(11, 30))
    assert session.starts_at == datetime(2024, 12, 12, 9, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2024, 12, 12, 10, 30, tzinfo=UTC)


def test_casablanca_event_across_the_ramadan_offset_change_keeps_wall_clock_times(
    app: Any,
) -> None:
    event = make_event(
        start_date=date(2025, 2, 22), end_date=date(2025, 2, 24), timezone="Africa/Casablanca"
    )
    saturday = make_session(event, day=date(2025, 2, 22), start=time(10), end=time(11))
    monday = make_session(event, day=date(2025, 2, 24), start=time(10), end=time(11))
    assert saturday.starts_at == datetime(2025, 2, 22, 9, 0, tzinfo=UTC)
    assert monday.starts_at == datetime(2025, 2, 24, 10, 0, tzinfo=UTC)
    # 02:30 on the switch day happens twice: refused rather than guessed.
    with pytest.raises(ScheduleError) as caught:
        save_session(
            event,
            data(day=date(2025, 2, 23), start=time(2, 30), end=time(4, 0)),
            actor=None,
            now=NOW,
        )
    assert caught.value.field == "start"
    assert "twice" in str(caught.value.message)


def test_a_time_skipped_by_the_clocks_is_refused(app: Any) -> None:
    event = make_event(
        start_date=date(2025, 3, 30), end_date=date(2025, 3, 30), timezone="Europe/Paris"
    )
    with pytest.raises(ScheduleError) as caught:
        save_session(
            event, data(day=date(2025, 3, 30), start=time(1), end=time(2, 30)), actor=None, now=NOW
        )
    assert caught.value.field == "end"
    assert "does not exist" in str(caught.value.message)


@pytest.mark.parametrize(
    ("slot", "field"),
    [
        ({"day": DAY, "start": time(11), "end": time(10)}, "end"),
        ({"day": DAY, "start": time(11), "end": time(11)}, "end"),
        ({"day": date(2024, 12, 13), "start": time(10), "end": time(11)}, "day"),
        ({"day": date(2024, 12, 11), "start": time(10), "end": time(11)}, "day"),
        ({"day": DAY, "start": time(10)}, "end"),
        ({"start": time(10), "end": time(11)}, "day"),
    ],
)
def test_hard_errors_refuse_the_session(app: Any, slot: dict[str, Any], field: str) -> None:
    event = make_event()
    with pytest.raises(ScheduleError) as caught:
        save_session(event, data(**slot), actor=None, now=NOW)
    assert caught.value.field == field


def test_a_room_of_another_event_is_refused(app: Any) -> None:
    event, other = make_event(), make_event()
    foreign = make_room(other)
    with pytest.raises(ScheduleError) as caught:
        save_session(
            event,
            data(day=DAY, start=time(10), end=time(11), room_id=foreign.id),
            actor=None,
            now=NOW,
        )
    assert caught.value.field == "room_id"


def test_unscheduled_sessions_are_allowed(app: Any) -> None:
    session = make_session(make_event(), start=None, end=None)
    assert session.starts_at is None and session.ends_at is None
    assert not session.is_scheduled


def test_overlapping_sessions_are_saved_with_a_warning_not_refused(app: Any) -> None:
    event = make_event()
    room = make_room(event)
    make_session(event, room=room)
    second = make_session(event, room=room)
    assert second.id is not None


def test_changes_to_a_draft_are_not_logged(app: Any) -> None:
    event = make_event()
    session = make_session(event)
    move_session(event, session, SlotData(DAY, time(14), time(15)), actor=None, now=NOW)
    db.session.commit()
    assert changes() == []
    assert session.sequence == 0


def test_moving_a_published_session_logs_time_and_room_and_raises_sequence_once(
    app: Any,
) -> None:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    first, second = make_room(event, "A"), make_room(event, "B")
    session = make_session(event, room=first)
    assert [c.field for c in changes()] == ["created"]
    move_session(
        event,
        session,
        SlotData(DAY, time(14), time(15), second.id),
        actor=organizer,
        now=NOW,
    )
    db.session.commit()
    logged = changes()[1:]
    assert [(c.field, c.before, c.after) for c in logged] == [
        (
            "time",
            "2024-12-12T09:00:00+00:00/2024-12-12T10:00:00+00:00",
            "2024-12-12T13:00:00+00:00/2024-12-12T14:00:00+00:00",
        ),
        ("room", "A", "B"),
    ]
    assert all(c.changed_by_id == organizer.id and c.changed_at == NOW for c in logged)
    assert session.sequence == 1


def test_cancelling_a_published_session_logs_status_and_raises_sequence(app: Any) -> None:
    event = make_event(published=True)
    session = make_session(event)
    cancelled = data(day=DAY, start=time(10), end=time(11))
    cancelled.status = SessionStatus.CANCELLED
    save_session(event, cancelled, session, actor=None, now=NOW)
    db.session.commit()
    assert [(c.field, c.before, c.after) for c in changes()[1:]] == [
        ("status", "scheduled", "cancelled")
    ]
    assert session.sequence == 1


def test_editing_only_the_title_keeps_the_sequence(app: Any) -> None:
    event = make_event(published=True)
    session = make_session(event)
    edited = data(day=DAY, start=time(10), end=time(11))
    edited.title = "A better title"
    save_session(event, edited, session, actor=None, now=NOW)
    db.session.commit()
    assert session.sequence == 0
    assert [c.field for c in changes()] == ["created"]


def test_speaker_changes_on_a_published_session_are_logged_and_raise_the_sequence(app: Any) -> None:
    event = make_event(published=True)
    session = make_session(event)
    speaker = make_speaker(event, "Ayoub Benabbou")
    link = give_role(event, session, speaker)
    remove_role(event, session, link.id, actor=None, now=NOW)
    db.session.commit()
    logged = [(c.field, c.before, c.after) for c in changes()[1:]]
    assert logged == [
        ("speakers", "", "Ayoub Benabbou (panelist)"),
        ("speakers", "Ayoub Benabbou (panelist)", ""),
    ]
    # Calendars show the speakers: each change is a new version of the entry.
    assert session.sequence == 2


def test_one_role_per_speaker_per_session(app: Any) -> None:
    event = make_event()
    session = make_session(event)
    speaker = make_speaker(event)
    give_role(event, session, speaker)
    with pytest.raises(ScheduleError) as caught:
        add_role(event, session, speaker.id, SpeakerRole.MODERATOR, actor=None, now=NOW)
    assert caught.value.field == "speaker_id"
    db.session.rollback()
    assert len(session.roles) == 1


def test_a_speaker_of_another_event_cannot_get_a_role(app: Any) -> None:
    event, other = make_event(), make_event()
    session = make_session(event)
    stranger = make_speaker(other)
    with pytest.raises(ScheduleError):
        add_role(event, session, stranger.id, SpeakerRole.PANELIST, actor=None, now=NOW)


def test_roles_get_the_next_position_by_default(app: Any) -> None:
    event = make_event()
    session = make_session(event)
    first = give_role(event, session, make_speaker(event))
    second = give_role(event, session, make_speaker(event))
    assert (first.position, second.position) == (0, 1)


def test_an_oversized_bio_is_refused(app: Any) -> None:
    with pytest.raises(ScheduleError) as caught:
        save_speaker(make_event(), SpeakerData("X", bio="a" * (MAX_BIO_CHARS + 1)), now=NOW)
    assert caught.value.field == "bio"


def test_links_must_be_web_addresses(app: Any) -> None:
    with pytest.raises(ScheduleError) as caught:
        save_speaker(make_event(), SpeakerData("X", links=["javascript:alert(1)"]), now=NOW)
    assert caught.value.field == "links"


def test_availability_windows_use_event_local_time(app: Any) -> None:
    event = make_event()
    speaker = make_speaker(event)
    window = add_availability(event, speaker, SlotData(DAY, time(9), time(12)), now=NOW)
    assert window.starts_at == datetime(2024, 12, 12, 8, 0, tzinfo=UTC)
    with pytest.raises(ScheduleError):
        add_availability(event, speaker, SlotData(DAY, time(12), time(9)), now=NOW)

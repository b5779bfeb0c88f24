"""The conflicts service reads rows already loaded: these tests build them in memory."""

from __future__ import annotations

import itertools
from datetime import UTC
from datetime import datetime

from summit.schedule.conflicts import Conflict
from summit.schedule.conflicts import ConflictKind
from summit.schedule.conflicts import find_conflicts
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole
from summit.schedule.rows import RoleRow
from summit.schedule.rows import RoomRow
from summit.schedule.rows import SessionRow
from summit.schedule.rows import SpeakerRow

_ids = itertools.count(1)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 12, 12, hour, minute, tzinfo=UTC)


def room(capacity: int | None = 100) -> RoomRow:
    return RoomRow(id=next(_ids), name="Salle plénière", capacity=capacity)


def speaker(
    email: str = "s@example.org", windows: list[tuple[int, int]] | None = None
) -> SpeakerRow:
    return SpeakerRow(
        id=next(_ids),
        display_name="Dr Imane Kendili",
        affiliation="UM6P",
        email=email,
        availability=[(at(a), at(b)) for a, b in (windows or [])],
    )


def session(
    start: int | None,
    end: int | None,
    *,
    where: RoomRow | None = None,
    people: list[tuple[SpeakerRow, SpeakerRole]] | None = None,
    kind: SessionKind = SessionKind.TALK,
    status: SessionStatus = SessionStatus.SCHEDULED,
    capacity: int | None = None,
) -> SessionRow:
    number = next(_ids)
    return SessionRow(
        id=number,
        public_id=f"p{number}",
        title=f"Session {number}",
        kind=kind,
        status=status,
        content_note="",
        language="fr",
        room_id=where.id if where else None,
        room=where,
        starts_at=at(start) if start is not None else None,
        ends_at=at(end) if end is not None else None,
        capacity=capacity,
        roles=[
            RoleRow(next(_ids), person.id, role, position, person)
            for position, (person, role) in enumerate(people or [])
        ],
    )


def kinds(found: dict[int, list[Conflict]], item: SessionRow) -> list[ConflictKind]:
    return [c.kind for c in found.get(item.id, [])]


def test_speaker_in_two_overlapping_sessions_is_double_booked_on_both() -> None:
    person = speaker()
    first = session(10, 11, people=[(person, SpeakerRole.SPEAKER)])
    second = session(10, 12, people=[(person, SpeakerRole.PANELIST)])
    found = find_conflicts([first, second])
    assert kinds(found, first) == [ConflictKind.SPEAKER_DOUBLE_BOOKED]
    assert kinds(found, second) == [ConflictKind.SPEAKER_DOUBLE_BOOKED]
    assert found[first.id][0].other_session_id == second.id
    assert "Dr Imane Kendili" in str(found[first.id][0].message)


def test_back_to_back_sessions_are_not_a_conflict() -> None:
    person = speaker()
    shared = room()
    first = session(10, 11, where=shared, people=[(person, SpeakerRole.SPEAKER)])
    second = session(11, 12, where=shared, people=[(person, SpeakerRole.SPEAKER)])
    assert find_conflicts([first, second]) == {}


def test_cancelled_sessions_conflict_with_nothing() -> None:
    person = speaker()
    shared = room()
    first = session(10, 11, where=shared, people=[(person, SpeakerRole.SPEAKER)])
    second = session(
        10, 11, where=shared, people=[(person, SpeakerRole.SPEAKER)], status=SessionStatus.CANCELLED
    )
    assert find_conflicts([first, second]) == {}


def test_two_sessions_in_one_room_at_once_are_flagged() -> None:
    shared = room()
    first, second, elsewhere = (
        session(9, 11, where=shared),
        session(10, 12, where=shared),
        session(10, 12, where=room()),
    )
    found = find_conflicts([first, second, elsewhere])
    assert kinds(found, first) == [ConflictKind.ROOM_DOUBLE_BOOKED]
    assert kinds(found, second) == [ConflictKind.ROOM_DOUBLE_BOOKED]
    assert elsewhere.id not in found


def test_a_long_session_overlapping_several_later_ones_flags_each_pair() -> None:
    shared = room()
    long = session(9, 13, where=shared)
    short_ones = [session(h, h + 1, where=shared) for h in (9, 10, 11)]
    found = find_conflicts([long, *short_ones])
    assert len(found[long.id]) == 3
    assert all(len(found[s.id]) == 1 for s in short_ones[1:])


def test_speaker_outside_every_availability_window_is_flagged() -> None:
    person = speaker(windows=[(8, 10), (14, 18)])
    outside = session(10, 11, people=[(person, SpeakerRole.SPEAKER)])
    straddling = session(13, 15, people=[(person, SpeakerRole.SPEAKER)])
    inside = session(15, 16, people=[(person, SpeakerRole.SPEAKER)])
    found = find_conflicts([outside, straddling, inside])
    assert kinds(found, outside) == [ConflictKind.SPEAKER_UNAVAILABLE]
    assert kinds(found, straddling) == [ConflictKind.SPEAKER_UNAVAILABLE]
    assert inside.id not in found


def test_speaker_without_windows_is_always_available() -> None:
    person = speaker(windows=[])
    assert find_conflicts([session(3, 4, people=[(person, SpeakerRole.SPEAKER)])]) == {}


def test_seats_above_room_capacity_are_flagged() -> None:
    small = room(capacity=30)
    over = session(10, 11, where=small, capacity=40)
    fits = session(12, 13, where=small, capacity=30)
    no_limit = session(14, 15, where=room(capacity=None), capacity=400)
    found = find_conflicts([over, fits, no_limit])
    assert kinds(found, over) == [ConflictKind.OVER_ROOM_CAPACITY]
    assert fits.id not in found and no_limit.id not in found


def test_round_table_without_moderator_is_flagged_even_when_unscheduled() -> None:
    panelist = speaker()
    missing = session(
        None, None, kind=SessionKind.ROUND_TABLE, people=[(panelist, SpeakerRole.PANELIST)]
    )
    moderated = session(
        10, 11, kind=SessionKind.ROUND_TABLE, people=[(speaker(), SpeakerRole.MODERATOR)]
    )
    found = find_conflicts([missing, moderated])
    assert kinds(found, missing) == [ConflictKind.NO_MODERATOR]
    assert moderated.id not in found


def test_speaker_without_email_is_flagged_on_each_of_their_sessions() -> None:
    person = speaker(email="")
    first = session(10, 11, people=[(person, SpeakerRole.SPEAKER)])
    second = session(12, 13, people=[(person, SpeakerRole.SPEAKER)])
    found = find_conflicts([first, second])
    assert kinds(found, first) == [ConflictKind.SPEAKER_WITHOUT_EMAIL]
    assert kinds(found, second) == [ConflictKind.SPEAKER_WITHOUT_EMAIL]


def test_unscheduled_sessions_have_no_time_conflicts() -> None:
    person = speaker()
    shared = room()
    first = session(None, None, where=shared, people=[(person, SpeakerRole.SPEAKER)])
    second = session(None, None, where=shared, people=[(person, SpeakerRole.SPEAKER)])
    assert find_conflicts([first, second]) == {}

"""Schedule warnings, computed in one place from rows already loaded (no queries).

Warnings never block saving: organizers see them on the session page, the agenda
builder and the problems page. Cancelled sessions take part in nothing.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from summit.schedule.models import SessionKind
from summit.schedule.models import SpeakerRole
from summit.schedule.rows import SessionRow


class ConflictKind(enum.StrEnum):
    SPEAKER_DOUBLE_BOOKED = "speaker_double_booked"
    SPEAKER_UNAVAILABLE = "speaker_unavailable"
    ROOM_DOUBLE_BOOKED = "room_double_booked"
    OVER_ROOM_CAPACITY = "over_room_capacity"
    NO_MODERATOR = "no_moderator"
    SPEAKER_WITHOUT_EMAIL = "speaker_without_email"


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    session_id: int
    message: object  # a lazy, translatable string
    other_session_id: int | None = None
    speaker_id: int | None = None


def lacks_moderator(session: SessionRow) -> bool:
    """A round table that will take place needs someone to moderate it."""
    return (
        session.kind is SessionKind.ROUND_TABLE
        and not session.is_cancelled
        and all(link.role is not SpeakerRole.MODERATOR for link in session.roles)
    )


def _sweep(sessions: list[SessionRow]) -> Iterable[tuple[SessionRow, SessionRow]]:
    """Overlapping pairs among ``sessions`` (sorted by start), without comparing all."""
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    for index, first in enumerate(ordered):
        assert first.ends_at is not None
        for second in ordered[index + 1 :]:
            assert second.starts_at is not None
            if second.starts_at >= first.ends_at:
                break
            yield first, second


def _covered(
    starts_at: datetime, ends_at: datetime, windows: list[tuple[datetime, datetime]]
) -> bool:
    return any(start <= starts_at and ends_at <= end for start, end in windows)


def find_conflicts(sessions: Iterable[SessionRow]) -> dict[int, list[Conflict]]:
    """Warnings per session id, from session rows with room, roles, speakers and
    speakers' availability loaded (see :func:`summit.schedule.rows.load_session_rows`
    with ``with_availability=True``)."""
    found: dict[int, list[Conflict]] = defaultdict(list)

    def add(conflict: Conflict) -> None:
        found[conflict.session_id].append(conflict)

    active = [s for s in sessions if not s.is_cancelled]
    timed = [s for s in active if s.starts_at is not None and s.ends_at is not None]

    by_room: dict[int, list[SessionRow]] = defaultdict(list)
    by_speaker: dict[int, list[SessionRow]] = defaultdict(list)
    speaker_names: dict[int, str] = {}
    for session in timed:
        if session.room_id is not None:
            by_room[session.room_id].append(session)
        for link in session.roles:
            by_speaker[link.speaker_id].append(session)
            speaker_names[link.speaker_id] = link.speaker.display_name

    for room_sessions in by_room.values():
        for first, second in _sweep(room_sessions):
            room_name = first.room.name if first.room else ""
            for this, other in ((first, second), (second, first)):
                add(
                    Conflict(
                        ConflictKind.ROOM_DOUBLE_BOOKED,
                        this.id,
                        _l(
                            "%(room)s also hosts “%(other)s” at the same time.",
                            room=room_name,
                            other=other.title,
                        ),
                        other_session_id=other.id,
                    )
                )

    for speaker_id, speaker_sessions in by_speaker.items():
        for first, second in _sweep(speaker_sessions):
            for this, other in ((first, second), (second, first)):
                add(
                    Conflict(
                        ConflictKind.SPEAKER_DOUBLE_BOOKED,
                        this.id,
                        _l(
                            "%(name)s is also in “%(other)s” at the same time.",
                            name=speaker_names[speaker_id],
                            other=other.title,
                        ),
                        other_session_id=other.id,
                        speaker_id=speaker_id,
                    )
                )

    for session in active:
        if session.starts_at is not None and session.ends_at is not None:
            for link in session.roles:
                windows = link.speaker.availability
                if windows and not _covered(session.starts_at, session.ends_at, windows):
                    add(
                        Conflict(
                            ConflictKind.SPEAKER_UNAVAILABLE,
                            session.id,
                            _l(
                                "%(name)s is not available at this time.",
                                name=link.speaker.display_name,
                            ),
                            speaker_id=link.speaker_id,
                        )
                    )
        room = session.room
        if (
            session.capacity is not None
            and room is not None
            and room.capacity is not None
            and session.capacity > room.capacity
        ):
            add(
                Conflict(
                    ConflictKind.OVER_ROOM_CAPACITY,
                    session.id,
                    _l(
                        "%(seats)d seats offered but %(room)s holds %(capacity)d.",
                        seats=session.capacity,
                        room=room.name,
                        capacity=room.capacity,
                    ),
                )
            )
        if lacks_moderator(session):
            add(
                Conflict(
                    ConflictKind.NO_MODERATOR,
                    session.id,
                    _l("This round table has no moderator."),
                )
            )
        for link in session.roles:
            if not link.speaker.email:
                add(
                    Conflict(
                        ConflictKind.SPEAKER_WITHOUT_EMAIL,
                        session.id,
                        _l(
                            "%(name)s has no e-mail address: they cannot be reached.",
                            name=link.speaker.display_name,
                        ),
                        speaker_id=link.speaker_id,
                    )
                )
    return dict(found)

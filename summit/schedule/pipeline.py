"""The change pipeline for sessions: one place that turns "this session changed" into
its consequences, all in the caller's transaction.

Every schedule service (and the room and date changes of
:mod:`summit.schedule.event_changes`) takes a :class:`SessionState` before and after its
edit and hands the pairs to :func:`record`, which on a published event writes the
change-log rows, raises the calendar SEQUENCE once per changed session and queues the
notices (:mod:`summit.schedule.notices`); on every event it raises the one revision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.events.revision import bump_revision
from summit.extensions import db
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole
from summit.schedule.notices import queue_session_notices

# The fields whose change attendees and calendars must hear of (they raise SEQUENCE).
NOTIFIED_FIELDS = ("time", "room", "status", "speakers")


@dataclass(frozen=True)
class SpeakerSlot:
    """A speaker's part in a session as it was when the state was taken."""

    speaker_id: int
    name: str
    role: SpeakerRole
    email: str


@dataclass(frozen=True)
class SessionState:
    """What of a session the change log, SEQUENCE and notices compare."""

    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    room_id: int | None
    room_name: str
    status: SessionStatus
    speakers: tuple[SpeakerSlot, ...]

    @classmethod
    def of(cls, session: Session) -> SessionState:
        room = session.room
        return cls(
            title=session.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            room_id=room.id if room is not None else None,
            room_name=room.name if room is not None else "",
            status=session.status,
            speakers=tuple(
                SpeakerSlot(r.speaker_id, r.speaker.display_name, r.role, r.speaker.email)
                for r in session.roles
            ),
        )

    @property
    def time_text(self) -> str:
        if self.starts_at is None or self.ends_at is None:
            return ""
        return f"{self.starts_at.isoformat()}/{self.ends_at.isoformat()}"

    @property
    def speaker_line(self) -> str:
        return ", ".join(f"{s.name} ({s.role.value})" for s in self.speakers)

    @property
    def speaker_ids(self) -> frozenset[int]:
        return frozenset(s.speaker_id for s in self.speakers)


@dataclass(frozen=True)
class SessionChange:
    """One session's state before and after an edit; ``before`` is None for a new
    session, ``after`` None for one being deleted (recorded before the delete, while its
    speakers and attendees can still be found)."""

    session: Session
    before: SessionState | None
    after: SessionState | None

    def fields(self) -> list[tuple[str, str, str]]:
        """(field, before, after) of each logged difference."""
        before, after = self.before, self.after
        if before is None:
            return [("created", "", after.time_text if after else "")]
        if after is None:
            return [("deleted", before.time_text, "")]
        found = []
        if before.time_text != after.time_text:
            found.append(("time", before.time_text, after.time_text))
        if before.room_id != after.room_id:
            found.append(("room", before.room_name, after.room_name))
        if before.status is not after.status:
            found.append(("status", before.status.value, after.status.value))
        if before.speakers != after.speakers:
            found.append(("speakers", before.speaker_line, after.speaker_line))
        return found

    @property
    def changed(self) -> set[str]:
        return {name for name, _before, _after in self.fields()}

    @property
    def is_deleted(self) -> bool:
        return self.after is None

    @property
    def is_created(self) -> bool:
        return self.before is None


def log_change(
    event: Event,
    session: Session,
    field_name: str,
    before: str,
    after: str,
    *,
    title: str,
    actor: Organizer | None,
    now: datetime,
) -> None:
    db.session.add(
        ScheduleChange(
            event_id=event.id,
            session_id=session.id,
            field=field_name,
            before=before,
            after=after,
            session_title=title,
            changed_at=now,
            changed_by_id=actor.id if actor is not None else None,
        )
    )


def record(
    event: Event,
    changes: Sequence[SessionChange],
    *,
    actor: Organizer | None,
    now: datetime,
) -> None:
    """Log, sequence and notify ``changes`` (on a published event) and raise the event's
    revision. Call it after the edit is flushed, and before a deleted session's
    ``db.session.delete`` (its roles and attendees go with it)."""
    if event.is_published:
        for change in changes:
            fields = change.fields()
            state = change.after or change.before
            title = state.title if state is not None else change.session.title
            for name, before, after in fields:
                log_change(
                    event, change.session, name, before, after, title=title, actor=actor, now=now
                )
            if not change.is_created and not change.is_deleted and fields:
                change.session.sequence += 1
        queue_session_notices(event, changes, now=now)
    db.session.flush()
    bump_revision(event, now=now)

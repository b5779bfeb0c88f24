"""A session's panel built from its own page: several speakers at once, new speakers
created inline, order and roles changed in place. Conventions as
:mod:`summit.schedule.services`: services add and flush, the view commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from summit.schedule.pipeline import SessionChange
from summit.schedule.pipeline import SessionState
from summit.schedule.pipeline import record
from summit.schedule.services import ScheduleError
from summit.schedule.services import add_role
from summit.schedule.speakers import SpeakerData
from summit.schedule.speakers import save_speaker


@dataclass
class NewPanelist:
    """A speaker typed into the session page: created and given a role in one step."""

    name: str
    affiliation: str
    email: str
    role: SpeakerRole


def speakers_with_email(
    event: Event, email: str, *, exclude_id: int | None = None
) -> list[Speaker]:
    """Other speakers of ``event`` who already use ``email`` (compared case-insensitively)."""
    email = email.strip().lower()
    if not email:
        return []
    statement = select(Speaker).where(
        Speaker.event_id == event.id, func.lower(Speaker.email) == email
    )
    if exclude_id is not None:
        statement = statement.where(Speaker.id != exclude_id)
    return list(db.session.execute(statement).scalars())


def add_panelists(
    event: Event,
    session: Session,
    existing: list[tuple[int, SpeakerRole]],
    new: list[NewPanelist],
    *,
    actor: Organizer | None,
    now: datetime,
) -> list[SessionRole]:
    """Give several speakers a part in ``session`` at once, creating the new ones.

    :raises ScheduleError: as :func:`summit.schedule.services.add_role`, or nobody given.
    """
    if not existing and not new:
        raise ScheduleError(_l("Tick a speaker or type a new speaker's name."))
    links = [
        add_role(event, session, speaker_id, role, actor=actor, now=now)
        for speaker_id, role in existing
    ]
    for person in new:
        speaker = save_speaker(
            event,
            SpeakerData(person.name, affiliation=person.affiliation, email=person.email),
            now=now,
        )
        links.append(add_role(event, session, speaker.id, person.role, actor=actor, now=now))
    return links


def _renumber(session: Session, ordered: list[SessionRole]) -> None:
    for index, link in enumerate(ordered):
        link.position = index
    session.roles.sort(key=lambda link: link.position)


def move_panelist(
    event: Event,
    session: Session,
    role_id: int,
    *,
    up: bool,
    actor: Organizer | None,
    now: datetime,
) -> None:
    """Swap a speaker with the one before (``up``) or after them on the panel.

    :raises ScheduleError: no such role on this session.
    """
    ordered = list(session.roles)
    index = next((i for i, link in enumerate(ordered) if link.id == role_id), None)
    if index is None:
        raise ScheduleError(_l("This role is not part of the session."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return  # already first or last: nothing to do
    before = SessionState.of(session)
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(session, ordered)
    _logged(event, session, before, actor=actor, now=now)


def set_roles(
    event: Event,
    session: Session,
    roles: dict[int, SpeakerRole],
    *,
    actor: Organizer | None,
    now: datetime,
) -> int:
    """Change the role of speakers of ``session`` (role id → role); unknown ids are
    refused. :returns: how many roles changed."""
    by_id = {link.id: link for link in session.roles}
    if any(role_id not in by_id for role_id in roles):
        raise ScheduleError(_l("This role is not part of the session."))
    before = SessionState.of(session)
    changed = 0
    for role_id, role in roles.items():
        if by_id[role_id].role is not role:
            by_id[role_id].role = role
            changed += 1
    if changed:
        _logged(event, session, before, actor=actor, now=now)
    return changed


def _logged(
    event: Event, session: Session, before: SessionState, *, actor: Organizer | None, now: datetime
) -> None:
    """Through the change pipeline: revision, change log, SEQUENCE and speaker notices."""
    db.session.flush()
    session.updated_at = now
    record(event, [SessionChange(session, before, SessionState.of(session))], actor=actor, now=now)

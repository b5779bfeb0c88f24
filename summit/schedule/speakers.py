"""Speaker rules: profiles, photos, availability windows, deletion (logged on published
sessions). Same conventions as :mod:`summit.schedule.services`."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from summit.auth.models import Organizer
from summit.events.models import Event
from summit.events.revision import bump_revision
from summit.extensions import db
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerAvailability
from summit.schedule.pipeline import SessionChange
from summit.schedule.pipeline import SessionState
from summit.schedule.pipeline import record
from summit.schedule.services import ScheduleError
from summit.schedule.services import SlotData
from summit.schedule.services import resolve_slot
from summit.uploads import StoredImage

MAX_BIO_CHARS = 2000


@dataclass
class SpeakerData:
    name: str
    honorific: str = ""
    position: str = ""
    affiliation: str = ""
    bio: str = ""
    email: str = ""
    links: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def save_speaker(
    event: Event,
    data: SpeakerData,
    photo: StoredImage | None = None,
    speaker: Speaker | None = None,
    *,
    now: datetime,
) -> Speaker:
    """Create or update a speaker; a new photo replaces the old one.

    :raises ScheduleError: bio too long, a link that is not http(s).
    """
    _check_bio(data.bio)
    for link in data.links:
        if not link.startswith(("https://", "http://")):
            raise ScheduleError(_l("Each link must start with https:// (one per line)."), "links")
    if speaker is None:
        speaker = Speaker(event_id=event.id, created_at=now)
        db.session.add(speaker)
    speaker.honorific = data.honorific.strip()
    speaker.name = data.name.strip()
    speaker.position = data.position.strip()
    speaker.affiliation = data.affiliation.strip()
    speaker.bio = data.bio.strip()
    speaker.email = data.email.strip().lower()
    speaker.links = "\n".join(data.links)
    speaker.languages = " ".join(dict.fromkeys(data.languages))
    speaker.updated_at = now
    _set_photo(speaker, photo)
    db.session.flush()
    bump_revision(event, now=now)
    return speaker


def update_profile(speaker: Speaker, *, bio: str, photo: StoredImage | None, now: datetime) -> None:
    """The speaker's own edit from their private page: bio and, when given, a new photo.

    :raises ScheduleError: the bio is too long (the same limit as for organizers).
    """
    bio = bio.strip().replace("\r\n", "\n")
    _check_bio(bio)
    speaker.bio = bio
    _set_photo(speaker, photo)
    speaker.updated_at = now
    db.session.flush()
    bump_revision(speaker.event, now=now)  # public speaker pages show the bio and photo


def _check_bio(bio: str) -> None:
    if len(bio) > MAX_BIO_CHARS:
        raise ScheduleError(_l("Keep the bio under %(n)d characters.", n=MAX_BIO_CHARS), "bio")


def _set_photo(speaker: Speaker, photo: StoredImage | None) -> None:
    if photo is not None:
        speaker.photo = photo.data
        speaker.photo_type = photo.content_type
        speaker.photo_digest = photo.digest


def delete_speaker(
    event: Event, speaker: Speaker, *, actor: Organizer | None, now: datetime
) -> None:
    """Remove a speaker and their roles (logged, sequenced and notified on the sessions
    of a published event)."""
    if speaker.event_id != event.id:
        raise ScheduleError(_l("Choose one of this event's speakers."))
    changes = []
    for link in list(speaker.roles):
        session = link.session
        before = SessionState.of(session)
        session.roles.remove(link)
        speaker.roles.remove(link)
        session.updated_at = now
        changes.append(SessionChange(session, before, SessionState.of(session)))
    db.session.flush()
    record(event, changes, actor=actor, now=now)
    db.session.delete(speaker)
    db.session.flush()


def add_availability(
    event: Event, speaker: Speaker, slot: SlotData, *, now: datetime
) -> SpeakerAvailability:
    """:raises ScheduleError: as :func:`resolve_slot`; the window must be complete."""
    if slot.day is None or slot.start is None or slot.end is None:
        raise ScheduleError(_l("Give the day, start and end time of the window."), "day")
    starts_at, ends_at = resolve_slot(event, slot)
    assert starts_at is not None and ends_at is not None
    window = SpeakerAvailability(starts_at=starts_at, ends_at=ends_at)
    speaker.availability.append(window)
    db.session.flush()
    bump_revision(event, now=now)  # the agenda builder's warnings depend on it
    return window


def remove_availability(speaker: Speaker, window_id: int, *, now: datetime) -> None:
    window = next((w for w in speaker.availability if w.id == window_id), None)
    if window is None:
        raise ScheduleError(_l("This availability window does not exist."))
    speaker.availability.remove(window)
    db.session.delete(window)
    db.session.flush()
    bump_revision(speaker.event, now=now)

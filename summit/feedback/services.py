"""Anonymous feedback: one answer per attendee and target, never linked to them.

The marker is an HMAC of the registration and the target under the server's secret, so
it can be checked ("has this person answered?") but not reversed, and it is written with
no time, so answers and markers share no value to join on. Organizers and speakers see
results only from :data:`MIN_ANSWERS` answers on, so a small session names nobody.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from statistics import mean

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from summit.domain import DomainError
from summit.events.models import Event
from summit.extensions import db
from summit.feedback.models import FeedbackAnswer
from summit.feedback.models import FeedbackMarker
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.schedule.models import Session

MIN_ANSWERS = 3
MAX_TEXT = 2000
VERDICTS = ("adequate", "should_have_warned")


class FeedbackError(DomainError):
    """A rule of feedback was broken."""


@dataclass
class FeedbackData:
    rating: int
    worked: str = ""
    improve: str = ""
    content_note_verdict: str = ""
    content_note_comment: str = ""


def marker_digest(registration: Registration, session: Session | None, *, key: str) -> str:
    target = f"session:{session.id}" if session is not None else "event"
    message = f"feedback|{registration.event_id}|{registration.id}|{target}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def has_answered(registration: Registration, session: Session | None, *, key: str) -> bool:
    digest = marker_digest(registration, session, key=key)
    return db.session.get(FeedbackMarker, digest) is not None


def answered_targets(
    registration: Registration, sessions: list[Session], *, key: str
) -> tuple[bool, set[int]]:
    """Whether the event was answered, and which of ``sessions`` were, in one query."""
    digests = {marker_digest(registration, s, key=key): s.id for s in sessions}
    event_digest = marker_digest(registration, None, key=key)
    found = set(
        db.session.scalars(
            select(FeedbackMarker.digest).where(FeedbackMarker.digest.in_([event_digest, *digests]))
        )
    )
    return event_digest in found, {digests[d] for d in found if d in digests}


def may_answer(registration: Registration, session: Session | None, *, now: datetime) -> bool:
    """Confirmed attendees; for a session, once it has started (it is being rated)."""
    if registration.status is not RegistrationStatus.CONFIRMED or registration.is_erased:
        return False
    if session is None:
        return True
    return (
        session.event_id == registration.event_id
        and session.starts_at is not None
        and session.starts_at <= now
    )


def submit_feedback(
    registration: Registration,
    session: Session | None,
    data: FeedbackData,
    *,
    key: str,
    now: datetime,
) -> None:
    """Store one anonymous answer and the marker that stops a second one.

    :raises FeedbackError: not allowed, already answered, or an invalid answer.
    """
    if not may_answer(registration, session, now=now):
        raise FeedbackError(_l("Only confirmed attendees can give feedback on this."))
    if not 1 <= data.rating <= 5:
        raise FeedbackError(_l("Choose a rating from 1 to 5."), "rating")
    if data.content_note_verdict not in ("", *VERDICTS):
        raise FeedbackError(
            _l("Choose one of the answers about the content note."), "content_note_verdict"
        )
    for name in ("worked", "improve", "content_note_comment"):
        if len(getattr(data, name)) > MAX_TEXT:
            raise FeedbackError(_l("Keep each answer under 2000 characters."), name)
    db.session.add(
        FeedbackMarker(
            digest=marker_digest(registration, session, key=key), event_id=registration.event_id
        )
    )
    try:
        db.session.flush()
    except IntegrityError as error:
        raise FeedbackError(_l("You have already given feedback on this. Thank you!")) from error
    db.session.add(
        FeedbackAnswer(
            event_id=registration.event_id,
            session_id=session.id if session is not None else None,
            rating=data.rating,
            worked=data.worked,
            improve=data.improve,
            content_note_verdict=data.content_note_verdict,
            content_note_comment=data.content_note_comment,
        )
    )
    db.session.flush()


@dataclass
class Summary:
    """Results for one target; ``visible`` is False below the threshold, and then no
    rating, count of ratings or comment is given."""

    session: Session | None
    count: int
    visible: bool
    average: float | None = None
    ratings: dict[int, int] = field(default_factory=dict)
    worked: list[str] = field(default_factory=list)
    improve: list[str] = field(default_factory=list)
    verdicts: dict[str, int] = field(default_factory=dict)
    note_comments: list[str] = field(default_factory=list)


def _summary(session: Session | None, answers: list[FeedbackAnswer]) -> Summary:
    if len(answers) < MIN_ANSWERS:
        return Summary(session, len(answers), False)
    ratings = {n: sum(1 for a in answers if a.rating == n) for n in range(1, 6)}
    verdicts = {v: sum(1 for a in answers if a.content_note_verdict == v) for v in VERDICTS}
    # Comments sorted, not in storage order, which is all that could hint at who wrote them.
    return Summary(
        session,
        len(answers),
        True,
        average=round(mean(a.rating for a in answers), 2),
        ratings=ratings,
        worked=sorted(a.worked for a in answers if a.worked),
        improve=sorted(a.improve for a in answers if a.improve),
        verdicts=verdicts,
        note_comments=sorted(a.content_note_comment for a in answers if a.content_note_comment),
    )


def summaries(event: Event, sessions: list[Session]) -> list[Summary]:
    """The event's summary first, then one per session of ``sessions``."""
    answers = list(
        db.session.scalars(select(FeedbackAnswer).where(FeedbackAnswer.event_id == event.id))
    )
    by_target: dict[int | None, list[FeedbackAnswer]] = {}
    for answer in answers:
        by_target.setdefault(answer.session_id, []).append(answer)
    return [_summary(None, by_target.get(None, []))] + [
        _summary(session, by_target.get(session.id, [])) for session in sessions
    ]


def answer_counts(event: Event) -> dict[int | None, int]:
    rows = db.session.execute(
        select(FeedbackAnswer.session_id, func.count())
        .where(FeedbackAnswer.event_id == event.id)
        .group_by(FeedbackAnswer.session_id)
    ).all()
    return {session_id: count for session_id, count in rows}


def export_rows(event: Event) -> list[list[str]]:
    """CSV rows of every answer of targets with enough answers, sorted so storage order
    says nothing; targets under the threshold are left out."""
    counts = answer_counts(event)
    titles = dict(
        db.session.execute(
            select(Session.id, Session.title).where(Session.event_id == event.id)
        ).all()
    )
    answers = db.session.scalars(select(FeedbackAnswer).where(FeedbackAnswer.event_id == event.id))
    rows = [
        [
            titles.get(a.session_id, "") if a.session_id else "",
            str(a.rating),
            a.worked,
            a.improve,
            a.content_note_verdict,
            a.content_note_comment,
        ]
        for a in answers
        if counts.get(a.session_id, 0) >= MIN_ANSWERS
    ]
    return sorted(rows)

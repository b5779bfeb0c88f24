"""What the attendee's own page shows after the sessions: feedback and certificate."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import time
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlalchemy import select

from summit.certificates.issuing import eligibility
from summit.certificates.models import SessionAttendance
from summit.certificates.services import get_certificate_settings
from summit.extensions import db
from summit.feedback.services import answered_targets
from summit.feedback.services import may_answer
from summit.registration.models import Registration
from summit.registration.models import SessionChoice
from summit.schedule.models import Session
from summit.schedule.models import SessionStatus


@dataclass
class AttendeePanel:
    event_feedback_done: bool = False
    # (session, already answered), for sessions attended or chosen that have begun
    sessions: list[tuple[Session, bool]] = field(default_factory=list)
    certificates_enabled: bool = False
    certificate_ready: bool = False
    certificate_reason: object = ""
    event_started: bool = False

    @property
    def shown(self) -> bool:
        return self.event_started or bool(self.sessions)


def attendee_panel(registration: Registration, *, now: datetime, key: str) -> AttendeePanel:
    if not may_answer(registration, None, now=now):
        return AttendeePanel()
    sessions = list(
        db.session.scalars(
            select(Session)
            .where(
                Session.event_id == registration.event_id,
                Session.status == SessionStatus.SCHEDULED,
                Session.starts_at <= now,
                or_(
                    Session.id.in_(
                        select(SessionAttendance.session_id).where(
                            SessionAttendance.registration_id == registration.id
                        )
                    ),
                    Session.id.in_(
                        select(SessionChoice.session_id).where(
                            SessionChoice.registration_id == registration.id
                        )
                    ),
                ),
            )
            .order_by(Session.starts_at, Session.id)
        )
    )
    event_done, done = answered_targets(registration, sessions, key=key)
    event = registration.event
    started = now >= datetime.combine(event.start_date, time(0), tzinfo=ZoneInfo(event.timezone))
    panel = AttendeePanel(event_done, [(s, s.id in done) for s in sessions], event_started=started)
    settings = get_certificate_settings(event)
    if settings is not None and settings.enabled:
        verdict = eligibility(registration, now=now, feedback_given=event_done)
        panel.certificates_enabled = True
        panel.certificate_ready = verdict.ok
        panel.certificate_reason = verdict.reason
    return panel

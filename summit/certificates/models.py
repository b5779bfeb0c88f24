"""Attendance, credits and certificates.

A certificate is a snapshot: what it states (name, hours, sessions) is copied when it is
issued, so the verification page stays true for years after the registration itself is
erased (when the event declared that retention) and never changes under the holder.
"""

from __future__ import annotations

import enum
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import LargeBinary
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import deferred
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from summit.events.models import Event
from summit.events.models import enum_column
from summit.extensions import db
from summit.registration.models import Registration
from summit.schedule.models import Session


class IssueMode(enum.StrEnum):
    AFTER_EVENT = "after_event"  # once the last day has ended
    AFTER_EACH_DAY = "after_each_day"  # a day's sessions count once that day has ended


class AttendanceMethod(enum.StrEnum):
    SCAN = "scan"
    MANUAL = "manual"


class SessionCredit(db.Model):  # type: ignore[name-defined]
    """Credit hours a session is worth for its full length (e.g. 1.5 CME hours)."""

    __tablename__ = "session_credits"
    __table_args__ = (CheckConstraint("hours > 0 AND hours <= 24", name="hours_in_range"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))

    session: Mapped[Session] = relationship()


class SessionAttendance(db.Model):  # type: ignore[name-defined]
    """That a registered attendee was in a session, and for how much of it."""

    __tablename__ = "session_attendance"
    __table_args__ = (
        UniqueConstraint(
            "registration_id", "session_id", name="uq_session_attendance_registration_session"
        ),
        CheckConstraint("minutes_late >= 0", name="minutes_late_not_negative"),
        CheckConstraint("minutes_left_early >= 0", name="minutes_left_early_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    minutes_late: Mapped[int] = mapped_column(default=0)
    minutes_left_early: Mapped[int] = mapped_column(default=0)
    method: Mapped[AttendanceMethod] = mapped_column(
        enum_column(AttendanceMethod, "attendance_method")
    )
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizers.id", ondelete="SET NULL")
    )

    registration: Mapped[Registration] = relationship()
    session: Mapped[Session] = relationship()


class CertificateSettings(db.Model):  # type: ignore[name-defined]
    """How an event issues certificates; no row means it issues none."""

    __tablename__ = "certificate_settings"
    __table_args__ = (
        CheckConstraint("retention_years >= 1 AND retention_years <= 30", name="retention_range"),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    issue_mode: Mapped[IssueMode] = mapped_column(
        enum_column(IssueMode, "certificate_issue_mode"), default=IssueMode.AFTER_EVENT
    )
    requires_feedback: Mapped[bool] = mapped_column(default=False)
    accreditation_label: Mapped[str] = mapped_column(String(120), default="")
    signer_name: Mapped[str] = mapped_column(String(160), default="")
    signer_title: Mapped[str] = mapped_column(String(160), default="")
    signature: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    signature_type: Mapped[str | None] = mapped_column(String(40))
    # ACCME keeps records six years; the attendee is told at registration.
    retention_years: Mapped[int] = mapped_column(default=6)
    # Declared by the event: a certificate record outlives the erased registration.
    keep_after_erasure: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime]

    event: Mapped[Event] = relationship()


class Certificate(db.Model):  # type: ignore[name-defined]
    """An issued certificate and the minimal record that proves it."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint("total_hours >= 0", name="total_hours_not_negative"),
        CheckConstraint("length(code) >= 16", name="code_long_enough"),
        # One valid certificate per registration; re-issuing revokes the previous one.
        Index(
            "uq_certificates_valid_per_registration",
            "registration_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # Kept only while the registration exists; the record below stands on its own.
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    # Random, never derived from the attendee's private token; it is meant to be shown.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    holder_name: Mapped[str] = mapped_column(String(200))
    total_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    # One session per line: "start ISO|title|hours", as stated on the certificate.
    sessions_text: Mapped[str] = mapped_column(Text, default="")
    accreditation_label: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    issued_at: Mapped[datetime]
    retain_until: Mapped[date]
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str] = mapped_column(String(300), default="")

    event: Mapped[Event] = relationship()
    registration: Mapped[Registration | None] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def readable_code(self) -> str:
        """The code in groups of four (``ABCD-EFGH-…``), as people read it out and type it;
        :func:`summit.certificates.issuing.certificate_by_code` takes it either way. One
        unbroken run of capitals also reads as gibberish to spam filters."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

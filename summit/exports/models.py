from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import deferred
from sqlalchemy.orm import mapped_column

from summit.events.models import enum_column
from summit.extensions import db


class ExportFile(db.Model):  # type: ignore[name-defined]
    """The last rendered file of one kind for one event, kept while the agenda is unchanged.

    Kept in the database, not the instance folder: app servers behind a load balancer
    share only the database, so one render serves every server, survives restarts, and
    is deleted with the event. One row per (event, kind); a new version replaces it.
    """

    __tablename__ = "export_files"
    __table_args__ = (UniqueConstraint("event_id", "kind", name="uq_export_files_event_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # e.g. "program.pdf", "schedule.ics"
    kind: Mapped[str] = mapped_column(String(40))
    # sha256 of everything the file was built from (see summit.exports.caching)
    version: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime]


class RenderingStatus(enum.StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  # attempts exhausted; a later version is asked for afresh


class ExportRendering(db.Model):  # type: ignore[name-defined]
    """A request to render one file at one version, done once by a background worker.

    The unique key is the stampede guard: however many visitors ask for a program that is
    not rendered yet, their inserts meet on one row and one worker renders it.
    """

    __tablename__ = "export_renderings"
    __table_args__ = (
        UniqueConstraint(
            "event_id", "kind", "version", name="uq_export_renderings_event_kind_version"
        ),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The worker's query: the oldest waiting request.
        Index("ix_export_renderings_due", "status", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(64))
    status: Mapped[RenderingStatus] = mapped_column(
        enum_column(RenderingStatus, "rendering_status"), default=RenderingStatus.WAITING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[datetime]
    # While running: the worker's lease; a worker that died leaves it to expire.
    claimed_by: Mapped[str] = mapped_column(String(200), default="")
    claimed_until: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    seconds: Mapped[float | None]
    pages: Mapped[int | None]
    # The rendering child's peak resident memory, to watch the cost of big programs.
    peak_rss_kib: Mapped[int | None]
    error: Mapped[str] = mapped_column(Text, default="")
    # A sealed document's secret (summit.exports.sealing), sealed with the app's key by the
    # request that asked; set to None as soon as the request closes (done, failed or
    # superseded), so it is in the database only while the file is being made.
    sealed_secret: Mapped[bytes | None] = mapped_column(LargeBinary)

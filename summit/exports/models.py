from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import deferred
from sqlalchemy.orm import mapped_column

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

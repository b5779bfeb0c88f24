from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from summit.extensions import db


class WorkerHeartbeat(db.Model):  # type: ignore[name-defined]
    """The last sign of life of one background worker process (``host:pid``).

    Kept in the database because that is the one thing every app server shares: any of
    them can answer ``/healthz`` about every worker.
    """

    __tablename__ = "worker_heartbeats"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    started_at: Mapped[datetime]
    beat_at: Mapped[datetime] = mapped_column(index=True)

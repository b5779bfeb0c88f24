"""Worker heartbeats: the worker calls :func:`beat` on every loop, ``/healthz`` reads them."""

from __future__ import annotations

import os
import socket
from datetime import datetime
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select

from summit.extensions import db
from summit.ops.models import WorkerHeartbeat

# Rows of workers gone this long are dropped, so the table holds the live ones and a few
# recently stopped (their names help whoever reads the table after an incident).
FORGET_AFTER = timedelta(days=1)


def worker_name() -> str:
    """This process's name in the heartbeat table."""
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(name: str, *, now: datetime) -> None:
    """Record that worker ``name`` is alive at ``now`` (flushes; the caller commits)."""
    row = db.session.get(WorkerHeartbeat, name)
    if row is None:
        db.session.add(WorkerHeartbeat(name=name, started_at=now, beat_at=now))
    else:
        row.beat_at = now
    db.session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - FORGET_AFTER))
    db.session.flush()


def latest_beat() -> datetime | None:
    """The most recent heartbeat of any worker, or None if no worker ever ran."""
    found: datetime | None = db.session.execute(select(func.max(WorkerHeartbeat.beat_at))).scalar()
    return found

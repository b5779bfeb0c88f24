"""The background worker's jobs, on Huey.

Huey (a small, maintained task queue) runs the worker threads, the delayed retries and the
periodic tasks. Its queue only carries outbox ids: the outbox rows stay the truth, so a
job lost with its queue (a wiped file, a Redis flush) is found again by :func:`sweep`.

The queue's storage follows the database: a SQLite file beside the app's database in the
embedded default (a separate file, so queue writes never wait for the app's write lock),
the same PostgreSQL database in production (Huey's ``huey_*`` tables, with LISTEN/NOTIFY
so jobs start at once), or Redis when ``SUMMIT_QUEUE_URL`` says ``redis://``. Tests use
Huey's in-memory storage and call :func:`summit.outbox.delivery.send_due` themselves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from datetime import timedelta
from typing import Any

from flask import Flask
from flask import current_app
from flask import has_app_context
from huey import Huey
from huey import crontab
from huey.storage import MemoryStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

from summit.db import utcnow
from summit.extensions import db

log = logging.getLogger(__name__)

# Configured by init_app; until then (and in tests) jobs stay in memory.
huey = Huey("summit", results=False, storage_class=MemoryStorage)
_apps: list[Flask] = []

# A row due for longer than this without being claimed has lost its job.
SWEEP_GRACE = timedelta(minutes=1)
_PENDING = "summit_outbox_pending"


def queue_storage(app: Flask) -> Any:
    """The Huey storage for ``app``'s configuration."""
    from huey.storage import PostgresStorage
    from huey.storage import RedisStorage
    from huey.storage import SqliteStorage

    url: str = app.config.get("QUEUE_URL") or app.config["SQLALCHEMY_DATABASE_URI"]
    if app.testing and not app.config.get("QUEUE_URL") or url == "memory://":
        return MemoryStorage(huey.name)
    if url.startswith("redis"):
        return RedisStorage(huey.name, url=url)
    if url.startswith("postgresql"):
        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        return PostgresStorage(huey.name, dsn=dsn)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if not path or path == ":memory:":
            return MemoryStorage(huey.name)
        base, _ext = os.path.splitext(path)
        return SqliteStorage(huey.name, filename=base + "-queue.db")
    raise ValueError(f"unsupported queue URL: {url}")


def init_app(app: Flask) -> None:
    huey.storage.close()  # a previous app's connections (tests build many apps)
    huey.storage = queue_storage(app)
    _apps[:] = [app]
    app.extensions["huey"] = huey


@contextmanager
def _app_context() -> Iterator[None]:
    if has_app_context():
        yield
        return
    with _apps[0].app_context():
        yield


# --- enqueueing after commit ---------------------------------------------------------------


def remember(session: Session, ids_and_times: list[tuple[int, datetime]]) -> None:
    """Note rows queued in this transaction; their jobs go to the queue after commit."""
    session.info.setdefault(_PENDING, []).extend(ids_and_times)


@event.listens_for(Session, "after_commit")
def _enqueue_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    if not current_app.config.get("OUTBOX_ENQUEUE", True):
        return
    try:
        now = utcnow()
        for message_id, not_before in pending:
            if not_before > now:
                deliver.schedule(args=(message_id,), eta=not_before)
            else:
                deliver(message_id)
    except Exception:  # the queue is down: the sweep finds these rows within a minute
        log.exception("could not enqueue %d outbox job(s)", len(pending))


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


# --- jobs ----------------------------------------------------------------------------------


@huey.task()
def deliver(message_id: int) -> None:
    """One attempt at one message; a failure schedules the next one itself."""
    from summit.outbox.delivery import send_one
    from summit.outbox.models import OutboxMessage
    from summit.outbox.models import OutboxStatus

    with _app_context():
        try:
            status = send_one(message_id, now=utcnow())
            if status is OutboxStatus.QUEUED:
                retry_at = db.session.get(OutboxMessage, message_id)
                if retry_at is not None:
                    deliver.schedule(args=(message_id,), eta=retry_at.not_before)
        finally:
            db.session.remove()


def sweep(now: datetime, *, overdue: timedelta = SWEEP_GRACE) -> int:
    """Enqueue the messages overdue without a job (lost queue, worker killed mid-send,
    database down when the job ran). A duplicate job is harmless: the claim lets only one
    through."""
    from summit.outbox.delivery import due_ids

    ids = due_ids(now, overdue=overdue)
    for message_id in ids:
        deliver(message_id)
    return len(ids)


@huey.periodic_task(crontab(minute="*"))
def sweep_outbox() -> None:
    with _app_context():
        try:
            found = sweep(utcnow())
            if found:
                log.info("outbox sweep: %d message(s) without a job", found)
        finally:
            db.session.remove()


@huey.periodic_task(crontab(minute="17", hour="3"))
def erase_expired_registrations() -> None:
    """The retention erasure, nightly (the same as ``flask erase-expired-registrations``)."""
    from summit.registration.privacy import erase_expired

    with _app_context():
        try:
            erased = erase_expired(now=utcnow())
            db.session.commit()
            log.info("erased the personal data of %d registration(s)", erased)
        finally:
            db.session.remove()

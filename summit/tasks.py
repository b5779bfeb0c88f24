"""The background worker's job queue, on Huey, and running work after a commit.

Huey (a small, maintained task queue) runs the worker's threads, delayed jobs and periodic
tasks; ``flask --app summit worker`` is its consumer. Jobs carry only ids: the database
stays the truth (outbox rows, stored renderings), so a job lost with its queue is found
again by a sweep, and a job run twice does nothing the second time.

The queue's storage follows the database: a SQLite file beside the app's database in the
embedded default (its own file, so queue writes never wait for the app's write lock), the
same PostgreSQL database in production (Huey's ``huey_*`` tables, LISTEN/NOTIFY so jobs
start at once), or Redis when ``SUMMIT_QUEUE_URL`` says ``redis://``. Tests keep jobs in
memory and run the work themselves (e.g. :func:`summit.outbox.delivery.send_due`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask import has_app_context
from huey import Huey
from huey import crontab
from huey.storage import MemoryStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

huey = Huey("summit", results=False, storage_class=MemoryStorage)
_apps: list[Flask] = []
_AFTER_COMMIT = "summit_after_commit"


def queue_storage(app: Flask) -> Any:
    """The Huey storage for ``app``'s configuration."""
    from huey.storage import PostgresStorage
    from huey.storage import RedisStorage
    from huey.storage import SqliteStorage

    url: str = app.config.get("QUEUE_URL") or app.config["SQLALCHEMY_DATABASE_URI"]
    if (app.testing and not app.config.get("QUEUE_URL")) or url == "memory://":
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
        return SqliteStorage(huey.name, filename=os.path.splitext(path)[0] + "-queue.db")
    raise ValueError(f"unsupported queue URL: {url}")


def init_app(app: Flask) -> None:
    huey.storage.close()  # a previous app's connections (tests build many apps)
    huey.storage = queue_storage(app)
    _apps[:] = [app]
    app.extensions["huey"] = huey


@contextmanager
def app_context() -> Iterator[None]:
    """The app for a job: the current one, else the one the worker was started with.
    The database session is closed at the end, as after a request."""
    from summit.extensions import db

    if has_app_context():
        yield
        return
    with _apps[0].app_context():
        try:
            yield
        finally:
            db.session.remove()


def after_commit(session: Session, job: Callable[[], None]) -> None:
    """Run ``job`` (typically: enqueue a Huey task) once ``session`` commits; never if it
    rolls back. A failing job is logged: what it would have done is found by a sweep."""
    session.info.setdefault(_AFTER_COMMIT, []).append(job)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    for job in session.info.pop(_AFTER_COMMIT, ()):
        try:
            job()
        except Exception:
            log.exception("a job after commit failed")


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


# --- the production beat ------------------------------------------------------------------


@huey.periodic_task(crontab(minute="*"))
def production_tick() -> None:
    """Each minute: say this worker is alive (``/healthz`` reads it), ask for the programs
    that changed, and render what is waiting (:mod:`summit.ops.tick`)."""
    from summit.db import utcnow
    from summit.ops.heartbeat import worker_name
    from summit.ops.tick import tick

    with app_context():
        tick(worker=worker_name(), clock=utcnow)


@huey.task()
def render_soon() -> None:
    """A visitor asked for a program that is not rendered yet: render it now rather than
    at the next tick. A lock keeps one rendering at a time per worker pool."""
    from summit.db import utcnow
    from summit.ops.heartbeat import worker_name
    from summit.ops.tick import render_waiting

    with huey.lock_task("render-programs"), app_context():
        render_waiting(worker=worker_name(), clock=utcnow)

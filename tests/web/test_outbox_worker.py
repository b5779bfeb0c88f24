"""``flask --app summit worker`` as a real process: it delivers what requests queue,
and a SIGKILL in the middle of a batch loses nothing (at most the in-flight messages
arrive twice)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import Flask

from summit.db import utcnow
from summit.extensions import db
from summit.mail import Mail
from summit.ops.heartbeat import latest_beat
from summit.outbox.models import OutboxStatus
from summit.outbox.services import queue_mails
from tests.conftest import database_url
from tests.factories import make_event
from tests.outbox_helpers import queued_rows
from tests.outbox_helpers import send_queued
from tests.registration_factories import open_registration
from tests.smtp_sink import SmtpSink

THREADS = 2


def _queue_url(tmp_path: Path) -> str:
    """SQLite: a queue file of its own; PostgreSQL: Huey's tables in the same database."""
    url = database_url(tmp_path)
    return url if url.startswith("postgresql") else f"sqlite:///{tmp_path / 'queue.db'}"


def _start_worker(app: Flask, smtp: SmtpSink, queue_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": str(app.config["SQLALCHEMY_DATABASE_URI"]),
        "SECRET_KEY": "test-secret",
        "SUMMIT_BASE_URL": "http://summit.test",
        "SUMMIT_MAIL_BACKEND": "smtp",
        "SUMMIT_MAIL_SERVER": "127.0.0.1",
        "SUMMIT_MAIL_PORT": str(smtp.port),
        "SUMMIT_QUEUE_URL": queue_url,
    }
    command = [sys.executable, "-m", "flask", "--app", "summit", "worker", "--threads", "2"]
    with log.open("wb") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)


def _wait_for(condition: Callable[[], bool], log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out; worker said:\n" + log.read_text()
        time.sleep(0.05)


def test_the_worker_delivers_what_sign_ups_queue_and_says_it_is_alive(
    make_app: Callable[..., Flask], smtp: SmtpSink, tmp_path: Path
) -> None:
    queue_url = _queue_url(tmp_path)
    app = make_app(**smtp.config(), QUEUE_URL=queue_url)
    with app.app_context():
        event = make_event(published=True)
        open_registration(event, capacity=50)
        worker = _start_worker(app, smtp, queue_url, tmp_path / "worker.log")
        try:
            client = app.test_client()
            for n in range(5):
                response = client.post(
                    f"/events/{event.slug}/register",
                    data={"name": f"Person {n}", "email": f"p{n}@example.org"},
                )
                assert response.status_code == 302
            _wait_for(lambda: len(smtp.messages) == 5, tmp_path / "worker.log")
            beat = latest_beat()  # what /healthz reads
            assert beat is not None and abs(utcnow() - beat) < timedelta(minutes=1)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(30)
        db.session.expire_all()
        assert sorted(str(m["To"]) for m in smtp.messages) == [
            f"p{n}@example.org" for n in range(5)
        ]
        assert {r.status for r in queued_rows()} == {OutboxStatus.SENT}


def test_a_worker_killed_mid_batch_loses_nothing(
    make_app: Callable[..., Flask], smtp: SmtpSink, tmp_path: Path
) -> None:
    app = make_app(**smtp.config())
    with app.app_context():
        count = 12
        mails = [Mail(to=f"p{n}@example.org", subject="Hello", text="Hi") for n in range(count)]
        queue_mails(mails, kind="test", event_id=None, now=utcnow())
        db.session.commit()
        smtp.handler.delay = 0.2  # slow enough to kill the worker with messages in flight
        worker = _start_worker(app, smtp, _queue_url(tmp_path), tmp_path / "worker.log")
        try:
            _wait_for(lambda: len(smtp.messages) >= 4, tmp_path / "worker.log")
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(30)
        delivered_before = len(smtp.messages)
        assert delivered_before < count, "the worker finished before it could be killed"
        db.session.expire_all()
        # The dead worker's claims run out after the lease; then the next run sends them.
        lease = timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"])
        send_queued(utcnow() + lease + timedelta(seconds=1))
        received = Counter(str(m["To"]) for m in smtp.messages)
        assert set(received) == {f"p{n}@example.org" for n in range(count)}
        twice = [address for address, n in received.items() if n > 1]
        assert len(twice) <= THREADS and max(received.values()) <= 2
        assert {r.status for r in queued_rows()} == {OutboxStatus.SENT}

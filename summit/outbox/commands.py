"""``flask --app summit worker``: the background worker (outbox, periodic tasks)."""

from __future__ import annotations

import logging
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from summit.db import utcnow
from summit.extensions import db


@click.command("worker")
@click.option("--threads", default=4, show_default=True, help="Messages sent in parallel.")
@click.option(
    "--once",
    is_flag=True,
    help="Send what is due now in this process, then exit (no periodic tasks).",
)
@with_appcontext
def worker_command(threads: int, once: bool) -> None:
    """Send queued e-mails, render programs, and run the periodic tasks (outbox sweep,
    retention erasure).

    One worker per installation is enough for a few hundred messages a second; more can
    run side by side (each message is claimed by one of them).
    """
    from summit.ops.heartbeat import beat
    from summit.ops.heartbeat import worker_name
    from summit.outbox.delivery import send_due
    from summit.outbox.jobs import sweep
    from summit.tasks import huey

    if once:
        counts = send_due(now=utcnow(), clock=utcnow)
        db.session.remove()
        click.echo(", ".join(f"{n} {status.value}" for status, n in counts.items()))
        return
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Whatever was queued while no worker ran goes first, without waiting for the sweep.
    beat(worker_name(), now=utcnow())
    sweep(utcnow(), overdue=timedelta(0))
    db.session.commit()
    db.session.remove()
    consumer = huey.create_consumer(
        workers=threads,
        worker_type="thread",
        periodic=True,
        max_delay=current_app.config.get("QUEUE_POLL_MAX_SECONDS", 0.5),
        graceful_signal="TERM",  # what systemd and supervisors send to stop
        flush_locks=True,  # a worker killed mid-job leaves its lock behind
    )
    consumer.run()

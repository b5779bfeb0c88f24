"""``flask --app summit render-programs [--loop]``: the production beat by hand or by cron.

The background worker runs :func:`summit.ops.tick.tick` each minute; this command does the
same once (or every ``--every`` seconds with ``--loop``), for an installation that runs
its renderings apart from the mail worker, and for ``scripts/demo``.
"""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from summit.db import utcnow
from summit.extensions import db
from summit.ops.heartbeat import worker_name
from summit.ops.tick import tick


@click.command("render-programs")
@click.option("--loop", is_flag=True, help="Go on until stopped.")
@click.option("--every", default=5.0, show_default=True, help="Seconds between beats with --loop.")
@with_appcontext
def render_programs_command(loop: bool, every: float) -> None:
    """Render the programs that changed and those visitors asked for; beat as a worker."""
    while True:
        result = tick(worker=worker_name(), clock=utcnow)
        db.session.remove()
        if result.rendered or not loop:
            click.echo(f"{result.asked} program(s) out of date, {result.rendered} rendered.")
        if not loop:
            return
        time.sleep(every)

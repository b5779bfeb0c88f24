from __future__ import annotations

import click
from flask.cli import with_appcontext

from summit.db import utcnow
from summit.demo.seed import DEMO_PASSWORD
from summit.demo.seed import seed_demo
from summit.extensions import db


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create (or refresh) the Casablanca demo summit and a demo organizer."""
    result = seed_demo(now=utcnow())
    db.session.commit()
    click.echo(
        ("Created" if result.created else "Refreshed")
        + f" the demo summit /events/{result.event.slug}/"
    )
    click.echo(f"Demo organizer: {result.organizer.email} / password: {DEMO_PASSWORD}")

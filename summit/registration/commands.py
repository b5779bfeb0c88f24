"""``flask --app summit erase-expired-registrations``."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import click
from flask.cli import with_appcontext

from summit.db import utcnow
from summit.extensions import db
from summit.registration.privacy import erase_expired


@click.command("erase-expired-registrations")
@click.option(
    "--now",
    "now_text",
    default=None,
    help="Pretend it is this UTC time (ISO 8601), e.g. 2025-06-01T00:00.",
)
@with_appcontext
def erase_expired_registrations_command(now_text: str | None) -> None:
    """Erase attendees' personal data of past events whose retention date has passed."""
    now = utcnow()
    if now_text:
        parsed = datetime.fromisoformat(now_text)
        now = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    erased = erase_expired(now=now)
    db.session.commit()
    click.echo(f"Erased the personal data of {erased} registration(s).")

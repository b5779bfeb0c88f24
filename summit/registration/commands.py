"""``flask --app summit erase-expired-registrations`` and ``erase-expired-sensitive-answers``."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import click
from flask.cli import with_appcontext

from summit.db import utcnow
from summit.extensions import db
from summit.registration.privacy import erase_expired
from summit.registration.sensitive import erase_expired_sensitive_answers

NOW_OPTION = click.option(
    "--now",
    "now_text",
    default=None,
    help="Pretend it is this UTC time (ISO 8601), e.g. 2025-06-01T00:00.",
)


def _now(now_text: str | None) -> datetime:
    if not now_text:
        return utcnow()
    parsed = datetime.fromisoformat(now_text)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@click.command("erase-expired-registrations")
@NOW_OPTION
@with_appcontext
def erase_expired_registrations_command(now_text: str | None) -> None:
    """Erase attendees' personal data of past events whose retention date has passed."""
    erased = erase_expired(now=_now(now_text))
    db.session.commit()
    click.echo(f"Erased the personal data of {erased} registration(s).")


@click.command("erase-expired-sensitive-answers")
@NOW_OPTION
@with_appcontext
def erase_expired_sensitive_answers_command(now_text: str | None) -> None:
    """Erase sensitive answers (health, accessibility, diet) past their earlier date; the
    worker runs this nightly (each run is logged per event)."""
    erased = erase_expired_sensitive_answers(_now(now_text))
    db.session.commit()
    click.echo(f"Erased the sensitive answers of {sum(erased.values())} registration(s).")

"""``flask import-schedule FILE [--slug S] [--publish]``: a schedule from another tool."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import func
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.db import utcnow
from summit.extensions import db
from summit.imports.reading import ScheduleFileError
from summit.imports.reading import read_schedule
from summit.imports.services import import_schedule


def _organizer(email: str | None) -> Organizer:
    if email:
        found = db.session.execute(
            select(Organizer).where(func.lower(Organizer.email) == email.strip().lower())
        ).scalar_one_or_none()
        if found is None:
            raise click.ClickException(f"No organizer has the e-mail {email!r}.")
        return found
    organizers = list(db.session.scalars(select(Organizer).limit(2)))
    if len(organizers) != 1:
        raise click.ClickException(
            "Say which organizer will manage the event: --organizer EMAIL "
            "(create one with `flask create-organizer`)."
        )
    return organizers[0]


@click.command("import-schedule")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", default=None, help="The event's address (default: from the acronym).")
@click.option("--publish", is_flag=True, help="Publish the event at once (default: draft).")
@click.option("--organizer", "organizer_email", default=None, help="Who manages the event.")
@with_appcontext
def import_schedule_command(
    file: Path, slug: str | None, publish: bool, organizer_email: str | None
) -> None:
    """Import a c3voc schedule.json or frab schedule.xml (pretalx, frab, Indico, Summit).

    Importing the same file again updates the same event: sessions match on their GUIDs.
    """
    organizer = _organizer(organizer_email)
    # No request here to choose a language from: messages are in English.
    with force_locale("en"):
        try:
            schedule = read_schedule(file.read_bytes())
            result = import_schedule(
                schedule, organizer=organizer, now=utcnow(), slug=slug, publish=publish
            )
        except ScheduleFileError as error:
            db.session.rollback()
            raise click.ClickException(str(error.message)) from error
    db.session.commit()
    state = "published" if result.event.is_published else "draft"
    verb = "Created" if result.created else "Updated"
    click.echo(
        f"{verb} {result.event.slug} ({state}): {result.sessions_added} sessions added, "
        f"{result.sessions_updated} updated, {result.sessions_removed} removed."
    )

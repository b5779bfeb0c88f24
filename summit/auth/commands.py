from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from summit.auth.services import AccountError
from summit.auth.services import create_organizer
from summit.db import utcnow
from summit.extensions import db


@click.command("create-organizer")
@click.argument("email")
@click.option("--name", default="", help="The organizer's display name.")
@with_appcontext
def create_organizer_command(email: str, name: str) -> None:
    """Create an organizer account; the password is asked for (or read from stdin)."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        organizer = create_organizer(email, password, name=name, now=utcnow())
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Organizer {organizer.email} created.")

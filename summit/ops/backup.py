"""``flask --app summit backup-sqlite FILE``: a consistent copy of the embedded database
while the server runs (SQLite's online backup API; PostgreSQL uses ``pg_dump``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from summit.extensions import db


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` page by page; writers may go on meanwhile (each step
    holds the read lock briefly, and a page changed during the copy is copied again)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy, pages=256)
    copy.close()
    origin.close()


@click.command("backup-sqlite")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_sqlite_command(target: Path) -> None:
    """Write a consistent copy of the SQLite database to TARGET (restore: stop the
    server and put the copy in place of instance/summit.db)."""
    url = make_url(str(db.engine.url))
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException(
            "The database is not a SQLite file; back PostgreSQL up with pg_dump (docs/deploy.md)."
        )
    if target.exists():
        raise click.ClickException(f"{target} exists; choose a new file name.")
    backup_sqlite(Path(url.database), target)
    click.echo(f"Backed up {url.database} to {target}.")

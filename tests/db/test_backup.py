"""The SQLite online backup, restored: every row is back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.engine import make_url

from summit import create_app
from summit.events.models import Event
from summit.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.conftest import app_config
from tests.factories import make_event

pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's own backup")


def test_a_backup_taken_while_the_app_runs_restores_every_row(app: Flask, tmp_path: Path) -> None:
    for _ in range(3):
        make_event(published=True)
    backup = tmp_path / "backups" / "summit-copy.db"
    # A writer in the middle of a transaction: the copy neither waits for it nor holds
    # its uncommitted change.
    writer = sqlite3.connect(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database or "")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE events SET title = 'not committed'")
    try:
        result = app.test_cli_runner().invoke(args=["backup-sqlite", str(backup)])
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 0, result.output

    restored = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{backup}"))
    with restored.app_context():
        titles = db.session.scalars(select(Event.title)).all()
        assert len(titles) == 3
        assert "not committed" not in titles
        assert db.session.scalar(select(func.count()).select_from(Event)) == 3
        db.engine.dispose()


def test_a_backup_never_overwrites_a_file(app: Flask, tmp_path: Path) -> None:
    target = tmp_path / "exists.db"
    target.write_bytes(b"keep me")
    result = app.test_cli_runner().invoke(args=["backup-sqlite", str(target)])
    assert result.exit_code != 0
    assert "choose a new file name" in result.output
    assert target.read_bytes() == b"keep me"

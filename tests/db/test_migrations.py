from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from flask_migrate import upgrade
from sqlalchemy import inspect
from sqlalchemy import text

from summit import create_app
from summit.extensions import db
from tests.conftest import app_config


def test_migrations_build_exactly_the_schema_the_models_describe(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_the_release_that_keeps_only_headers_cuts_mail_sent_before_it(tmp_path: Path) -> None:
    """Mail sent before e0189da0e79f held its whole text (private links included): the
    migration cuts sent rows to their headers and leaves queued and failed ones whole."""
    app = create_app(app_config(tmp_path))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="08f6a528cc43")
        rows = {
            "sent": b"Subject: Confirmed\nTo: a@example.org\n\nYour link: /my/SECRET/",
            "queued": b"Subject: Queued\n\nYour link: /my/QUEUED/",
            "failed": b"Subject: Failed\n\nYour link: /my/FAILED/",
        }
        insert = text(
            "INSERT INTO outbox_messages (kind, recipient, subject, body, status, attempts,"
            " not_before, last_error, created_at) VALUES ('confirmed', 'a@example.org', 's',"
            " :body, :status, 1, :at, '', :at)"
        )
        with db.engine.begin() as connection:
            for status, body in rows.items():
                connection.execute(insert, {"body": body, "status": status, "at": "2024-12-01"})
        upgrade()
        with db.engine.connect() as connection:
            kept = dict(connection.execute(text("SELECT status, body FROM outbox_messages")).all())
        assert bytes(kept["sent"]) == b"Subject: Confirmed\nTo: a@example.org\n\n"
        assert bytes(kept["queued"]) == rows["queued"] and bytes(kept["failed"]) == rows["failed"]
        downgrade(revision="base")
        db.engine.dispose()

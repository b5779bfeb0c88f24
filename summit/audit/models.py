"""The access log. Rows are only ever inserted: triggers in the database refuse UPDATE
and DELETE (see :data:`APPEND_ONLY_DDL`), so nobody, the application included, can
rewrite who looked at what.

The log deliberately carries no foreign keys: it must outlive the members, registrations
and even the events it names, and a cascading delete or SET NULL would be an edit.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DDL
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from summit.events.models import enum_column
from summit.extensions import db


class AccessAction(enum.StrEnum):
    VIEWED_SENSITIVE = "viewed_sensitive"
    EXPORTED_SENSITIVE = "exported_sensitive"
    MEMBER_INVITED = "member_invited"
    MEMBER_JOINED = "member_joined"
    ROLE_CHANGED = "role_changed"
    MEMBER_REMOVED = "member_removed"
    SENSITIVE_ERASED = "sensitive_erased"


# Actions that mean someone saw sensitive answers (what attendees are told about).
LOOKS = (AccessAction.VIEWED_SENSITIVE, AccessAction.EXPORTED_SENSITIVE)


class AccessLogEntry(db.Model):  # type: ignore[name-defined]
    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_event_at", "event_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int]
    at: Mapped[datetime]
    # Who acted, as they were then; no actor means the system (retention).
    actor_id: Mapped[int | None]
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    actor_role: Mapped[str] = mapped_column(String(32), default="")
    action: Mapped[AccessAction] = mapped_column(enum_column(AccessAction, "access_action"))
    # What was touched: a member's e-mail, an export's name, a page.
    subject: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    registration_count: Mapped[int] = mapped_column(default=0)

    registrations: Mapped[list[AccessLogRegistration]] = relationship(
        back_populates="entry", order_by="AccessLogRegistration.registration_id"
    )


class AccessLogRegistration(db.Model):  # type: ignore[name-defined]
    """Which registrations an entry concerns, so an attendee's page can say when their
    answers were last seen."""

    __tablename__ = "access_log_registrations"

    entry_id: Mapped[int] = mapped_column(ForeignKey("access_log.id"), primary_key=True)
    registration_id: Mapped[int] = mapped_column(primary_key=True, index=True)

    entry: Mapped[AccessLogEntry] = relationship(back_populates="registrations")


APPEND_ONLY_TABLES = ("access_log", "access_log_registrations")

# The same statements are in the migration that creates the tables.
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION summit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'append_only: % rows cannot be changed or deleted', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql
"""


def sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'append_only: {table} rows cannot be changed'); END"
        for verb in ("update", "delete")
    ]


def postgresql_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION summit_append_only()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION summit_append_only()",
    ]


def _attach(table_name: str) -> None:
    table = db.metadata.tables[table_name]
    # DDL() formats its text with %(table)s-style values, so a literal % is doubled.
    function = DDL(POSTGRESQL_FUNCTION.replace("%", "%%"))
    sa_event.listen(table, "after_create", function.execute_if(dialect="postgresql"))
    for statement in sqlite_triggers(table_name):
        sa_event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in postgresql_triggers(table_name):
        sa_event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))


for _name in APPEND_ONLY_TABLES:
    _attach(_name)

"""Database triggers that keep an event with at least one owner.

A CHECK cannot look at other rows, so the rule "the last owner cannot be demoted or
removed" is a trigger on ``event_organizers``. Deleting the event itself (its memberships
go by cascade) stays possible. On PostgreSQL the trigger locks the event row first, so two
owners demoting each other at the same moment cannot both succeed.
"""

from __future__ import annotations

from sqlalchemy import DDL
from sqlalchemy import Table
from sqlalchemy import event as sa_event

ERROR = "event_keeps_an_owner"

SQLITE = [
    f"""CREATE TRIGGER event_keeps_an_owner_on_update
AFTER UPDATE OF role, event_id ON event_organizers
WHEN OLD.role = 'owner'
 AND EXISTS (SELECT 1 FROM events WHERE id = OLD.event_id)
 AND NOT EXISTS (SELECT 1 FROM event_organizers WHERE event_id = OLD.event_id AND role = 'owner')
BEGIN SELECT RAISE(ABORT, '{ERROR}'); END""",
    f"""CREATE TRIGGER event_keeps_an_owner_on_delete
AFTER DELETE ON event_organizers
WHEN OLD.role = 'owner'
 AND EXISTS (SELECT 1 FROM events WHERE id = OLD.event_id)
 AND NOT EXISTS (SELECT 1 FROM event_organizers WHERE event_id = OLD.event_id AND role = 'owner')
BEGIN SELECT RAISE(ABORT, '{ERROR}'); END""",
]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION event_keeps_an_owner() RETURNS trigger AS $$
BEGIN
  IF OLD.role = 'owner' THEN
    PERFORM 1 FROM events WHERE id = OLD.event_id FOR UPDATE;
    IF FOUND AND NOT EXISTS (
      SELECT 1 FROM event_organizers WHERE event_id = OLD.event_id AND role = 'owner'
    ) THEN
      RAISE EXCEPTION '{ERROR}' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER event_keeps_an_owner
AFTER UPDATE OF role, event_id OR DELETE ON event_organizers
FOR EACH ROW EXECUTE FUNCTION event_keeps_an_owner()""",
]


def attach(table: Table) -> None:
    """Create the triggers whenever the table is created outside migrations (tests)."""
    for statement in SQLITE:
        sa_event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in POSTGRESQL:
        sa_event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))

"""What each team role may do: the one table every ``/manage/`` route is checked against.

A route declares the single :class:`Permission` it needs (``@requires(...)`` in
``summit.events.access``); this module says which roles hold it. Seeing attendees'
sensitive answers is not a role but a flag on the membership that only an owner sets.
"""

from __future__ import annotations

import enum

from summit.events.models import ATTENDEE_DATA_ROLES
from summit.events.models import EventOrganizer
from summit.events.models import TeamRole


class Permission(enum.StrEnum):
    SIGNED_IN = "signed_in"  # any organizer account; the route is not about one event
    VIEW_EVENT = "view_event"  # the event's overview page
    EDIT_CONTENT = "edit_content"  # details, rooms, partners, agenda, speakers, publishing
    MANAGE_REGISTRATIONS = "manage_registrations"  # attendees, their messages, exports
    ERASE_PERSONAL_DATA = "erase_personal_data"
    CHECK_IN = "check_in"
    MANAGE_TEAM = "manage_team"
    READ_ACCESS_LOG = "read_access_log"
    # Not a role's: needs the membership's flag (see :func:`sees_sensitive`).
    SENSITIVE_ANSWERS = "sensitive_answers"


ROLE_PERMISSIONS: dict[TeamRole, frozenset[Permission]] = {
    TeamRole.OWNER: frozenset(Permission) - {Permission.SENSITIVE_ANSWERS},
    TeamRole.EDITOR: frozenset({Permission.VIEW_EVENT, Permission.EDIT_CONTENT}),
    TeamRole.REGISTRATION_MANAGER: frozenset(
        {Permission.VIEW_EVENT, Permission.MANAGE_REGISTRATIONS, Permission.CHECK_IN}
    ),
    TeamRole.DOOR: frozenset({Permission.CHECK_IN}),
}


def allows(membership: EventOrganizer, permission: Permission) -> bool:
    if permission is Permission.SENSITIVE_ANSWERS:
        return sees_sensitive(membership)
    return permission in ROLE_PERMISSIONS[membership.role]


def sees_sensitive(membership: EventOrganizer | None) -> bool:
    """Whether this member may see sensitive answers (the flag alone is not enough: the
    role must be one that sees attendees at all)."""
    return (
        membership is not None
        and membership.may_see_sensitive
        and membership.role in ATTENDEE_DATA_ROLES
    )


def landing_endpoint(role: TeamRole) -> str:
    """Where a member starts: door staff go straight to the check-in desk."""
    if Permission.VIEW_EVENT in ROLE_PERMISSIONS[role]:
        return "manage_events.overview"
    return "registration_door.checkin"

"""Display names of team roles, keyed by the enum (one place for every page and mail)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from summit.events.models import TeamRole

ROLE_LABELS = {
    TeamRole.OWNER: _l("Owner"),
    TeamRole.EDITOR: _l("Editor"),
    TeamRole.REGISTRATION_MANAGER: _l("Registration manager"),
    TeamRole.DOOR: _l("Door"),
}

ROLE_DESCRIPTIONS = {
    TeamRole.OWNER: _l("Everything, including the team and erasing personal data."),
    TeamRole.EDITOR: _l("Event details and agenda; no attendee data."),
    TeamRole.REGISTRATION_MANAGER: _l("Attendees, their messages and exports."),
    TeamRole.DOOR: _l("Check-in, with the names needed for it; nothing else."),
}


# Access-log actors that are not team members.
OTHER_ACTORS = {"": _l("Automatic"), "attendee": _l("The attendee")}


def role_label(value: str) -> str:
    """The label of a role stored as text (as in the access log), or the text itself."""
    if value in OTHER_ACTORS:
        return str(OTHER_ACTORS[value])
    try:
        return str(ROLE_LABELS[TeamRole(value)])
    except ValueError:
        return value

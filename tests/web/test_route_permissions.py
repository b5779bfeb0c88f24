"""Every /manage/ route × every role: allowed or refused, as the team roles promise.

The expected table below is written out by hand on purpose: it is the specification the
declarations in the views are checked against. A route added without a declaration, or
without a line here, fails the test.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask import g
from werkzeug.routing import Rule

from summit.events.models import TeamRole
from summit.extensions import db
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_member
from tests.factories import make_organizer

ANONYMOUS = "anonymous"
FOREIGN = "foreign organizer"
OWNER = "owner"
OWNER_SENSITIVE = "owner with sensitive answers"
EDITOR = "editor"
REGISTRATIONS = "registration manager"
REGISTRATIONS_SENSITIVE = "registration manager with sensitive answers"
DOOR = "door"
MEMBERS = {
    OWNER: (TeamRole.OWNER, False),
    OWNER_SENSITIVE: (TeamRole.OWNER, True),
    EDITOR: (TeamRole.EDITOR, False),
    REGISTRATIONS: (TeamRole.REGISTRATION_MANAGER, False),
    REGISTRATIONS_SENSITIVE: (TeamRole.REGISTRATION_MANAGER, True),
    DOOR: (TeamRole.DOOR, False),
}
EVERYONE_SIGNED_IN = {FOREIGN, *MEMBERS}
OWNERS = {OWNER, OWNER_SENSITIVE}
CONTENT = {*OWNERS, EDITOR}
REGISTRATION = {*OWNERS, REGISTRATIONS, REGISTRATIONS_SENSITIVE}
SENSITIVE = {OWNER_SENSITIVE, REGISTRATIONS_SENSITIVE}
CHECK_IN = {*REGISTRATION, DOOR}

EXPECTED: dict[str, set[str]] = {
    "manage_events.dashboard": EVERYONE_SIGNED_IN,
    "manage_events.new_event": EVERYONE_SIGNED_IN,
    "manage_imports.upload": EVERYONE_SIGNED_IN,
    "manage_events.overview": CONTENT | REGISTRATION,
    **{
        f"manage_events.{name}": CONTENT
        for name in (
            "edit_event",
            "publish",
            "rooms",
            "delete_room",
            "partners",
            "delete_partner",
            "partner_logo",
            "support",
            "delete_support",
        )
    },
    **{
        f"manage_schedule.{name}": CONTENT
        for name in (
            "sessions",
            "new_session",
            "session",
            "edit_session",
            "delete_session_view",
            "add_role_view",
            "remove_role_view",
            "move",
            "agenda",
            "problems",
        )
    },
    **{
        f"manage_speakers.{name}": CONTENT
        for name in (
            "speakers",
            "edit_speaker",
            "delete_speaker_view",
            "speaker_photo",
            "add_window",
            "remove_window",
        )
    },
    **{f"speaker_invitations.{name}": CONTENT for name in ("invitation", "invite", "rotate")},
    **{
        f"registration_manage.{name}": REGISTRATION
        for name in (
            "registrations",
            "settings",
            "approve",
            "reject",
            "promote",
            "cancel",
            "resend",
            "export",
        )
    },
    "registration_manage.erase": OWNERS,
    **{
        f"registration_door.{name}": CHECK_IN
        for name in ("checkin", "checkin_ticket", "checkin_person", "undo_checkin", "count")
    },
    **{f"manage_panel.{name}": CONTENT for name in ("add_panel", "order_panel")},
    "speaker_invitations.invite_all": CONTENT,
    **{f"messages.{name}": REGISTRATION for name in ("messages", "compose", "message")},
    **{f"outbox_manage.{name}": REGISTRATION for name in ("messages", "resend")},
    **{
        f"manage_certificates.{name}": REGISTRATION
        for name in ("certificates", "preview", "revoke", "send_all")
    },
    **{f"manage_certificates.{name}": CHECK_IN for name in ("attendance", "mark")},
    "manage_certificates.credit": CONTENT,
    **{f"manage_feedback.{name}": CONTENT | REGISTRATION for name in ("feedback", "export")},
    **{
        f"registration_sensitive.{name}": SENSITIVE
        for name in ("answers", "export_form", "export_answers")
    },
    **{f"manage_needs.{name}": SENSITIVE for name in ("requests", "answer")},
    **{f"manage_team.{name}": OWNERS for name in ("team", "set_role", "remove", "revoke")},
    **{f"manage_translations.{name}": CONTENT for name in ("overview", "edit", "first_part")},
    "manage_audit.access_log": OWNERS,
    "manage_audit.access_log_csv": OWNERS,
}


def manage_rules(app: Flask) -> list[Rule]:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/manage")),
        key=lambda rule: rule.rule,
    )


def url_for_rule(rule: Rule, event_id: int) -> str:
    # Ids other than the event's need not exist: the guard decides before any lookup.
    values: dict[str, Any] = {
        name: (event_id if name == "event_id" else "0" * 32 if name == "code" else 999_999)
        for name in rule.arguments
    }
    return rule.build(values, append_unknown=False)[1]  # type: ignore[index]


def test_every_manage_route_declares_its_permission_and_is_in_the_table(app: Flask) -> None:
    undeclared = [
        rule.endpoint
        for rule in manage_rules(app)
        if getattr(app.view_functions[rule.endpoint], "required_permission", None) is None
    ]
    assert undeclared == [], "declare @requires(Permission.X) on these views"
    missing = {rule.endpoint for rule in manage_rules(app)} - set(EXPECTED)
    assert missing == set(), "add these endpoints to EXPECTED with the roles they allow"
    assert set(EXPECTED) <= {rule.endpoint for rule in manage_rules(app)}


@pytest.mark.parametrize("who", [ANONYMOUS, FOREIGN, *MEMBERS])
def test_each_role_opens_exactly_the_manage_routes_it_is_allowed(app: Flask, who: str) -> None:
    event = make_event()
    for name, (role, sensitive) in MEMBERS.items():
        make_member(event, role, sensitive=sensitive, email=f"{name.replace(' ', '-')}@example.org")
    make_event(make_organizer("foreign-organizer@example.org"))
    event_id = event.id
    db.session.remove()

    client = app.test_client()
    if who != ANONYMOUS:
        email = f"{who.replace(' ', '-')}@example.org"
        assert (
            client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code
            == 302
        )
    wrong: list[str] = []
    checked = 0
    for rule in manage_rules(app):
        url = url_for_rule(rule, event_id)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):  # type: ignore[operator]
            with client:
                response = client.open(url, method=method)
                passed_guard = g.get("membership") is not None
            allowed = who in EXPECTED[rule.endpoint]
            location = response.headers.get("Location", "")
            if who == ANONYMOUS:
                ok = response.status_code == 302 and "/auth/login" in location
            elif "event_id" not in rule.arguments:
                # Past the sign-in guard: the page, a redirect, or the form's 400 (empty POST).
                ok = response.status_code in (200, 302, 400) and "/auth/login" not in location
            elif allowed:
                ok = passed_guard and response.status_code != 403
            elif who == FOREIGN:
                ok = response.status_code == 404 and not passed_guard
            else:
                ok = response.status_code == 403 and not passed_guard
            checked += 1
            if not ok:
                wrong.append(f"{method} {url} ({rule.endpoint}) -> {response.status_code}")
    assert wrong == []
    assert checked >= len(EXPECTED)

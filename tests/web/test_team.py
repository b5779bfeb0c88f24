"""The team page: invitations by e-mail through the outbox, roles, removal, one owner."""

from __future__ import annotations

import re
from email import message_from_bytes
from email import policy

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from summit.audit.models import AccessAction
from summit.audit.models import AccessLogEntry
from summit.auth.models import Organizer
from summit.auth.services import authenticate
from summit.events.models import Event
from summit.events.models import EventOrganizer
from summit.events.models import TeamRole
from summit.extensions import db
from summit.outbox.models import OutboxMessage
from summit.teams.models import TeamInvitation
from tests.conftest import AuthActions
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_member
from tests.factories import make_organizer


@pytest.fixture
def owner(app: Flask) -> Organizer:
    return make_organizer("owner@example.org")


@pytest.fixture
def event(owner: Organizer) -> Event:
    return make_event(owner)


@pytest.fixture
def signed_in(client: FlaskClient, auth: AuthActions, owner: Organizer) -> FlaskClient:
    auth.login(owner.email)
    return client


def team_url(event: Event) -> str:
    return f"/manage/events/{event.id}/team/"


def invite(client: FlaskClient, event: Event, email: str, role: str, **extra: str) -> str:
    response = client.post(team_url(event), data={"email": email, "role": role, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    [message] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "team_invitation")
    ).all()[-1:]
    parsed = message_from_bytes(message.body, policy=policy.default)
    body = parsed.get_body(("plain",)).get_content()  # type: ignore[attr-defined,union-attr]
    link = re.search(r"http://summit\.test(/auth/invitations/\S+)", body)
    assert link, body
    return link.group(1)


def log(event: Event) -> list[AccessLogEntry]:
    return list(
        db.session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.event_id == event.id)
            .order_by(AccessLogEntry.id)
        )
    )


def test_an_invitation_is_queued_in_the_outbox_and_its_token_is_stored_hashed(
    signed_in: FlaskClient, event: Event
) -> None:
    path = invite(signed_in, event, "Door@Example.org", "door")
    token = path.rsplit("/", 1)[1]
    [invitation] = db.session.scalars(select(TeamInvitation)).all()
    assert invitation.email == "door@example.org" and invitation.role is TeamRole.DOOR
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert message.recipient == "door@example.org" and message.event_id == event.id
    assert event.title in message.subject
    assert [e.action for e in log(event)][-1] is AccessAction.MEMBER_INVITED


def test_the_link_sets_the_password_once_and_the_new_member_lands_on_their_page(
    client: FlaskClient, signed_in: FlaskClient, auth: AuthActions, event: Event
) -> None:
    path = invite(signed_in, event, "door@example.org", "door")
    auth.logout()
    assert "Join the team" in client.get(path).get_data(as_text=True)
    short = client.post(path, data={"name": "Youssef", "password": "short", "confirm": "short"})
    assert "at least 10 characters" in short.get_data(as_text=True)
    differ = client.post(
        path, data={"name": "Youssef", "password": PASSWORD, "confirm": PASSWORD + "x"}
    )
    assert "The two passwords differ" in differ.get_data(as_text=True)
    joined = client.post(path, data={"name": "Youssef", "password": PASSWORD, "confirm": PASSWORD})
    assert joined.headers["Location"].endswith(f"/manage/events/{event.id}/checkin/")
    assert authenticate("door@example.org", PASSWORD) is not None
    member = db.session.scalars(
        select(EventOrganizer).where(EventOrganizer.role == TeamRole.DOOR)
    ).one()
    assert member.organizer.name == "Youssef" and not member.may_see_sensitive
    assert client.get(path).status_code == 404  # used once
    assert [e.action for e in log(event)][-1] is AccessAction.MEMBER_JOINED


def test_an_existing_account_joins_only_when_signed_in_and_keeps_its_password(
    client: FlaskClient, signed_in: FlaskClient, auth: AuthActions, event: Event
) -> None:
    karim = make_organizer("karim@example.org")
    path = invite(signed_in, event, "karim@example.org", "editor")
    auth.logout()
    response = client.post(
        path, data={"name": "X", "password": "a new password!", "confirm": "a new password!"}
    )
    assert "sign in, then open the link again" in response.get_data(as_text=True)
    assert authenticate("karim@example.org", "a new password!") is None
    auth.login(karim.email)
    assert client.post(path).status_code == 302
    assert db.session.get(EventOrganizer, (event.id, karim.id)).role is TeamRole.EDITOR  # type: ignore[union-attr]


def test_an_invitation_for_someone_else_is_refused_to_a_signed_in_account(
    client: FlaskClient, signed_in: FlaskClient, auth: AuthActions, event: Event
) -> None:
    path = invite(signed_in, event, "door@example.org", "door")
    other = make_organizer("other@example.org")
    auth.logout()
    auth.login(other.email)
    assert "This invitation is for door@example.org" in client.post(path).get_data(as_text=True)
    assert db.session.get(EventOrganizer, (event.id, other.id)) is None


def test_a_second_invitation_replaces_the_first_and_a_withdrawn_link_is_dead(
    client: FlaskClient, signed_in: FlaskClient, event: Event
) -> None:
    first = invite(signed_in, event, "door@example.org", "door")
    second = invite(signed_in, event, "door@example.org", "registration_manager")
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    [open_one] = db.session.scalars(
        select(TeamInvitation).where(TeamInvitation.revoked_at.is_(None))
    ).all()
    signed_in.post(f"/manage/events/{event.id}/team/invitations/{open_one.id}/revoke")
    assert client.get(second).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-email", "role": "door"}, "Invalid email address"),
        ({"email": "a@example.org", "role": "emperor"}, "Not a valid choice"),
        (
            {"email": "a@example.org", "role": "door", "may_see_sensitive": "y"},
            "Only owners and registration managers can see sensitive answers.",
        ),
        ({"email": "owner@example.org", "role": "door"}, "already on the team"),
    ],
)
def test_bad_invitations_say_what_to_fix_and_queue_nothing(
    signed_in: FlaskClient, event: Event, data: dict[str, str], message: str
) -> None:
    response = signed_in.post(team_url(event), data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_the_owner_changes_a_role_and_grants_sensitive_answers_and_both_are_logged(
    signed_in: FlaskClient, event: Event
) -> None:
    member = make_member(event, TeamRole.DOOR)
    url = f"/manage/events/{event.id}/team/{member.organizer_id}/role"
    prefix = f"m{member.organizer_id}-"
    signed_in.post(
        url, data={prefix + "role": "registration_manager", prefix + "may_see_sensitive": "y"}
    )
    db.session.refresh(member)
    assert (member.role, member.may_see_sensitive) == (TeamRole.REGISTRATION_MANAGER, True)
    entry = log(event)[-1]
    assert entry.action is AccessAction.ROLE_CHANGED
    assert entry.detail == "role: door -> registration_manager; sensitive answers: no -> yes"
    assert entry.actor_email == "owner@example.org" and entry.subject == member.organizer.email


def test_the_last_owner_can_be_neither_demoted_nor_removed(
    signed_in: FlaskClient, event: Event, owner: Organizer
) -> None:
    prefix = f"m{owner.id}-"
    demote = signed_in.post(
        f"/manage/events/{event.id}/team/{owner.id}/role",
        data={prefix + "role": "editor"},
        follow_redirects=True,
    )
    assert "An event always keeps one owner" in demote.get_data(as_text=True)
    remove = signed_in.post(
        f"/manage/events/{event.id}/team/{owner.id}/remove",
        data={"confirmed": "yes"},
        follow_redirects=True,
    )
    assert "An event always keeps one owner" in remove.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(EventOrganizer, (event.id, owner.id)).role is TeamRole.OWNER  # type: ignore[union-attr]


def test_with_a_second_owner_the_first_can_step_down_and_leave(
    signed_in: FlaskClient, event: Event, owner: Organizer
) -> None:
    make_member(event, TeamRole.OWNER)
    response = signed_in.post(
        f"/manage/events/{event.id}/team/{owner.id}/remove", data={"confirmed": "yes"}
    )
    assert response.headers["Location"].endswith("/manage/")
    db.session.expire_all()
    assert db.session.get(EventOrganizer, (event.id, owner.id)) is None
    assert log(event)[-1].action is AccessAction.MEMBER_REMOVED


def test_the_access_log_page_and_csv_list_team_changes_for_owners(
    signed_in: FlaskClient, event: Event
) -> None:
    make_member(event, TeamRole.EDITOR, email="=cmd@example.org")
    page = signed_in.get(f"/manage/events/{event.id}/access-log/").get_data(as_text=True)
    assert "Joined the team" in page and "=cmd@example.org" in page
    csv_body = signed_in.get(f"/manage/events/{event.id}/access-log.csv").get_data(as_text=True)
    assert "member_joined" in csv_body and "'=cmd@example.org" in csv_body


def test_a_door_member_sees_only_the_check_in_link_in_the_navigation(
    client: FlaskClient, auth: AuthActions, event: Event
) -> None:
    door = make_member(event, TeamRole.DOOR)
    auth.login(door.organizer.email)
    dashboard = client.get("/manage/").get_data(as_text=True)
    assert f"/manage/events/{event.id}/checkin/" in dashboard
    page = client.get(f"/manage/events/{event.id}/checkin/").get_data(as_text=True)
    assert f"/manage/events/{event.id}/registrations/" not in page
    assert f"/manage/events/{event.id}/team/" not in page

"""A session's panel from its own page: several speakers at once, order, roles, invites."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from summit.extensions import db
from summit.outbox.models import OutboxMessage
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from tests.conftest import AuthActions
from tests.factories import make_event
from tests.factories import make_organizer
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker


@pytest.fixture
def panel(client: FlaskClient, auth: AuthActions) -> dict[str, Any]:
    organizer = make_organizer()
    event = make_event(organizer, published=True)
    session = make_session(event, kind=SessionKind.ROUND_TABLE, title="Jeunes et écrans")
    known = make_speaker(event, "Imane Kendili", honorific="Dr", email="imane@example.org")
    auth.login(organizer.email)
    base = f"/manage/events/{event.id}/sessions/{session.id}"
    return {"event": event, "session": session, "known": known, "base": base}


def rows(*people: tuple[str, str, str, str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for n, (name, affiliation, email, role) in enumerate(people):
        data |= {
            f"new-{n}-name": name,
            f"new-{n}-affiliation": affiliation,
            f"new-{n}-email": email,
            f"new-{n}-role": role,
        }
    return data


def roles_of(session: Any) -> list[tuple[str, str, int]]:
    db.session.expire_all()
    return [(r.speaker.name, r.role.value, r.position) for r in session.roles]


def test_four_new_speakers_join_the_panel_in_one_post(
    client: FlaskClient, panel: dict[str, Any]
) -> None:
    data = rows(
        ("Jallal Toufiq", "CHU Ar-Razi", "jt@example.org", "moderator"),
        ("Salma Idrissi", "", "salma@example.org", "panelist"),
        ("Mehdi Chraibi", "UM6P", "", "panelist"),
        ("Rim Berrada", "", "RIM@example.org", "panelist"),
    )
    response = client.post(f"{panel['base']}/panel", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{panel['session'].id}/#speakers")
    assert roles_of(panel["session"]) == [
        ("Jallal Toufiq", "moderator", 0),
        ("Salma Idrissi", "panelist", 1),
        ("Mehdi Chraibi", "panelist", 2),
        ("Rim Berrada", "panelist", 3),
    ]
    rim = db.session.execute(select(Speaker).where(Speaker.name == "Rim Berrada")).scalar_one()
    assert rim.email == "rim@example.org"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "4 speakers added to the session." in page
    assert "<td>1</td>" in page and "<td>4</td>" in page and "<td>0</td>" not in page
    assert "This round table has no moderator." not in page


def test_ticked_speakers_and_a_new_one_are_added_together(
    client: FlaskClient, panel: dict[str, Any]
) -> None:
    other = make_speaker(panel["event"], "Omar Tazi")
    data = {"existing": [str(panel["known"].id), str(other.id)], "existing_role": "moderator"}
    data |= rows(("Nadia Alami", "", "", "panelist"))
    assert client.post(f"{panel['base']}/panel", data=data).status_code == 302
    assert roles_of(panel["session"]) == [
        ("Imane Kendili", "moderator", 0),
        ("Omar Tazi", "moderator", 1),
        ("Nadia Alami", "panelist", 2),
    ]


def test_an_email_already_used_is_flagged_and_nothing_is_saved_until_confirmed(
    client: FlaskClient, panel: dict[str, Any]
) -> None:
    data = rows(("Imane K.", "", "Imane@example.org", "panelist"))
    response = client.post(f"{panel['base']}/panel", data=data)
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "imane@example.org is already the address of Dr Imane Kendili." in text
    assert "Create them anyway" in text
    assert db.session.scalar(select(func.count(Speaker.id))) == 1
    data["same_email_ok"] = "y"
    assert client.post(f"{panel['base']}/panel", data=data).status_code == 302
    assert db.session.scalar(select(func.count(Speaker.id))) == 2


def test_two_rows_with_one_email_are_flagged(client: FlaskClient, panel: dict[str, Any]) -> None:
    data = rows(
        ("A", "", "same@example.org", "panelist"), ("B", "", "same@example.org", "panelist")
    )
    response = client.post(f"{panel['base']}/panel", data=data)
    assert response.status_code == 409
    assert "same@example.org is already the address of A." in response.get_data(as_text=True)
    assert roles_of(panel["session"]) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Tick a speaker or type a new speaker"),
        (rows(("", "UM6P", "x@example.org", "panelist")), "Give the speaker's name."),
        (rows(("X", "", "not-an-email", "panelist")), "Enter a valid e-mail address."),
        (rows(("X", "", "", "chair")), "Not a valid choice"),
        ({"existing": ["99999"]}, "is not a valid choice"),
    ],
)
def test_bad_panel_input_saves_nothing_and_says_why(
    client: FlaskClient, panel: dict[str, Any], data: dict[str, Any], message: str
) -> None:
    response = client.post(f"{panel['base']}/panel", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert roles_of(panel["session"]) == []
    assert db.session.scalar(select(func.count(Speaker.id))) == 1


def test_a_speaker_of_another_event_cannot_be_ticked(
    client: FlaskClient, panel: dict[str, Any]
) -> None:
    stranger = make_speaker(make_event(), "Ailleurs")
    response = client.post(f"{panel['base']}/panel", data={"existing": [str(stranger.id)]})
    assert response.status_code == 400
    assert roles_of(panel["session"]) == []


def test_arrows_reorder_and_the_table_saves_roles(
    client: FlaskClient, panel: dict[str, Any]
) -> None:
    event, session = panel["event"], panel["session"]
    a = give_role(event, session, make_speaker(event, "A"))
    b = give_role(event, session, make_speaker(event, "B"))
    c = give_role(event, session, make_speaker(event, "C"))
    roles = {f"role-{r.id}": "panelist" for r in (a, b, c)}
    response = client.post(f"{panel['base']}/panel/order", data={**roles, "up": str(c.id)})
    assert response.status_code == 302 and response.headers["Location"].endswith("#speakers")
    assert [name for name, _role, _pos in roles_of(session)] == ["A", "C", "B"]
    client.post(f"{panel['base']}/panel/order", data={**roles, "up": str(a.id)})  # already first
    assert [name for name, _role, _pos in roles_of(session)] == ["A", "C", "B"]
    roles[f"role-{a.id}"] = "moderator"
    client.post(f"{panel['base']}/panel/order", data=roles)
    assert roles_of(session)[0] == ("A", "moderator", 0)


def test_a_role_of_another_session_cannot_be_changed(
    client: FlaskClient, panel: dict[str, Any]
) -> None:
    event = panel["event"]
    other = give_role(event, make_session(event), make_speaker(event, "Z"))
    client.post(f"{panel['base']}/panel/order", data={f"role-{other.id}": "moderator"})
    db.session.expire_all()
    assert db.session.get(SessionRole, other.id).role is SpeakerRole.PANELIST  # type: ignore[union-attr]


def test_inviting_every_speaker_of_the_session_at_once(
    client: FlaskClient, panel: dict[str, Any]
) -> None:
    event, session = panel["event"], panel["session"]
    give_role(event, session, panel["known"])
    give_role(event, session, make_speaker(event, "Omar Tazi", email="omar@example.org"))
    give_role(event, session, make_speaker(event, "Sans Adresse", email=""))
    page = client.get(f"{panel['base']}/").get_data(as_text=True)
    assert "Invite the 3 speakers not invited yet" in page
    url = f"/manage/events/{event.id}/invitations/new?session={session.id}"
    form = client.get(url).get_data(as_text=True)
    assert "2 speakers will get an invitation" in form
    assert "No e-mail address, so no invitation: Sans Adresse" in form
    response = client.post(url, data={"message": "Merci de rejoindre notre table ronde !"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#speakers")
    # Only the invitations: being added to a published session also queues its own notice.
    queued = (
        db.session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "speaker_invitation")
            .order_by(OutboxMessage.id)
        )
        .scalars()
        .all()
    )
    assert [(m.kind, m.recipient) for m in queued] == [
        ("speaker_invitation", "imane@example.org"),
        ("speaker_invitation", "omar@example.org"),
    ]
    bodies = [m.body.decode() for m in queued]
    assert all("Merci de rejoindre notre table ronde" in b for b in bodies)
    assert all(f"/events/{event.slug}/speaker/" in b for b in bodies)
    assert bodies[0] != bodies[1]  # each with their own link
    # Sent once: a second round has nobody left but the speaker without an address.
    client.post(url, data={"message": "Encore"})
    assert (
        db.session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "speaker_invitation")
        )
        == 2
    )
    page = client.get(f"{panel['base']}/").get_data(as_text=True)
    assert "Invited, no answer yet" in page and "Copy the link" in page
    assert f"http://summit.test/events/{event.slug}/speaker/" in page


def test_a_draft_sends_no_invitation(client: FlaskClient, auth: AuthActions) -> None:
    organizer = make_organizer()
    event = make_event(organizer)
    session = make_session(event)
    give_role(event, session, make_speaker(event, "A", email="a@example.org"))
    auth.login(organizer.email)
    url = f"/manage/events/{event.id}/invitations/new?session={session.id}"
    assert "Publish the event first" in client.get(url).get_data(as_text=True)
    client.post(url, data={"message": "Hello"})
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_a_new_speaker_page_opened_from_a_session_returns_to_it(
    client: FlaskClient, panel: dict[str, Any]
) -> None:
    event, session = panel["event"], panel["session"]
    response = client.post(
        f"/manage/events/{event.id}/speakers/?session={session.id}",
        data={"name": "Retour", "email": "imane@example.org"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{session.id}/#speakers")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dr Imane Kendili also uses imane@example.org" in page

from __future__ import annotations

import email
import email.policy
import io
import re
import shutil
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from summit.extensions import db
from summit.schedule.models import SpeakerRole
from summit.speaker_portal.models import InvitationStatus
from summit.speaker_portal.models import SpeakerInvitation
from summit.speaker_portal.services import invite_speaker
from summit.speaker_portal.services import rotate_invitation
from tests.conftest import AuthActions
from tests.conftest import csrf_token_from
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.export_factories import move_later
from tests.export_factories import png_logo
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.outbox_helpers import send_queued
from tests.rendering_helpers import rendered_pdf

START = datetime(2024, 12, 12, 9, tzinfo=UTC)


@pytest.fixture
def panel(app: Flask) -> dict[str, Any]:
    organizer = make_organizer("lead@example.org")
    event = make_event(organizer, published=True, languages=["en"])
    room = make_room(event, "Salle Atlas")
    amina = make_speaker(event, "Amina Benali", honorific="Dr", email="amina@example.org")
    omar = make_speaker(event, "Omar Alaoui", affiliation="UM6P", email="omar@example.org")
    mine = make_session(
        event,
        START,
        room=room,
        title="Youth and screens",
        roles=[(amina, SpeakerRole.MODERATOR), (omar, SpeakerRole.PANELIST)],
    )
    other = make_session(event, START.replace(hour=14), title="Someone else's talk")
    # Being put on a published session notifies the speakers; those notices leave now so
    # that each test sees only the mail it causes.
    send_queued()
    shutil.rmtree(app.config["MAIL_FILE_DIR"], ignore_errors=True)
    return {
        "organizer": organizer,
        "event": event,
        "amina": amina,
        "omar": omar,
        "mine": mine,
        "other": other,
    }


def token_for(speaker: Any) -> str:
    _, token = invite_speaker(speaker, secret="test-secret", now=NOW)
    db.session.commit()
    return token


def portal(panel: dict[str, Any], token: str, path: str = "") -> str:
    return f"/events/{panel['event'].slug}/speaker/{token}/{path}"


def outbox(app: Flask) -> list[Any]:
    """What the worker delivered (it runs here, in the test's thread)."""
    send_queued()
    folder = Path(app.config["MAIL_FILE_DIR"])
    if not folder.exists():
        return []
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted(folder.glob("*.eml"))
    ]


def test_organizer_invites_a_speaker_who_gets_a_working_private_link(
    app: Flask, client: FlaskClient, auth: AuthActions, panel: dict[str, Any]
) -> None:
    auth.login("lead@example.org")
    event, amina = panel["event"], panel["amina"]
    invitation_page = f"/manage/events/{event.id}/speakers/{amina.id}/invitation"
    for listing in ("speakers/", f"speakers/{amina.id}/edit"):
        html = client.get(f"/manage/events/{event.id}/{listing}").get_data(as_text=True)
        assert f'href="{invitation_page}"' in html
    response = client.post(f"/manage/events/{event.id}/speakers/{amina.id}/invite")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/manage/events/{event.id}/speakers/{amina.id}/invitation"
    )
    (message,) = outbox(app)
    assert message["To"] == "amina@example.org"
    body = message.get_content()
    link = re.search(r"https?://\S+/speaker/\S+/", body)
    assert link, body
    assert db.session.execute(select(SpeakerInvitation)).scalar_one().speaker_id == amina.id

    auth.logout()
    page = client.get(link.group(0).split("summit.test", 1)[1])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Youth and screens" in html and "Salle Atlas" in html
    assert "Moderator" in html and "Omar Alaoui" in html and "UM6P" in html
    assert "Someone else" not in html
    # 09:00 UTC is 10:00 in Casablanca in December
    assert "Thursday, December 12, 2024, 10:00\u202fAM–11:00\u202fAM" in html
    assert "webcal://summit.test/events/" in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page.headers["Cache-Control"]


def test_re_sending_mails_the_same_link_and_rotating_mails_a_new_one(
    app: Flask, client: FlaskClient, auth: AuthActions, panel: dict[str, Any]
) -> None:
    auth.login("lead@example.org")
    base = f"/manage/events/{panel['event'].id}/speakers/{panel['amina'].id}"
    links: list[str] = []
    for action in ("invite", "invite", "invite/rotate"):
        seen = {m["Message-ID"] for m in outbox(app)}
        client.post(f"{base}/{action}")
        (new,) = [m for m in outbox(app) if m["Message-ID"] not in seen]
        links.append(re.search(r"/speaker/(\S+)/", new.get_content()).group(1))
    assert links[0] == links[1] != links[2]
    assert client.get(portal(panel, links[0])).status_code == 404
    assert client.get(portal(panel, links[2])).status_code == 200
    assert "Replace the link" in client.get(f"{base}/invitation").get_data(as_text=True)


def test_invitation_actions_are_for_this_events_organizers_only(
    app: Flask, client: FlaskClient, auth: AuthActions, panel: dict[str, Any]
) -> None:
    base = f"/manage/events/{panel['event'].id}/speakers/{panel['amina'].id}"
    anonymous = client.post(f"{base}/invite")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    make_organizer("stranger@example.org")
    auth.login("stranger@example.org")
    assert client.post(f"{base}/invite").status_code == 404
    assert client.post(f"{base}/invite/rotate").status_code == 404
    assert client.get(f"{base}/invitation").status_code == 404
    auth.logout()
    auth.login("lead@example.org")
    foreign = make_speaker(make_event(published=True))
    other_base = f"/manage/events/{panel['event'].id}/speakers/{foreign.id}"
    assert client.post(f"{other_base}/invite").status_code == 404
    assert client.post(f"{other_base}/invite/rotate").status_code == 404
    assert outbox(app) == []
    assert db.session.execute(select(SpeakerInvitation)).first() is None


def test_an_invitation_without_csrf_token_is_refused(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        organizer = make_organizer("lead@example.org")
        event = make_event(organizer, published=True)
        speaker = make_speaker(event)
        client = app.test_client()
        login = client.get("/auth/login")
        client.post(
            "/auth/login",
            data={
                "email": "lead@example.org",
                "password": "correct horse battery",
                "csrf_token": csrf_token_from(login.get_data(as_text=True)),
            },
        )
        response = client.post(f"/manage/events/{event.id}/speakers/{speaker.id}/invite")
        assert response.status_code == 400
        assert db.session.execute(select(SpeakerInvitation)).first() is None
        _, token = invite_speaker(speaker, secret=app.config["SECRET_KEY"], now=NOW)
        db.session.commit()
        rotate = f"/manage/events/{event.id}/speakers/{speaker.id}/invite/rotate"
        assert client.post(rotate).status_code == 400
        assert client.get(f"/events/{event.slug}/speaker/{token}/").status_code == 200


def test_a_leaked_link_can_be_killed_while_the_event_is_a_draft(
    app: Flask, client: FlaskClient, auth: AuthActions, panel: dict[str, Any]
) -> None:
    from summit.events.models import EventStatus

    event, amina = panel["event"], panel["amina"]
    old = token_for(amina)
    event.status = EventStatus.DRAFT
    db.session.commit()
    auth.login("lead@example.org")
    response = client.post(
        f"/manage/events/{event.id}/speakers/{amina.id}/invite/rotate", follow_redirects=True
    )
    assert "The old link no longer works." in response.get_data(as_text=True)
    assert outbox(app) == []  # nothing can be sent for a draft
    event.status = EventStatus.PUBLISHED
    db.session.commit()
    assert client.get(portal(panel, old)).status_code == 404


def test_a_speaker_without_email_gets_a_clear_message_and_no_invitation(
    app: Flask, client: FlaskClient, auth: AuthActions, panel: dict[str, Any]
) -> None:
    speaker = make_speaker(panel["event"], email="")
    auth.login("lead@example.org")
    response = client.post(
        f"/manage/events/{panel['event'].id}/speakers/{speaker.id}/invite", follow_redirects=True
    )
    assert "e-mail address before sending the invitation" in response.get_data(as_text=True)
    assert db.session.execute(select(SpeakerInvitation)).first() is None


def test_wrong_rotated_or_draft_links_are_not_found(
    app: Flask, client: FlaskClient, panel: dict[str, Any]
) -> None:
    token = token_for(panel["amina"])
    assert client.get(portal(panel, "not-a-token")).status_code == 404
    old = token
    rotate_invitation(panel["amina"], secret="test-secret", now=NOW)
    db.session.commit()
    for path in ("", "schedule.ics", "schedule.pdf", "photo"):
        assert client.get(portal(panel, old, path)).status_code == 404
    assert client.post(portal(panel, old, "respond"), data={"answer": "confirm"}).status_code == 404
    draft = make_event(published=False)
    draft_token = token_for(make_speaker(make_event(published=True)))
    assert client.get(f"/events/{draft.slug}/speaker/{draft_token}/").status_code == 404


def test_a_speaker_confirms_then_declines(
    app: Flask, client: FlaskClient, panel: dict[str, Any]
) -> None:
    token = token_for(panel["amina"])
    response = client.post(portal(panel, token, "respond"), data={"answer": "confirm"})
    assert response.status_code == 302
    invitation = db.session.execute(select(SpeakerInvitation)).scalar_one()
    assert invitation.status is InvitationStatus.CONFIRMED
    page = client.get(portal(panel, token)).get_data(as_text=True)
    assert "participation is confirmed" in page
    client.post(portal(panel, token, "respond"), data={"answer": "decline"})
    db.session.refresh(invitation)
    assert invitation.status is InvitationStatus.DECLINED
    bad = client.post(portal(panel, token, "respond"), data={"answer": "maybe"})
    assert bad.status_code == 400
    db.session.refresh(invitation)
    assert invitation.status is InvitationStatus.DECLINED


def test_a_speaker_updates_bio_and_photo_and_bad_files_are_refused(
    app: Flask, client: FlaskClient, panel: dict[str, Any]
) -> None:
    token = token_for(panel["amina"])
    speakers_page = f"/events/{panel['event'].slug}/speakers/"
    assert "/photo?v=" not in client.get(speakers_page).get_data(as_text=True)
    saved = client.post(
        portal(panel, token, "profile"),
        data={"bio": "Psychiatrist in Casablanca.", "photo": (io.BytesIO(png_logo()), "me.png")},
        content_type="multipart/form-data",
    )
    assert saved.status_code == 302
    photo = client.get(portal(panel, token, "photo"))
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    assert "private" in photo.headers["Cache-Control"]
    assert "/photo?v=" in client.get(speakers_page).get_data(as_text=True)  # cache refreshed
    refused = client.post(
        portal(panel, token, "profile"),
        data={"bio": "Changed", "photo": (io.BytesIO(b"not an image"), "me.png")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "not a readable image" in refused.get_data(as_text=True)
    db.session.refresh(panel["amina"])
    assert panel["amina"].bio == "Psychiatrist in Casablanca."


def test_a_speaker_downloads_their_own_calendar_and_pdf(
    app: Flask, client: FlaskClient, panel: dict[str, Any]
) -> None:
    token = token_for(panel["amina"])
    ics = client.get(portal(panel, token, "schedule.ics"))
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert "private" in ics.headers["Cache-Control"]
    (component,) = icalendar.Calendar.from_ical(ics.data).walk("VEVENT")
    assert str(component["uid"]) == f"session-{panel['mine'].public_id}@summit.test"
    assert token.encode() not in ics.data and b"@example.org" not in ics.data
    again = client.get(
        portal(panel, token, "schedule.ics"), headers={"If-None-Match": ics.headers["ETag"]}
    )
    assert again.status_code == 304

    pdf = rendered_pdf(client, portal(panel, token, "schedule.pdf"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Youth and screens" in text and "Omar Alaoui" in text
    assert "Someone else" not in text


def test_the_subscription_link_keeps_working_and_follows_agenda_changes(
    app: Flask, client: FlaskClient, panel: dict[str, Any]
) -> None:
    from datetime import timedelta

    token = token_for(panel["amina"])
    url = portal(panel, token, "schedule.ics")
    first = client.get(url)
    session = panel["mine"]
    sequence = session.sequence
    move_later(session, timedelta(hours=1), now=NOW + timedelta(days=2))
    second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    (component,) = icalendar.Calendar.from_ical(second.data).walk("VEVENT")
    assert component["sequence"] == sequence + 1
    assert component["dtstart"].dt.astimezone(UTC) == START + timedelta(hours=1)


def test_the_invitation_page_offers_the_first_invitation_then_resend_and_replace(
    app: Flask, client: FlaskClient, auth: AuthActions, panel: dict[str, Any]
) -> None:
    auth.login("lead@example.org")
    base = f"/manage/events/{panel['event'].id}/speakers/{panel['omar'].id}"
    before = client.get(f"{base}/invitation").get_data(as_text=True)
    assert "has not been invited yet" in before and "Send the invitation" in before
    assert "Send the link again" not in before
    client.post(f"{base}/invite")
    after = client.get(f"{base}/invitation").get_data(as_text=True)
    assert "Waiting for an answer" in after
    assert "Send the link again" in after and "Replace the link" in after


def test_inviting_a_speaker_of_a_draft_event_explains_to_publish_first(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    organizer = make_organizer("drafter@example.org")
    event = make_event(organizer, published=False)
    speaker = make_speaker(event)
    auth.login("drafter@example.org")
    page = client.post(
        f"/manage/events/{event.id}/speakers/{speaker.id}/invite", follow_redirects=True
    ).get_data(as_text=True)
    assert "Publish the event first" in page
    assert db.session.execute(select(SpeakerInvitation)).first() is None
    assert outbox(app) == []


def test_a_speakers_answer_without_csrf_token_is_refused(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        event = make_event(published=True)
        speaker = make_speaker(event)
        _, token = invite_speaker(speaker, secret=app.config["SECRET_KEY"], now=NOW)
        db.session.commit()
        client = app.test_client()
        url = f"/events/{event.slug}/speaker/{token}/"
        refused = client.post(f"{url}respond", data={"answer": "confirm"})
        assert refused.status_code == 400
        page = client.get(url).get_data(as_text=True)
        accepted = client.post(
            f"{url}respond", data={"answer": "confirm", "csrf_token": csrf_token_from(page)}
        )
        assert accepted.status_code == 302
        invitation = db.session.execute(select(SpeakerInvitation)).scalar_one()
        assert invitation.status is InvitationStatus.CONFIRMED


def test_a_bio_over_the_organizers_limit_is_refused_on_the_speaker_page(
    client: FlaskClient, panel: dict[str, Any]
) -> None:
    """One limit for both editors, so a speaker's bio never locks the organizer's form."""
    from summit.schedule.speakers import MAX_BIO_CHARS

    amina = panel["amina"]
    bio_before = amina.bio
    token = token_for(amina)
    too_long = client.post(portal(panel, token, "profile"), data={"bio": "x" * (MAX_BIO_CHARS + 1)})
    assert too_long.status_code == 400
    assert f"Keep the bio under {MAX_BIO_CHARS} characters." in too_long.get_data(as_text=True)
    db.session.refresh(amina)
    assert amina.bio == bio_before
    at_limit = client.post(portal(panel, token, "profile"), data={"bio": "x" * MAX_BIO_CHARS})
    assert at_limit.status_code == 302


def test_profile_edits_need_the_current_token_of_this_event_and_a_csrf_token(
    make_app: Any,
) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        event, other = make_event(published=True), make_event(published=True)
        speaker = make_speaker(event, bio="Original.")
        secret = app.config["SECRET_KEY"]
        _, old = invite_speaker(speaker, secret=secret, now=NOW)
        _, token = rotate_invitation(speaker, secret=secret, now=NOW)
        db.session.commit()
        client = app.test_client()
        page = client.get(f"/events/{event.slug}/speaker/{token}/").get_data(as_text=True)
        csrf = {"csrf_token": csrf_token_from(page)}
        assert (
            client.post(
                f"/events/{event.slug}/speaker/{token}/profile", data={"bio": "New."}
            ).status_code
            == 400
        )
        for url in (
            f"/events/{event.slug}/speaker/{old}/profile",  # rotated away
            f"/events/{other.slug}/speaker/{token}/profile",  # another event
        ):
            assert client.post(url, data={"bio": "New.", **csrf}).status_code == 404
        db.session.refresh(speaker)
        assert speaker.bio == "Original."

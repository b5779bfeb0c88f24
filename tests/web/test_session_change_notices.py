"""Speakers and the attendees who chose a session are told when it moves, changes room,
is cancelled or deleted, through outbox rows queued in the change's own transaction.
Several edits of the same sessions within the delay make one notice per person."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.message import Message
from typing import Any

from flask import Flask
from sqlalchemy import select

from summit.extensions import db
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus
from summit.schedule.models import SpeakerRole
from summit.schedule.services import SlotData
from summit.schedule.services import move_session
from tests.factories import NOW
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.schedule_factories import give_role
from tests.schedule_factories import make_speaker
from tests.web.test_registration_attendee import make_session
from tests.web.test_registration_attendee import my


def queued(recipient: str, kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.recipient == recipient)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def parsed(row: OutboxMessage) -> Message:
    return message_from_bytes(row.body)


def text(row: OutboxMessage) -> str:
    message = parsed(row)
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(part.get_content_charset() or "utf-8")


def login(app: Flask) -> Any:
    client = app.test_client()
    client.post("/auth/login", data={"email": "lead@example.org", "password": PASSWORD})
    return client


def move(client: Any, event: Any, session: Any, room: Any, start: str, end: str) -> None:
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/move",
        data={"day": "2024-12-12", "start": start, "end": end, "room_id": str(room.id)},
    )
    assert response.status_code == 302


def test_a_move_queues_a_notice_to_attendees_who_chose_the_session_in_their_language(
    app: Flask,
) -> None:
    organizer = make_organizer("lead@example.org")
    event = make_event(organizer, published=True)
    open_registration(event, capacity=2)
    calm = make_room(event, "Espace bien-être")
    session = make_session(event, "Santé mentale à l’ère numérique")
    untouched = make_session(event, "Another session")
    amina = sign_up(event, "amina@example.org", name="Amina", language="fr")
    omar = sign_up(event, "omar@example.org", name="Omar")
    sign_up(event, "late@example.org")  # waitlisted: no seat, no choices
    client = app.test_client()
    client.post(my(event, amina.token, f"sessions/{session.id}"))
    client.post(my(event, omar.token, f"sessions/{untouched.id}"))
    client = login(app)

    move(client, event, session, calm, "15:00", "16:30")

    [notice] = queued("amina@example.org", "session_changed")
    assert notice.status is OutboxStatus.QUEUED and notice.event_id == event.id
    assert notice.subject.startswith("Une session de votre programme a changé")
    assert parsed(notice)["Content-Language"] == "fr"
    body = text(notice)
    assert "Bonjour Amina" in body
    assert "15:00" in body and "16:30" in body and "Espace bien-être" in body
    assert f"/events/{event.slug}/sessions/{session.public_id}/" in body
    assert amina.token not in body
    # Held a few minutes, so further edits of the same session replace it.
    assert notice.not_before > notice.created_at
    assert queued("omar@example.org", "session_changed") == []
    assert queued("late@example.org", "session_changed") == []

    # The same slot again changes nothing, so nothing more is queued.
    move(client, event, session, calm, "15:00", "16:30")
    assert len(queued("amina@example.org", "session_changed")) == 1


def test_nothing_is_queued_for_a_draft_event(app: Flask) -> None:
    organizer = make_organizer("lead@example.org")
    event = make_event(organizer, published=False)
    open_registration(event)
    room = make_room(event, "Salle Atlas")
    session = make_session(event)
    speaker = make_speaker(event, "Salma", email="salma@example.org")
    give_role(event, session, speaker)
    move(login(app), event, session, room, "15:00", "16:00")
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_cancelling_tells_attendees_and_speakers_and_a_title_edit_does_not(app: Flask) -> None:
    from tests.web.test_schedule_manage import session_form

    organizer = make_organizer("lead@example.org")
    # Speakers are written to in the event's main language.
    event = make_event(organizer, published=True, languages=["en", "fr"])
    open_registration(event)
    session = make_session(event, "Atelier parents")
    speaker = make_speaker(event, "Salma Chraibi", email="salma@example.org")
    give_role(event, session, speaker, SpeakerRole.MODERATOR)
    [added] = queued("salma@example.org")
    assert "You are part of this session: Moderator." in text(added)
    amina = sign_up(event, "amina@example.org", name="Amina")
    app.test_client().post(my(event, amina.token, f"sessions/{session.id}"))
    client = login(app)
    edit = f"/manage/events/{event.id}/sessions/{session.id}/edit"
    same_slot = {"title": "Atelier parents", "start": "11:00", "end": "12:30"}

    renamed = client.post(edit, data=session_form(**{**same_slot, "title": "Atelier"}))
    assert renamed.status_code == 302
    assert queued("amina@example.org", "session_changed") == []

    cancelled = client.post(
        edit, data=session_form(**same_slot, status="cancelled", confirmed="yes")
    )
    assert cancelled.status_code == 302
    [notice] = queued("amina@example.org", "session_changed")
    assert "This session is cancelled." in text(notice)
    [for_speaker] = queued("salma@example.org", "speaker_session_changed")
    assert "This session is cancelled." in text(for_speaker)


def test_deleting_a_session_tells_its_attendees_and_speakers(app: Flask) -> None:
    organizer = make_organizer("lead@example.org")
    event = make_event(organizer, published=True, languages=["en"])
    open_registration(event)
    session = make_session(event, "Table ronde parents")
    speaker = make_speaker(event, "Salma Chraibi", email="salma@example.org")
    give_role(event, session, speaker)
    amina = sign_up(event, "amina@example.org", name="Amina")
    app.test_client().post(my(event, amina.token, f"sessions/{session.id}"))
    client = login(app)
    response = client.post(
        f"/manage/events/{event.id}/sessions/{session.id}/delete", data={"confirmed": "yes"}
    )
    assert response.status_code == 302
    [notice] = queued("amina@example.org", "session_changed")
    assert "Table ronde parents" in text(notice) and "Removed from the program." in text(notice)
    [for_speaker] = queued("salma@example.org", "speaker_session_changed")
    assert "Removed from the program." in text(for_speaker)


def test_a_speaker_removed_from_a_session_is_told(app: Flask) -> None:
    from summit.schedule.services import remove_role

    event = make_event(published=True, languages=["en"])
    session = make_session(event, "Keynote")
    speaker = make_speaker(event, "Salma Chraibi", email="salma@example.org")
    link = give_role(event, session, speaker)
    remove_role(event, session, link.id, actor=None, now=NOW + timedelta(hours=1))
    db.session.commit()
    rows = queued("salma@example.org")
    assert "You are no longer part of this session." in text(rows[-1])


def test_a_burst_of_moves_makes_one_notice_per_person_with_the_last_state(app: Flask) -> None:
    event = make_event(published=True, languages=["en"])
    open_registration(event)
    atlas = make_room(event, "Salle Atlas")
    session = make_session(event, "Atelier")
    speaker = make_speaker(event, "Salma Chraibi", email="salma@example.org")
    give_role(event, session, speaker)
    amina = sign_up(event, "amina@example.org", name="Amina")
    app.test_client().post(my(event, amina.token, f"sessions/{session.id}"))
    delay = timedelta(seconds=app.config["SESSION_NOTICE_DELAY"])
    for minutes, (start, end) in enumerate(((14, 15), (15, 16), (16, 17))):
        from datetime import date
        from datetime import time

        move_session(
            event,
            session,
            SlotData(date(2024, 12, 12), time(start), time(end), atlas.id),
            actor=None,
            now=NOW + timedelta(minutes=minutes),
        )
        db.session.commit()
    [notice] = queued("amina@example.org", "session_changed")
    assert "4:00" in text(notice) and "3:00" not in text(notice)
    # Each edit pushed the send time: the notice leaves after the burst is over.
    assert notice.not_before == NOW + timedelta(minutes=2) + delay
    [for_speaker] = queued("salma@example.org", "speaker_session_changed")
    assert "4:00" in text(for_speaker)
    assert session.sequence == 4  # the speaker added, then three moves


def test_changes_to_several_sessions_in_a_burst_make_one_notice_listing_them_all(
    app: Flask,
) -> None:
    from datetime import date
    from datetime import time

    from summit.schedule.services import delete_session

    event = make_event(published=True, languages=["en"])
    open_registration(event)
    atlas = make_room(event, "Salle Atlas")
    first, second, third = (make_session(event, title) for title in ("Atelier", "Table", "Yoga"))
    amina = sign_up(event, "amina@example.org", name="Amina")
    for session in (first, second, third):
        app.test_client().post(my(event, amina.token, f"sessions/{session.id}"))
    move_session(
        event,
        first,
        SlotData(date(2024, 12, 12), time(14), time(15), atlas.id),
        actor=None,
        now=NOW,
    )
    move_session(
        event,
        second,
        SlotData(date(2024, 12, 12), time(16), time(17)),
        actor=None,
        now=NOW + timedelta(minutes=1),
    )
    delete_session(event, third, actor=None, now=NOW + timedelta(minutes=2))
    db.session.commit()

    [notice] = queued("amina@example.org", "session_changed")
    body = text(notice)
    assert notice.subject == f"Sessions in your agenda changed: {event.title}"
    assert "Atelier" in body and "2:00" in body and "Salle Atlas" in body
    assert "Table" in body and "4:00" in body
    assert "Yoga" in body and "Removed from the program." in body
    assert body.index("Atelier") < body.index("Table") < body.index("Yoga")

    # Once the notice has left, the next change starts a new one.
    notice.status = OutboxStatus.SENT
    db.session.commit()
    move_session(
        event,
        first,
        SlotData(date(2024, 12, 12), time(9), time(10), atlas.id),
        actor=None,
        now=NOW + timedelta(hours=1),
    )
    db.session.commit()
    sent, fresh = queued("amina@example.org", "session_changed")
    assert fresh.subject == "A session in your agenda changed: Atelier"
    assert "Table" not in text(fresh)

"""Rows for export tests, made through the services (as an organizer would)."""

from __future__ import annotations

import itertools
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from summit.events.models import Event
from summit.events.models import Room
from summit.events.revision import bump_revision
from summit.events.services import SupportResourceData
from summit.events.services import save_support_resource
from summit.exports.loading import agenda_sessions
from summit.exports.loading import event_speakers
from summit.exports.loading import partners_with_logos
from summit.exports.program import render_program_html
from summit.exports.program import render_program_pdf
from summit.extensions import db
from summit.schedule.localtime import LocalTimeError
from summit.schedule.localtime import local_to_utc
from summit.schedule.localtime import utc_to_local
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from summit.schedule.services import SessionData
from summit.schedule.services import SlotData
from summit.schedule.services import add_role
from summit.schedule.services import delete_session
from summit.schedule.services import move_session
from summit.schedule.services import save_session
from summit.schedule.speakers import SpeakerData
from summit.schedule.speakers import delete_speaker
from summit.schedule.speakers import save_speaker
from tests.factories import NOW

_counter = itertools.count(1)


def make_speaker(event: Event, name: str | None = None, **kw: Any) -> Speaker:
    values: dict[str, Any] = {
        "name": name or f"Speaker {next(_counter)}",
        "honorific": "",
        "affiliation": "CHU Ibn Rochd",
        "position": "Psychiatrist",
        "bio": "Works on youth mental health.",
        "email": f"speaker{next(_counter)}@example.org",
    }
    values.update(kw)
    speaker = save_speaker(event, SpeakerData(**values), now=NOW)
    db.session.commit()
    return speaker


def make_session(
    event: Event,
    starts_at: datetime,
    *,
    minutes: int = 60,
    room: Room | None = None,
    kind: SessionKind = SessionKind.ROUND_TABLE,
    roles: list[tuple[Speaker, SpeakerRole]] | None = None,
    **kw: Any,
) -> Session:
    """A session at the UTC moment ``starts_at``, made through the schedule services.

    The services take wall-clock times on the event's days; a moment the event's clocks
    show twice, a session over midnight or outside the days cannot be typed in and only comes from elsewhere (an import,
    a time zone kept through a change), so such a session is saved unscheduled and then
    given its exact moments, with the revision raised as the services would.
    """
    ends_at = starts_at + timedelta(minutes=minutes)
    values: dict[str, Any] = {
        "title": f"Session {next(_counter)}",
        "description": "A conversation about care.",
    }
    values.update(kw)
    slot = _wall_clock_slot(event, starts_at, ends_at, room)
    data = SessionData(
        kind=kind, slot=slot or SlotData(room_id=room.id if room else None), **values
    )
    session = save_session(event, data, actor=None, now=NOW)
    if slot is None:
        session.starts_at, session.ends_at = starts_at, ends_at
        bump_revision(event, now=NOW)
    for position, (speaker, role) in enumerate(roles or []):
        add_role(event, session, speaker.id, role, position, actor=None, now=NOW)
    db.session.commit()
    return session


def _wall_clock_slot(
    event: Event, starts_at: datetime, ends_at: datetime, room: Room | None
) -> SlotData | None:
    """The local slot that means exactly these moments, or None when there is none."""
    start = utc_to_local(starts_at, event.timezone)
    end = utc_to_local(ends_at, event.timezone)
    if start.date() != end.date() or not event.start_date <= start.date() <= event.end_date:
        return None
    try:
        exact = (
            local_to_utc(start.date(), start.time(), event.timezone) == starts_at
            and local_to_utc(end.date(), end.time(), event.timezone) == ends_at
        )
    except LocalTimeError:
        return None
    return (
        SlotData(start.date(), start.time(), end.time(), room.id if room else None)
        if exact
        else None
    )


def _slot(session: Session, shift: timedelta = timedelta()) -> SlotData:
    assert session.starts_at is not None and session.ends_at is not None
    start = utc_to_local(session.starts_at + shift, session.event.timezone)
    end = utc_to_local(session.ends_at + shift, session.event.timezone)
    return SlotData(start.date(), start.time(), end.time(), session.room_id)


def edit_session(session: Session, *, now: datetime = NOW, **changes: Any) -> None:
    """Save a session through the session form's service with ``changes``, keeping the rest."""
    values: dict[str, Any] = {
        "kind": session.kind,
        "title": session.title,
        "description": session.description,
        "content_note": session.content_note,
        "language": session.language,
        "status": session.status,
        "capacity": session.capacity,
        "slot": _slot(session),
    }
    values.update(changes)
    save_session(session.event, SessionData(**values), session, actor=None, now=now)
    db.session.commit()


def cancel_session(session: Session) -> None:
    edit_session(session, status=SessionStatus.CANCELLED)


def rename_session(session: Session, title: str, *, now: datetime = NOW) -> None:
    edit_session(session, title=title, now=now)


def move_later(session: Session, shift: timedelta, *, now: datetime = NOW) -> None:
    """Move a session by ``shift``, as the agenda builder does."""
    move_session(session.event, session, _slot(session, shift), actor=None, now=now)
    db.session.commit()


def make_support(event: Event, name: str = "Allo Écoute", phone: str = "0801 000 000") -> None:
    save_support_resource(
        event,
        SupportResourceData(name=name, phone=phone, description="24/7, free, anonymous"),
        now=NOW,
    )
    db.session.commit()


def png_logo(color: tuple[int, int, int] = (47, 111, 98), text_size: int = 120) -> bytes:
    """A small real PNG, as a partner would upload."""
    import io

    from PIL import Image
    from PIL import ImageDraw

    image = Image.new("RGB", (text_size * 3, text_size), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle([4, 4, text_size * 3 - 5, text_size - 5], outline=color, width=6)
    draw.ellipse([20, 20, text_size - 20, text_size - 20], fill=color)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def clear_agenda(event: Event) -> None:
    """Remove the sessions and speakers the demo seed gave the event."""
    for session in db.session.scalars(select(Session).where(Session.event_id == event.id)):
        delete_session(event, session, actor=None, now=NOW)
    for speaker in db.session.scalars(select(Speaker).where(Speaker.event_id == event.id)):
        delete_speaker(event, speaker, actor=None, now=NOW)
    db.session.flush()


def make_demo_agenda(event: Event) -> dict[str, Any]:
    """The demo summit's day (12 Dec 2024, Casablanca, UTC+1): two round tables with their
    panelists (from shared/seeds), breaks, a wellbeing break and a cancelled workshop.
    Times of day are plausible filler, as in the demo seed."""
    from datetime import UTC

    plenary = event.rooms[0] if event.rooms else None
    calm = event.rooms[1] if len(event.rooms) > 1 else plenary
    people = {
        "toufiq": make_speaker(
            event,
            "Jallal Toufiq",
            honorific="Pr",
            position="Psychiatre",
            affiliation="Hôpital Ar-Razi",
            bio="Psychiatre renommé, il travaille sur les espaces numériques sûrs pour les jeunes.",
        ),
        "kendili": make_speaker(
            event,
            "Imane Kendili",
            honorific="Dr",
            position="Psychiatre",
            affiliation="UM6P",
            bio="Psychiatre, elle étudie la pression psychologique liée à la comparaison sur les réseaux sociaux.",
        ),
        "jaafar": make_speaker(
            event,
            "Malak Jaafar",
            position="Responsable des partenariats MENAT",
            affiliation="TikTok",
            bio="Présente les outils de sécurité de la plateforme.",
        ),
        "taouil": make_speaker(
            event,
            "Adil Taouil",
            position="Créateur de contenu",
            affiliation="",
            bio="Sensibilise à la santé mentale et partage son expérience personnelle.",
        ),
        "benabbou": make_speaker(
            event,
            "Ayoub Benabbou",
            position="Psychologue clinicien",
            affiliation="",
            bio="Propose des stratégies pour réduire la stigmatisation en ligne.",
        ),
        "bahri": make_speaker(
            event,
            "Myriam Bahri",
            position="Psychothérapeute",
            affiliation="MENAT SAC",
            bio="Apporte une perspective locale sur les défis spécifiques au Maroc et le rôle des parents.",
        ),
    }
    day = datetime(2024, 12, 12, 8, 0, tzinfo=UTC)  # 09:00 in Casablanca (UTC+1)
    sessions = {
        "welcome": make_session(
            event,
            day,
            minutes=30,
            room=plenary,
            kind=SessionKind.TALK,
            title="Accueil et mot d’ouverture",
            description="Ouverture du sommet.",
        ),
        "table1": make_session(
            event,
            day + timedelta(minutes=30),
            minutes=90,
            room=plenary,
            title="Santé mentale à l’ère numérique",
            description="Les impacts des réseaux sociaux sur les jeunes générations, et les initiatives pour des habitudes numériques plus saines.",
            content_note="Aborde l’automutilation et le harcèlement en ligne.",
            roles=[
                (people["jaafar"], SpeakerRole.MODERATOR),
                (people["toufiq"], SpeakerRole.PANELIST),
                (people["kendili"], SpeakerRole.PANELIST),
            ],
        ),
        "breathe": make_session(
            event,
            day + timedelta(minutes=120),
            minutes=30,
            room=calm,
            kind=SessionKind.WELLBEING_BREAK,
            title="Pause respiration guidée",
            description="Un moment calme, ouvert à toutes et tous.",
        ),
        "table2": make_session(
            event,
            day + timedelta(minutes=150),
            minutes=90,
            room=plenary,
            title="Exploiter les réseaux sociaux pour un impact positif",
            description="Le rôle des plateformes dans la réduction de la stigmatisation et la promotion de communautés solidaires.",
            roles=[
                (people["bahri"], SpeakerRole.MODERATOR),
                (people["taouil"], SpeakerRole.PANELIST),
                (people["benabbou"], SpeakerRole.PANELIST),
            ],
        ),
        "lunch": make_session(
            event,
            day + timedelta(minutes=240),
            minutes=60,
            room=None,
            kind=SessionKind.BREAK,
            title="Déjeuner",
            description="",
        ),
        "workshop": make_session(
            event,
            day + timedelta(minutes=300),
            minutes=60,
            room=calm,
            kind=SessionKind.WORKSHOP,
            title="Atelier parents : accompagner les ados",
            roles=[(people["bahri"], SpeakerRole.SPEAKER)],
        ),
    }
    cancel_session(sessions["workshop"])
    return {"speakers": people, "sessions": sessions}


def program_html(event: Event, language: str | None = None) -> str:
    """The whole program of ``event`` as the public route renders it, as HTML."""
    return render_program_html(
        event,
        agenda_sessions(event),
        event_speakers(event),
        partners_with_logos(event),
        generated_at=NOW,
        language=language,
    )


def program_pdf(event: Event, language: str | None = None) -> bytes:
    """The whole program of ``event`` as the public route renders it."""
    return render_program_pdf(program_html(event, language))

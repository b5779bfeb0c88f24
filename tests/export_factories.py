"""Rows for export tests, created directly with the schedule models (additive helpers)."""

from __future__ import annotations

import itertools
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from summit.events.models import Event
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.exports.loading import agenda_sessions
from summit.exports.loading import event_speakers
from summit.exports.loading import partners_with_logos
from summit.exports.program import render_program_html
from summit.exports.program import render_program_pdf
from summit.extensions import db
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
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
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(kw)
    speaker = Speaker(event=event, **values)
    db.session.add(speaker)
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
    values: dict[str, Any] = {
        "title": f"Session {next(_counter)}",
        "description": "A conversation about care.",
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(kw)
    session = Session(
        event=event,
        kind=kind,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        **values,
    )
    for position, (speaker, role) in enumerate(roles or []):
        session.roles.append(SessionRole(speaker=speaker, role=role, position=position))
    db.session.add(session)
    db.session.commit()
    return session


def make_support(event: Event, name: str = "Allo Écoute", phone: str = "0801 000 000") -> None:
    db.session.add(
        SupportResource(event=event, name=name, phone=phone, description="24/7, free, anonymous")
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
    for model in (Session, Speaker):
        for row in db.session.scalars(select(model).where(model.event_id == event.id)):
            db.session.delete(row)
    db.session.flush()


def make_demo_agenda(event: Event) -> dict[str, Any]:
    """The demo summit's day (12 Dec 2024, Casablanca, UTC+1): two round tables with their
    panelists (from shared/seeds), breaks, a wellbeing break and a cancelled workshop.
    Times of day are plausible filler, as in the demo seed."""
    from datetime import UTC

    from summit.schedule.models import SessionStatus

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
            status=SessionStatus.CANCELLED,
            sequence=1,
            roles=[(people["bahri"], SpeakerRole.SPEAKER)],
        ),
    }
    return {"speakers": people, "sessions": sessions}


def program_pdf(event: Event) -> bytes:
    """The whole program of ``event`` as the public route renders it."""
    html = render_program_html(
        event,
        agenda_sessions(event),
        event_speakers(event),
        partners_with_logos(event),
        generated_at=NOW,
    )
    return render_program_pdf(html)

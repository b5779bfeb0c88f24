"""The demo summit's agenda (12 December 2024, Casablanca).

The two round tables and their six panelists come from the article in shared/seeds/
(names, titles, positions, affiliations and what each spoke about). The article names no
moderator, so none is invented: the demo shows the missing-moderator warning. No e-mail
addresses are invented either. The rest of the day (times, welcome, breaks) is plausible
filler and says so.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time

from summit.events.models import Event
from summit.events.revision import bump_revision
from summit.extensions import db
from summit.schedule.localtime import local_to_utc
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole

DAY = date(2024, 12, 12)
FILLER = "Horaire indicatif de démonstration."
PLENARY = "Salle plénière"
WELLBEING = "Espace bien-être"

# (honorific, name, position, affiliation, bio)
SPEAKERS = [
    (
        "Pr",
        "Jallal Toufiq",
        "Psychiatre",
        "",
        "A partagé ses analyses sur l’importance de créer des espaces numériques sûrs pour "
        "les jeunes.",
    ),
    (
        "Dr",
        "Imane Kendili",
        "Psychiatre",
        "UM6P",
        "A mis en lumière la pression psychologique liée à la comparaison sur les réseaux "
        "sociaux et proposé des solutions pour réduire la stigmatisation et les effets "
        "négatifs.",
    ),
    (
        "",
        "Malak Jaafar",
        "Responsable des partenariats et de la sensibilisation pour la région MENAT "
        "(Moyen-Orient, Afrique du Nord et Turquie)",
        "TikTok",
        "A présenté les outils de sécurité de la plateforme, conçus pour instaurer un "
        "environnement en ligne positif et sécurisé.",
    ),
    (
        "",
        "Adil Taouil",
        "Créateur de contenu sur TikTok",
        "",
        "A raconté comment il utilise la plateforme pour sensibiliser à la santé mentale et "
        "partager son expérience personnelle.",
    ),
    (
        "",
        "Ayoub Benabbou",
        "Psychologue clinicien",
        "",
        "A proposé des stratégies pour renforcer la sensibilisation et réduire la "
        "stigmatisation dans le paysage numérique.",
    ),
    (
        "",
        "Myriam Bahri",
        "Psychothérapeute, membre du MENAT SAC",
        "MENAT Safety Advisory Council",
        "A apporté une perspective locale sur les défis et tendances spécifiques au Maroc, "
        "et souligné le rôle crucial des parents dans la promotion d’une utilisation "
        "responsable des réseaux sociaux par les jeunes.",
    ),
]

# (title, kind, room, start, end, description, panelists)
SESSIONS = [
    ("Accueil des participants", SessionKind.NETWORKING, PLENARY, "09:00", "09:30", FILLER, []),
    (
        "Santé mentale à l’ère numérique",
        SessionKind.ROUND_TABLE,
        PLENARY,
        "09:30",
        "10:45",
        "Les impacts des réseaux sociaux sur les jeunes générations, et les initiatives "
        "proactives de TikTok pour renforcer la sécurité et encourager des habitudes "
        "numériques plus saines.",
        ["Jallal Toufiq", "Imane Kendili", "Malak Jaafar"],
    ),
    ("Pause café", SessionKind.BREAK, PLENARY, "10:45", "11:15", FILLER, []),
    (
        "Pause bien-être : respiration guidée",
        SessionKind.WELLBEING_BREAK,
        WELLBEING,
        "10:50",
        "11:10",
        "Un moment calme pour souffler entre les deux tables rondes. " + FILLER,
        [],
    ),
    (
        "Exploiter les réseaux sociaux pour un impact positif",
        SessionKind.ROUND_TABLE,
        PLENARY,
        "11:15",
        "12:30",
        "Le rôle des plateformes dans la réduction de la stigmatisation et la promotion de "
        "communautés solidaires.",
        ["Adil Taouil", "Ayoub Benabbou", "Myriam Bahri"],
    ),
    ("Déjeuner et échanges", SessionKind.NETWORKING, PLENARY, "12:30", "14:00", FILLER, []),
    (
        "Espace calme en accès libre",
        SessionKind.WELLBEING_BREAK,
        WELLBEING,
        "14:00",
        "15:00",
        "Salle calme ouverte à toutes et tous. " + FILLER,
        [],
    ),
]


def _clock(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def sync_schedule(event: Event, *, now: datetime) -> None:
    """Create or refresh the demo agenda, found by natural keys (titles, names).

    Rows are set directly rather than through the services: seeding is not an organizer's
    change and must not fill the public change log.
    """
    rooms = {room.name: room for room in event.rooms}
    speakers = {s.name: s for s in db.session.query(Speaker).filter(Speaker.event_id == event.id)}
    for honorific, name, position, affiliation, bio in SPEAKERS:
        speaker = speakers.get(name)
        if speaker is None:
            speaker = speakers[name] = Speaker(event=event, name=name, created_at=now)
            db.session.add(speaker)
        speaker.honorific, speaker.position = honorific, position
        speaker.affiliation, speaker.bio = affiliation, bio
        speaker.languages = "fr"
        speaker.updated_at = now
    sessions = {s.title: s for s in db.session.query(Session).filter(Session.event_id == event.id)}
    for title, kind, room_name, start, end, description, panelists in SESSIONS:
        session = sessions.get(title)
        if session is None:
            session = Session(event=event, title=title, created_at=now, sequence=0)
            db.session.add(session)
        session.kind, session.description, session.language = kind, description, "fr"
        session.room = rooms.get(room_name)
        session.starts_at = local_to_utc(DAY, _clock(start), event.timezone)
        session.ends_at = local_to_utc(DAY, _clock(end), event.timezone)
        session.updated_at = now
        present = {link.speaker.name for link in session.roles}
        for order, name in enumerate(panelists):
            if name not in present:
                session.roles.append(
                    SessionRole(speaker=speakers[name], role=SpeakerRole.PANELIST, position=order)
                )
    db.session.flush()
    bump_revision(event, now=now)

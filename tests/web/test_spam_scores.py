"""Every kind of message Summit sends, in French, Arabic and English, to people with
hostile names (control characters, right-to-left text, very long), goes through the real
SMTP sink and is scored by SpamAssassin with local rules only (``spamassassin -L -t``, no
network): no rule above 0.5 points may fire, and no message may score above 0.5.

All messages are scored by one SpamAssassin process (``--mbox``): it takes about a second
to start, so one process per message would cost a minute. ``pytest -s`` prints the table.
"""

from __future__ import annotations

import mailbox
import os
import re
import shutil
import subprocess
import time as time_module
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import time
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from flask import Flask

from summit.audit.services import SYSTEM
from summit.certificates.mails import queue_certificate_mails
from summit.db import utcnow
from summit.events.models import EventOrganizer
from summit.events.models import TeamRole
from summit.extensions import db
from summit.messages.services import Draft
from summit.messages.services import send_message
from summit.needs.models import NeedKind
from summit.needs.models import NeedStatus
from summit.needs.services import answer_request
from summit.needs.services import request_needs
from summit.outbox.models import OutboxStatus
from summit.outbox.services import queue_mails
from summit.registration.mails import KINDS
from summit.registration.mails import attendee_mail
from summit.registration.models import SessionChoice
from summit.schedule.services import SlotData
from summit.schedule.services import move_session
from summit.speaker_portal.manage import portal_url
from summit.speaker_portal.services import invitation_mail
from summit.teams.services import invite_member
from tests.certificate_factories import attend
from tests.certificate_factories import credit
from tests.certificate_factories import enable_certificates
from tests.factories import make_event
from tests.factories import make_organizer
from tests.factories import make_room
from tests.outbox_helpers import queued_rows
from tests.outbox_helpers import send_queued
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker
from tests.smtp_sink import SmtpSink

SPAMASSASSIN = shutil.which("spamassassin")
pytestmark = pytest.mark.skipif(
    SPAMASSASSIN is None,
    reason="the spamassassin binary is absent: `scripts/system-deps test` installs Debian's",
)
MAX_RULE = MAX_TOTAL = 0.5
LANGUAGES = ("fr", "ar", "en")
TITLES = {
    "fr": "Sommet santé mentale et bien-être",
    "ar": "ملتقى الصحة النفسية والرفاه",
    "en": "Mental health and wellbeing summit",
}
ANNOUNCEMENTS = {
    "fr": (
        "Infos pratiques : accès et horaires",
        "Bonjour {name},\n\nLes portes ouvrent à 8 h 30. Le parking du palais des congrès est gratuit.\n\nÀ bientôt,\nL’équipe",
    ),
    "ar": (
        "معلومات عملية: الوصول والمواعيد",
        "مرحبا {name}،\n\nتفتح الأبواب على الساعة الثامنة والنصف. موقف السيارات مجاني.\n\nإلى اللقاء،\nالفريق",
    ),
    "en": (
        "Practical details: access and times",
        "Hello {name},\n\nDoors open at 8:30. Parking at the conference centre is free.\n\nSee you soon,\nThe team",
    ),
}


def hostile_name(language: str) -> str:
    """Right-to-left text, line and paragraph separators, a vertical tab, a bell, an
    override, and length (speakers keep 160 characters, registrations 200)."""
    base = {"fr": "Éloïse", "ar": "سلمى بناني", "en": "Omar"}[language]
    name = f"{base}\u2028\x0b\x07 \u202eعبد الرحمن\u2029 O’Brien-" + "Fernández-Martín " * 9
    return name[:158]


@dataclass
class Scored:
    kind: str
    language: str
    score: float
    rules: dict[str, float]


def _queue_every_kind(language: str, now: datetime) -> None:
    """One message of each kind, through the code that really builds and queues it."""
    organizer = make_organizer()
    event = make_event(
        organizer,
        published=True,
        title=TITLES[language],
        languages=[language],
        contact_email="contact@sommet.example.org",
    )
    open_registration(event, capacity=1)
    name = hostile_name(language)
    seat = sign_up(event, f"seat.{language}@example.org", name=name, language=language)
    waiting = sign_up(event, f"wait.{language}@example.org", name=name, language=language)
    person = seat.registration
    for kind in KINDS:
        target = waiting.registration if kind == "waitlisted" else person
        token = seat.token if kind in ("confirmed", "link", "resent") else None
        queue_mails(
            [attendee_mail(target, kind, token=token)], kind=kind, event_id=event.id, now=now
        )

    room = make_room(event, "Salle Atlas")
    session = make_session(event, title="Santé mentale à l’ère numérique", room=room)
    speaker = make_speaker(event, name, email=f"speaker.{language}@example.org")
    give_role(event, session, speaker)
    queue_mails(
        [invitation_mail(event, speaker, portal_url(event, "s" * 32), rotated=False)],
        kind="speaker_invitation",
        event_id=event.id,
        now=now,
    )
    db.session.add(SessionChoice(registration_id=person.id, session_id=session.id, created_at=now))
    enable_certificates(event)
    credit(session, "2")
    attend(person, session)
    assert queue_certificate_mails(event, now=now, key=KEY) == 1
    move_session(
        event, session, SlotData(event.start_date, time(15), time(16), room.id), actor=None, now=now
    )

    owner = db.session.get(EventOrganizer, (event.id, organizer.id))
    assert owner is not None
    invite_member(
        event,
        f"team.{language}@example.org",
        TeamRole.EDITOR,
        may_see_sensitive=False,
        actor=owner,
        now=now,
    )
    (need,) = request_needs(
        person, [NeedKind.STEP_FREE], "Fauteuil roulant", consented=True, now=now
    )
    answer_request(
        need, NeedStatus.ARRANGED, "Une rampe est prévue à l’entrée nord.", actor=SYSTEM, now=now
    )

    subject, body = ANNOUNCEMENTS[language]
    send_message(
        event, Draft("confirmed", "Everyone confirmed", subject, body), actor=None, now=now, key=KEY
    )
    db.session.commit()


def _spamassassin(raws: list[bytes], folder: Path) -> dict[str, tuple[float, dict[str, float]]]:
    """Score ``raws`` in one run: Message-ID -> (total, {rule: points}). SpamAssassin
    does not keep the mbox's order, so its answers are matched by Message-ID."""
    box = mailbox.mbox(folder / "messages.mbox")
    for raw in raws:
        box.add(raw.replace(b"\r\n", b"\n"))
    box.close()
    with (folder / "messages.mbox").open("rb") as messages:
        result = subprocess.run(
            [str(SPAMASSASSIN), "-L", "-t", "--mbox", "-p", str(folder / "user_prefs")],
            stdin=messages,
            capture_output=True,
            check=True,
            env={**os.environ, "HOME": str(folder)},  # its user_prefs land there
            timeout=300,
        )
    return _parse(result.stdout.decode("utf-8", "replace"))


_SEPARATOR = re.compile(r"^From MAILER-DAEMON .*$", re.M)
_MESSAGE_ID = re.compile(r"^Message-ID:\s*(<[^>]+>)", re.M | re.I)
_TOTAL = re.compile(r"Content analysis details:\s+\((-?\d+(?:\.\d+)?) points")
_RULE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s", re.M)


def _parse(report: str) -> dict[str, tuple[float, dict[str, float]]]:
    """Each message of the output mbox, with the report ``-t`` adds to it: the total,
    then a table of points and rule names ending at a blank line."""
    found = {}
    for chunk in filter(str.strip, _SEPARATOR.split(report)):
        message_id, total = _MESSAGE_ID.search(chunk), _TOTAL.search(chunk)
        assert message_id and total, chunk[:2000]
        table = chunk[total.end() :].split("\n\n", 2)
        rules = {name: float(points) for points, name in _RULE.findall(table[1])}
        found[message_id.group(1)] = (float(total.group(1)), rules)
    return found


def _message_id(raw: bytes) -> str:
    return str(message_from_bytes(raw)["Message-ID"]).strip()


def test_every_message_kind_in_every_language_passes_local_spamassassin_rules(
    make_app: Callable[..., Flask], smtp: SmtpSink, tmp_path: Path
) -> None:
    app = make_app(**smtp.config())
    with app.app_context():
        now = utcnow()
        for language in LANGUAGES:
            _queue_every_kind(language, now)
        rows = queued_rows()
        kinds = {_message_id(bytes(row.body)): row.kind for row in rows}
        languages = {
            _message_id(bytes(row.body)): row.body.split(b"Content-Language: ", 1)[1][:2].decode()
            for row in rows
        }
        counts = send_queued(now + timedelta(hours=1))  # notices wait a few minutes
        assert counts[OutboxStatus.SENT] == len(rows)
        db.session.remove()

    raws = smtp.handler.raw
    expected = {
        *KINDS,
        "session_changed",
        "speaker_session_changed",
        "speaker_invitation",
        "team_invitation",
        "access_need_answered",
        "certificate",
        "announcement",
    }
    assert {kinds[_message_id(raw)] for raw in raws} == expected
    assert len(raws) == len(expected) * len(LANGUAGES)

    # A control scored in the same run: the first message as it was before this issue,
    # with no Date header. If it passed too, the scoring itself would be broken.
    control = re.sub(
        rb"\r\nDate: [^\r]*",
        b"",
        raws[0].replace(_message_id(raws[0]).encode(), b"<control@summit.test>"),
    )
    started = time_module.monotonic()
    scores = _spamassassin([*raws, control], tmp_path)
    elapsed = time_module.monotonic() - started
    control_total, control_rules = scores.pop("<control@summit.test>")
    assert control_rules.get("MISSING_DATE", 0) > MAX_RULE and control_total > MAX_TOTAL
    assert set(scores) == set(kinds), "SpamAssassin did not report on every message"
    results = [
        Scored(kinds[message_id], languages[message_id], total, rules)
        for message_id, (total, rules) in scores.items()
    ]
    _print_table(results)
    print(f"{len(raws) + 1} messages scored by one spamassassin run in {elapsed:.1f} s")
    too_much = [
        f"{r.kind} ({r.language}): {r.score} {r.rules}"
        for r in results
        if r.score > MAX_TOTAL or any(points > MAX_RULE for points in r.rules.values())
    ]
    assert too_much == []


def _print_table(results: list[Scored]) -> None:
    by = {(r.kind, r.language): r for r in results}
    print("\nSpamAssassin 4 (local rules) score per message kind and language")
    print(f"{'kind':26}" + "".join(f"{lang:>8}" for lang in LANGUAGES) + "  rules that fired")
    for kind in sorted({r.kind for r in results}):
        fired = sorted({name for lang in LANGUAGES for name in by[(kind, lang)].rules})
        cells = "".join(f"{by[(kind, lang)].score:>8.1f}" for lang in LANGUAGES)
        print(f"{kind:26}{cells}  {', '.join(fired)}")

"""Time the public agenda, the speakers list, the agenda builder and one move under gunicorn.

Builds a published event with 240 sessions, 400 speakers and 6 rooms over 3 days in a
temporary SQLite database (with --attendees N confirmed attendees who chose the first
session), serves it with one sync gunicorn worker on 127.0.0.1 (random port), then prints
the median and p95 response time of each page, of the organizer's move request (the
first session moved back and forth: each request is a real change that raises the
revision and SEQUENCE, logs it and queues the notices, coalesced), and the worker's RSS.

Usage: PYTHONPATH=. python bench/agenda.py [--requests 200] [--warmup 20] [--attendees 40]
Targets on the 2-core CI machine: agenda and speakers median <= 25 ms, builder <= 60 ms,
move request median < 100 ms, worker RSS <= 100 MB.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from datetime import time as clock
from pathlib import Path
from typing import Any

EMAIL = "bench@example.org"
PASSWORD = "bench password 2024"
SESSIONS, SPEAKERS, ROOMS, DAYS = 240, 400, 6, 3


def build_database(url: str, attendees: int = 0) -> tuple[int, str, int, int]:
    """Create the schema and the event; return its id, slug, the moved session's id and
    its room's id."""
    from summit import create_app
    from summit.auth.services import create_organizer
    from summit.db import utcnow
    from summit.events.models import EventStatus
    from summit.events.models import Room
    from summit.events.services import EventData
    from summit.events.services import create_event
    from summit.extensions import db
    from summit.schedule.localtime import local_to_utc
    from summit.schedule.models import Session
    from summit.schedule.models import SessionKind
    from summit.schedule.models import SessionRole
    from summit.schedule.models import Speaker
    from summit.schedule.models import SpeakerRole

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SUMMIT_BASE_URL": "http://bench"}
    )
    rng = random.Random(2024)
    with app.app_context():
        db.create_all()
        now = utcnow()
        organizer = create_organizer(EMAIL, PASSWORD, now=now)
        event = create_event(
            EventData(
                title="Bench summit",
                slug="bench-summit",
                start_date=date(2025, 5, 13),
                end_date=date(2025, 5, 15),
                timezone="Africa/Casablanca",
                languages=["fr", "en", "ar"],
            ),
            organizer=organizer,
            now=now,
        )
        event.status = EventStatus.PUBLISHED
        rooms = [
            Room(name=f"Salle {n + 1}", capacity=50 + 25 * n, position=n) for n in range(ROOMS)
        ]
        event.rooms.extend(rooms)
        speakers = [
            Speaker(
                event=event,
                honorific=rng.choice(["", "Dr", "Pr"]),
                name=f"Intervenant·e {n:03d}",
                position=rng.choice(["Psychiatre", "Psychologue", "Créatrice de contenu"]),
                affiliation=rng.choice(["", "UM6P", "CHU Ibn Rochd", "Université Hassan II"]),
                bio="Spécialiste du bien-être des jeunes. " * 4,
                email=f"s{n}@example.org" if n % 7 else "",
                created_at=now,
                updated_at=now,
            )
            for n in range(SPEAKERS)
        ]
        db.session.add_all(speakers)
        kinds = list(SessionKind)
        per_day_room = SESSIONS // (DAYS * ROOMS)  # 13 slots of 40 minutes
        index = 0
        for day_offset in range(DAYS):
            day = date(2025, 5, 13 + day_offset)
            for room in rooms:
                for slot in range(per_day_room + (1 if index < SESSIONS % (DAYS * ROOMS) else 0)):
                    start = 8 * 60 + slot * 45
                    session = Session(
                        event=event,
                        kind=kinds[index % len(kinds)],
                        title=f"Session {index:03d} : santé mentale et numérique",
                        description="Une discussion ouverte. " * 10,
                        content_note="Évoque l’anxiété" if index % 9 == 0 else "",
                        language=rng.choice(["fr", "en", "ar"]),
                        room=room,
                        starts_at=local_to_utc(day, clock(start // 60, start % 60), event.timezone),
                        ends_at=local_to_utc(
                            day, clock((start + 40) // 60, (start + 40) % 60), event.timezone
                        ),
                        capacity=rng.choice([None, 40, 80]),
                        created_at=now,
                        updated_at=now,
                    )
                    for position, speaker in enumerate(rng.sample(speakers, rng.randint(1, 3))):
                        role = (
                            SpeakerRole.MODERATOR
                            if position == 0 and index % 2
                            else SpeakerRole.PANELIST
                        )
                        session.roles.append(
                            SessionRole(speaker=speaker, role=role, position=position)
                        )
                    db.session.add(session)
                    index += 1
        db.session.commit()
        moved = _attendees_choose_first_session(event, now, attendees)
        return event.id, event.slug, moved.id, moved.room_id


def _attendees_choose_first_session(event: Any, now: Any, attendees: int) -> Any:
    """Confirmed attendees who chose the first session, through the services."""
    from sqlalchemy import select

    from summit.extensions import db
    from summit.registration.agenda import choose_session
    from summit.registration.services import AttendeeData
    from summit.registration.services import SettingsData
    from summit.registration.services import register_attendee
    from summit.registration.services import save_settings
    from summit.schedule.models import Session

    first = db.session.scalars(
        select(Session).where(Session.event_id == event.id).order_by(Session.starts_at, Session.id)
    ).first()
    assert first is not None, "the bench event has no session to choose"
    save_settings(event, SettingsData(is_open=True, capacity=max(attendees, 1) * 2), now=now)
    for n in range(attendees):
        signed = register_attendee(
            event,
            AttendeeData(name=f"Participant {n}", email=f"a{n}@example.org"),
            key="bench-secret",
            now=now,
        )
        choose_session(signed.registration, first, now=now)
    db.session.commit()
    return first


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def worker_pid(master: int) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                return int(entry.name)
    raise SystemExit("no gunicorn worker found")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(opener: urllib.request.OpenerDirector, url: str, n: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        opener.open(url).read()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = opener.open(url)
        response.read()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status == 200, url
    return samples


def login(opener: urllib.request.OpenerDirector, base: str) -> None:
    page = opener.open(f"{base}/auth/login").read().decode()
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match, "no CSRF token on the login page"
    body = urllib.parse.urlencode(
        {"email": EMAIL, "password": PASSWORD, "csrf_token": match.group(1)}
    ).encode()
    response = opener.open(f"{base}/auth/login", data=body)
    assert "/auth/login" not in response.geturl(), "sign-in failed"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def timed_moves(
    opener: urllib.request.OpenerDirector,
    base: str,
    event_id: int,
    session_id: int,
    room_id: int,
    n: int,
) -> list[float]:
    """POST the builder's move form, alternating two evening slots: only the request
    itself is timed, not the page the redirect leads to."""
    page = opener.open(f"{base}/manage/events/{event_id}/agenda/").read().decode()
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF token on the agenda builder"
    handlers = opener.handlers  # type: ignore[attr-defined]  # there at run time, not in typeshed
    cookies = next(h for h in handlers if isinstance(h, urllib.request.HTTPCookieProcessor))
    poster = urllib.request.build_opener(cookies, _NoRedirect())
    url = f"{base}/manage/events/{event_id}/sessions/{session_id}/move"
    samples = []
    for i in range(n):
        hour = 20 + i % 2
        body = urllib.parse.urlencode(
            {
                "csrf_token": match.group(1),
                "day": "2025-05-13",
                "start": f"{hour}:00",
                "end": f"{hour}:40",
                "room_id": str(room_id),
            }
        ).encode()
        started = time.perf_counter()
        try:
            poster.open(url, data=body).read()
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 302, redirect.code
            assert "Not moved" not in (redirect.headers.get("Location") or "")
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def queued_rows(url: str) -> int:
    import sqlite3

    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return int(connection.execute("SELECT count(*) FROM outbox_messages").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="render every public page from the database (no fragment cache)",
    )
    parser.add_argument(
        "--attendees",
        type=int,
        default=0,
        help="confirmed attendees who chose the moved session (each gets a queued notice)",
    )
    args = parser.parse_args()
    factory = (
        "summit:create_app({'SCHEDULE_FRAGMENT_CACHE': False})"
        if args.no_cache
        else "summit:create_app()"
    )

    with tempfile.TemporaryDirectory(prefix="summit-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        started = time.perf_counter()
        event_id, slug, moved_id, room_id = build_database(url, args.attendees)
        print(
            f"built {SESSIONS} sessions, {SPEAKERS} speakers, {ROOMS} rooms, {DAYS} days "
            f"in {time.perf_counter() - started:.1f} s"
        )
        port = free_port()
        env = dict(
            os.environ, DATABASE_URL=url, SECRET_KEY="bench-secret", SUMMIT_BASE_URL="http://bench"
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"),
                "--workers",
                "1",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                factory,
            ],
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/")
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            login(opener, base)
            pages = [
                ("public agenda", f"{base}/events/{slug}/schedule/", 25.0),
                ("speakers list", f"{base}/events/{slug}/speakers/", 25.0),
                ("agenda builder", f"{base}/manage/events/{event_id}/agenda/", 60.0),
            ]
            print("fragment cache:", "off" if args.no_cache else "on")
            print(f"{'page':<16} {'median ms':>10} {'p95 ms':>8} {'target':>8}")
            ok = True
            for name, page_url, target in pages:
                samples = timed(opener, page_url, args.requests, args.warmup)
                median = statistics.median(samples)
                p95 = statistics.quantiles(samples, n=20)[18]
                ok &= median <= target
                print(f"{name:<16} {median:>10.1f} {p95:>8.1f} {target:>8.0f}")
            samples = timed_moves(opener, base, event_id, moved_id, room_id, args.requests)
            median = statistics.median(samples)
            p95 = statistics.quantiles(samples, n=20)[18]
            ok &= median < 100
            print(f"{'move request':<16} {median:>10.1f} {p95:>8.1f} {100:>8.0f}")
            print(f"outbox rows queued: {queued_rows(url)} (one per person, coalesced)")
            rss = rss_mb(worker_pid(server.pid))
            ok &= rss <= 100
            print(f"worker RSS {rss:.1f} MB (target 100 MB)")
            print("all targets met" if ok else "SOME TARGETS MISSED")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(10)


if __name__ == "__main__":
    main()

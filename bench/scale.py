"""Uncached render times at 24, 240 and 2,400 sessions, and queries per page.

For each size an event is built in a temporary SQLite database (6 rooms; 1, 3 and 30 days;
speakers = sessions × 5/3, each session with 1–3 roles), then each page is requested in
process with the fragment cache off and each feed with its stored file deleted first, so
every figure is a full render: load + build + template (emptying the store is not timed).
Pages: a day's agenda, the whole agenda, the first page of the speaker list and the whole
list, and each whole-event feed (schedule.ics, schedule.xml, schedule.json). Prints the
median (and fastest) in ms, the statement count, and the body size. Run it on a quiet
machine: the figures move with every other process on the cores.

    .venv/bin/python -m bench.scale [--sizes 24,240,2400] [--repeat 7]

Targets at 2,400 sessions (issue 17): a day's agenda and the speakers page <= 80 ms, each
whole-event feed <= 250 ms; statements per page the same at every size.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

TARGETS_MS = {"agenda (one day)": 80.0, "speakers": 80.0, "feed": 250.0}
ROOMS = 6


def build_event(sessions: int, days: int) -> str:
    """A published event of ``sessions`` over ``days`` days; returns its slug."""
    from summit.events.models import Event
    from summit.events.models import EventStatus
    from summit.events.models import Room
    from summit.extensions import db
    from summit.schedule.models import Session
    from summit.schedule.models import SessionKind
    from summit.schedule.models import SessionRole
    from summit.schedule.models import Speaker
    from summit.schedule.models import SpeakerRole

    rng = random.Random(sessions)
    now = datetime(2025, 1, 10, 9, tzinfo=UTC)
    start = date(2025, 3, 3)
    event = Event(
        slug=f"scale-{sessions}",
        title=f"Congress of {sessions} sessions",
        tagline="",
        start_date=start,
        end_date=start + timedelta(days=days - 1),
        timezone="Africa/Casablanca",
        venue_name="Palais des congrès",
        city="Casablanca",
        country="MA",
        languages="fr en ar",
        status=EventStatus.PUBLISHED,
        created_at=now,
        updated_at=now,
        revised_at=now,
    )
    db.session.add(event)
    rooms = [Room(event=event, name=f"Salle {i + 1}", position=i) for i in range(ROOMS)]
    speakers = [
        Speaker(
            event=event,
            name=f"Intervenant·e {i + 1:04d}",
            honorific=rng.choice(["", "Dr", "Pr"]),
            position=rng.choice(["Psychiatre", "Psychologue", "Créatrice de contenu"]),
            affiliation=rng.choice(["", "UM6P", "CHU Ibn Rochd", "Université Hassan II"]),
            bio="Spécialiste du bien-être des jeunes. " * 4,
            email=f"s{i}@example.org",
            created_at=now,
            updated_at=now,
        )
        for i in range(sessions * 5 // 3)
    ]
    db.session.add_all(rooms + speakers)
    per_day = -(-sessions // days)
    kinds = list(SessionKind)
    for i in range(sessions):
        day, slot = divmod(i, per_day)
        starts = datetime.combine(start + timedelta(days=day), datetime.min.time(), UTC)
        starts += timedelta(hours=8, minutes=45 * (slot // ROOMS))
        session = Session(
            event=event,
            kind=kinds[i % len(kinds)],
            title=f"Session {i + 1} : santé mentale et numérique",
            description="Une discussion ouverte sur le soin et le soutien. " * 6,
            content_note="Évoque l’anxiété" if i % 9 == 0 else "",
            language=rng.choice(["fr", "en", "ar"]),
            room=rooms[slot % ROOMS],
            starts_at=starts,
            ends_at=starts + timedelta(minutes=40),
            created_at=now,
            updated_at=now,
        )
        for position, speaker in enumerate(rng.sample(speakers, rng.randint(1, 3))):
            role = SpeakerRole.MODERATOR if position == 0 and i % 2 else SpeakerRole.PANELIST
            session.roles.append(SessionRole(speaker=speaker, role=role, position=position))
        db.session.add(session)
    db.session.commit()
    return event.slug


def measure(
    run: Callable[[], Any], repeat: int, prepare: Callable[[], Any] = lambda: None
) -> tuple[float, float]:
    """Median and fastest ms of ``run``; ``prepare`` (emptying a store) is not timed."""
    prepare()
    run()  # warm: templates compiled, Babel data loaded
    samples = []
    for _ in range(repeat):
        prepare()
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="24,240,2400")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from sqlalchemy import delete
    from sqlalchemy import event as sa_event

    from summit import create_app
    from summit.exports.models import ExportFile
    from summit.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="summit-scale-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'scale.db'}",
            "SECRET_KEY": "bench",
            "SCHEDULE_FRAGMENT_CACHE": False,
            "REQUEST_LOG": False,
            "SUMMIT_BASE_URL": "https://summit.example.org",
            "SERVER_NAME": "summit.example.org",
        }
    )
    statements: list[str] = []
    print(
        f"{'sessions':>8}  {'page':<18} {'median ms':>10} {'fastest':>8} {'queries':>7} {'KiB':>6}"
    )
    with app.app_context():
        db.create_all()
        sa_event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        client = app.test_client()
        for size in (int(s) for s in args.sizes.split(",")):
            days = {24: 1, 240: 3}.get(size, max(1, size // 80))
            slug = build_event(size, days)
            base = f"/events/{slug}"
            first_day = date(2025, 3, 3).isoformat()
            pages = {
                "agenda (one day)": f"{base}/schedule/?day={first_day}",
                "agenda (whole)": f"{base}/schedule/?day=all",
                "speakers": f"{base}/speakers/",
                "speakers (all)": f"{base}/speakers/?page=all",
                "schedule.ics": f"{base}/schedule.ics",
                "schedule.xml": f"{base}/schedule.xml",
                "schedule.json": f"{base}/schedule.json",
            }
            for name, url in pages.items():

                def forget() -> None:
                    db.session.execute(delete(ExportFile))  # uncached: the feed renders again
                    db.session.commit()

                def get(url: str = url) -> Any:
                    statements.clear()
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    return response

                prepare = forget if url.endswith((".ics", ".xml", ".json")) else lambda: None
                median, fastest = measure(get, args.repeat, prepare)
                prepare()
                response = get()
                queries = len(
                    [s for s in statements if not re.match(r"\s*(PRAGMA|SAVEPOINT|RELEASE)", s)]
                )
                target = TARGETS_MS.get("feed" if "." in name else name)
                verdict = (
                    ""
                    if target is None or size != 2400
                    else (f"  target <= {target:.0f} ms: {'ok' if median <= target else 'MISSED'}")
                )
                print(
                    f"{size:>8}  {name:<18} {median:>10.1f} {fastest:>8.1f} {queries:>7}"
                    f" {len(response.data) / 1024:>6.0f}{verdict}",
                    flush=True,
                )


if __name__ == "__main__":
    main()

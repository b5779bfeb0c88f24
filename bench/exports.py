"""Export timings for a 240-session event.

Run from the repository root: ``python -m bench.exports`` (SQLite in a temporary folder;
set SUMMIT_BENCH_DATABASE_URL for PostgreSQL). Prints, for schedule.ics, schedule.xml and
schedule.json: the builder alone (rows already loaded), the first request (load + build +
store), a repeated request (served from the store) and a conditional request (304). For
the program PDF: WeasyPrint alone on the same HTML (tagged PDF/UA-1 as served, and untagged,
to show what tagging costs), the first request, a repeated request and a 304. Times are
medians in milliseconds.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

TARGETS = {"feed": 40.0, "feed_unchanged": 5.0, "pdf_ratio": 1.3, "pdf_unchanged": 10.0}


class Timing(float):
    """A median in ms that also remembers the fastest run (the machine is shared, so
    the spread says how much of a median is other people's load)."""

    fastest: float

    def __new__(cls, samples: list[float]) -> Timing:
        timing = super().__new__(cls, statistics.median(samples))
        timing.fastest = min(samples)
        return timing

    def __format__(self, spec: str) -> str:
        return format(f"{float(self):.1f} ({self.fastest:.1f})", spec.replace(".1f", ""))


def _median_ms(run: Callable[[], Any], repeat: int) -> Timing:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(samples)


def build_event(sessions: int = 240) -> Any:
    """A published two-day event: 6 rooms, 80 speakers, 240 sessions with 1–3 roles each."""
    from summit.events.models import Event
    from summit.events.models import EventStatus
    from summit.events.models import Partner
    from summit.events.models import Room
    from summit.events.models import SupportResource
    from summit.extensions import db
    from summit.schedule.models import Session
    from summit.schedule.models import SessionKind
    from summit.schedule.models import SessionRole
    from summit.schedule.models import Speaker
    from summit.schedule.models import SpeakerRole

    now = datetime(2025, 1, 10, 9, tzinfo=UTC)
    event = Event(
        slug="bench-summit",
        title="Benchmark summit",
        tagline="240 sessions over two days",
        start_date=date(2025, 3, 10),
        end_date=date(2025, 3, 11),
        timezone="Africa/Casablanca",
        venue_name="Palais des congrès",
        city="Casablanca",
        country="MA",
        languages="en",
        status=EventStatus.PUBLISHED,
        created_at=now,
        updated_at=now,
        revised_at=now,
    )
    db.session.add(event)
    rooms = [Room(event=event, name=f"Room {i + 1}", position=i) for i in range(6)]
    speakers = [
        Speaker(
            event=event,
            name=f"Speaker {i + 1:02d}",
            honorific="Dr" if i % 3 == 0 else "",
            position="Psychologist",
            affiliation=f"University {i % 7 + 1}",
            bio="Works with young people on anxiety, sleep and screen time. " * 3,
            email=f"speaker{i}@example.org",
            created_at=now,
            updated_at=now,
        )
        for i in range(80)
    ]
    db.session.add_all(rooms + speakers)
    for i in range(sessions):
        day, slot = divmod(i, sessions // 2)
        starts = datetime(2025, 3, 10 + day, 8, tzinfo=UTC) + timedelta(minutes=30 * (slot // 6))
        session = Session(
            event=event,
            kind=list(SessionKind)[i % len(SessionKind)],
            title=f"Session {i + 1}: wellbeing in the digital age",
            description="A conversation about care, stigma and support. " * 4,
            content_note="Discusses self-harm" if i % 10 == 0 else "",
            room=rooms[i % 6],
            starts_at=starts,
            ends_at=starts + timedelta(minutes=30),
            created_at=now,
            updated_at=now,
        )
        for position in range(i % 3 + 1):
            session.roles.append(
                SessionRole(
                    speaker=speakers[(i * 3 + position) % 80],
                    role=list(SpeakerRole)[position % 4],
                    position=position,
                )
            )
        db.session.add(session)
    for i in range(4):
        db.session.add(Partner(event=event, name=f"Partner {i + 1}", position=i))
    db.session.add(SupportResource(event=event, name="Helpline", phone="0801 000 000"))
    db.session.commit()
    return event


def main() -> None:
    from weasyprint import HTML

    from summit import create_app
    from summit.exports.calendar import build_calendar
    from summit.exports.frab import build_frab_json
    from summit.exports.frab import build_frab_xml
    from summit.exports.loading import agenda_sessions
    from summit.exports.loading import event_speakers
    from summit.exports.loading import partners_with_logos
    from summit.exports.paths import STATIC_ROOT
    from summit.exports.pdf import PDF_VARIANT
    from summit.exports.pdf import StaticOnlyFetcher
    from summit.exports.program import render_program_html
    from summit.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="summit-bench-"))
    url = os.environ.get("SUMMIT_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "SUMMIT_BASE_URL": "http://summit.bench",
            "SERVER_NAME": "summit.bench",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        event = build_event()
        slug = event.slug
        client = app.test_client()
        sessions = agenda_sessions(event)
        assert len(sessions) == 240
        print(f"{len(sessions)} sessions, database {db.engine.dialect.name}")
        print("median (fastest) ms")
        print(f"{'export':<14}{'builder':>14}{'1st request':>16}{'stored':>14}{'304':>14}")
        builders = {
            "schedule.ics": lambda: build_calendar(
                event, sessions, name="x", base_url="http://summit.bench", uid_domain="summit.bench"
            ),
            "schedule.xml": lambda: build_frab_xml(
                event, sessions, base_url="http://summit.bench", uid_domain="summit.bench"
            ),
            "schedule.json": lambda: build_frab_json(
                event, sessions, base_url="http://summit.bench", uid_domain="summit.bench"
            ),
        }
        for name, builder in builders.items():
            builder()  # warm imports and the VTIMEZONE cache
            built = _median_ms(builder, 15)
            first = _first_requests_ms(client, slug, name, 7)
            url = f"/events/{slug}/{name}"
            stored = _median_ms(partial(client.get, url), 30)
            etag = client.get(url).headers["ETag"]
            not_modified = _median_ms(partial(client.get, url, headers={"If-None-Match": etag}), 30)
            print(f"{name:<14}{built:>14}{first:>16}{stored:>14}{not_modified:>14}")

        static = client.get("/static/style.css")
        floor = _median_ms(
            lambda: client.get(
                "/static/style.css", headers={"If-None-Match": static.headers["ETag"]}
            ),
            30,
        )
        static.close()
        print(f"request floor (a static file's 304, no database): {floor} ms")

        html = render_program_html(
            event,
            sessions,
            event_speakers(event),
            partners_with_logos(event),
            generated_at=event.updated_at,
        )

        def weasyprint_only(variant: str | None = PDF_VARIANT) -> bytes:
            document = HTML(
                string=html, base_url=STATIC_ROOT.as_uri() + "/", url_fetcher=StaticOnlyFetcher()
            )
            return document.write_pdf(pdf_variant=variant)

        weasy = _median_ms(weasyprint_only, 3)
        untagged = _median_ms(lambda: weasyprint_only(None), 3)
        tagged_kb, untagged_kb = (len(weasyprint_only(v)) / 1024 for v in (PDF_VARIANT, None))
        print(
            f"program.pdf tagging ({PDF_VARIANT}): {weasy} ms tagged vs {untagged} ms untagged "
            f"(+{weasy - untagged:.0f} ms, ×{weasy / untagged:.2f}); "
            f"{tagged_kb:.0f} KiB vs {untagged_kb:.0f} KiB"
        )
        first_pdf = _first_requests_ms(client, slug, "program.pdf", 3)
        stored_pdf = _median_ms(lambda: client.get(f"/events/{slug}/program.pdf"), 20)
        etag = client.get(f"/events/{slug}/program.pdf").headers["ETag"]
        pdf_304 = _median_ms(
            lambda: client.get(f"/events/{slug}/program.pdf", headers={"If-None-Match": etag}), 20
        )
        pages = len(
            __import__("pypdf").PdfReader(__import__("io").BytesIO(weasyprint_only())).pages
        )
        print(
            f"program.pdf ({pages} pages): WeasyPrint alone {weasy} ms, first request "
            f"{first_pdf} ms (ratio of medians {first_pdf / weasy:.2f}, of fastest "
            f"{first_pdf.fastest / weasy.fastest:.2f}), stored {stored_pdf} ms, 304 {pdf_304} ms"
        )
        print(
            "targets: feeds ≤ {feed:.0f} ms, unchanged ≤ {feed_unchanged:.0f} ms; PDF cold ≤ "
            "{pdf_ratio}× WeasyPrint, unchanged ≤ {pdf_unchanged:.0f} ms".format(**TARGETS)
        )
        db.session.remove()
        db.drop_all()


def _first_requests_ms(client: Any, slug: str, name: str, repeat: int) -> Timing:
    """Requests after the stored file is dropped (not timed): load, build and store again."""
    from sqlalchemy import delete

    from summit.exports.models import ExportFile
    from summit.extensions import db

    samples = []
    for _ in range(repeat):
        db.session.execute(delete(ExportFile))
        db.session.commit()
        start = time.perf_counter()
        response = client.get(f"/events/{slug}/{name}")
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return Timing(samples)


if __name__ == "__main__":
    main()

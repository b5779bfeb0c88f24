"""A published 240-session agenda changed by one move: how long until the worker has
stored the new program PDF and feeds, and how long the organizer's move request takes.

Builds the bench/agenda.py event in a temporary SQLite database, serves it with gunicorn and runs ``flask worker`` beside it; renders the
program once (the previous version every visitor gets meanwhile), then moves sessions
through the agenda builder's form and waits for the files of each new version.

    PYTHONPATH=$PWD .venv/bin/python bench/program_refresh.py [--moves 20]

Targets: the move request under 100 ms median; nobody waits for a rendering.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.agenda import build_database
from bench.agenda import free_port
from bench.agenda import login
from bench.agenda import wait_for

KINDS = ("program.pdf", "schedule.ics", "schedule.xml", "schedule.json")


def stored_state(url: str, event_id: int, base: str) -> dict[str, bool]:
    """For each file: is the stored rendering the one of the current version?"""
    from sqlalchemy import select

    from summit import create_app
    from summit.exports.caching import export_version
    from summit.exports.models import ExportFile
    from summit.exports.published import file_etag
    from summit.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SUMMIT_BASE_URL": base}
    )
    with app.app_context(), app.test_request_context(base_url=base):
        version = export_version(event_id)
        rows = dict(
            db.session.execute(
                select(ExportFile.kind, ExportFile.version).where(ExportFile.event_id == event_id)
            ).all()
        )
        state = {kind: rows.get(kind) == file_etag(version, kind) for kind in KINDS}
        db.session.remove()
        db.engine.dispose()
        return state


def render_all(url: str, event_id: int, base: str) -> None:
    """What the worker does after a change, run here once to have a previous version."""
    from summit import create_app
    from summit.exports.published import render_event_files
    from summit.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SUMMIT_BASE_URL": base}
    )
    with app.app_context(), app.test_request_context(base_url=base):
        render_event_files(event_id)
        db.session.remove()
        db.engine.dispose()


def session_ids(url: str, event_id: int) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from summit import create_app
    from summit.extensions import db
    from summit.schedule.models import Session

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SUMMIT_BASE_URL": "http://bench"}
    )
    with app.app_context():
        rows = db.session.execute(
            select(Session.id, Session.starts_at).where(Session.event_id == event_id)
        ).all()
        db.engine.dispose()
        return [(r.id, r.starts_at.isoformat()) for r in rows]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def move(
    opener: urllib.request.OpenerDirector,
    base: str,
    event_id: int,
    session_id: int,
    day: str,
    start: str,
    end: str,
) -> float:
    """POST the agenda builder's move form; milliseconds of the POST alone."""
    page = opener.open(f"{base}/manage/events/{event_id}/sessions/{session_id}/").read().decode()
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match, "no CSRF token on the session page"
    body = urllib.parse.urlencode(
        {"csrf_token": match.group(1), "day": day, "start": start, "end": end}
    ).encode()
    began = time.perf_counter()
    try:
        opener.open(f"{base}/manage/events/{event_id}/sessions/{session_id}/move", data=body)
    except urllib.error.HTTPError as error:
        assert error.code == 302, error.code
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20, help="moves timed after the first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="summit-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        event_id, slug = build_database(url)
        sessions = session_ids(url, event_id)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench-secret", SUMMIT_BASE_URL=base)
        root = Path(__file__).resolve().parent.parent
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(root / "gunicorn.conf.py"),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "summit:create_app()",
            ],
            env=env,
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "summit", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(tmp) / "worker.log", "wb"),  # noqa: SIM115
        )
        try:
            wait_for(f"{base}/", 120)
            began = time.perf_counter()
            render_all(url, event_id, base)
            print(f"first rendering of the four files: {time.perf_counter() - began:.1f} s")
            jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            opener = urllib.request.build_opener(jar, _NoRedirect())
            login(urllib.request.build_opener(jar), base)
            session_id, starts = sessions[0]
            day = starts[:10]
            move_ms = move(opener, base, event_id, session_id, day, "06:00", "06:30")
            moved = time.perf_counter()
            served = []
            ready: dict[str, float] = {}
            while len(ready) < len(KINDS) and time.perf_counter() - moved < 120:
                began = time.perf_counter()
                urllib.request.urlopen(f"{base}/events/{slug}/program.pdf", timeout=120).read()
                served.append((time.perf_counter() - began) * 1000)
                for kind, current in stored_state(url, event_id, base).items():
                    if current and kind not in ready:
                        ready[kind] = time.perf_counter() - moved
                time.sleep(0.2)
            print(f"one move: the request took {move_ms:.0f} ms")
            for kind in KINDS:
                at = ready.get(kind)
                print(
                    f"  {kind:<14} stored {at:.1f} s after the move"
                    if at
                    else f"  {kind} NOT stored"
                )
            print(
                f"program.pdf meanwhile: {len(served)} requests, median "
                f"{statistics.median(served):.0f} ms, max {max(served):.0f} ms"
            )
            samples = []
            for n in range(args.moves):
                session_id, starts = sessions[1 + n]
                start = "06:00" if n % 2 else "06:45"
                end = "06:30" if n % 2 else "07:15"
                samples.append(move(opener, base, event_id, session_id, starts[:10], start, end))
            print(
                f"{args.moves} more moves: median {statistics.median(samples):.0f} ms, "
                f"p95 {statistics.quantiles(samples, n=20)[18]:.0f} ms (target median < 100 ms)"
            )
        finally:
            server.send_signal(signal.SIGTERM)
            worker.send_signal(signal.SIGTERM)
            server.wait(30)
            worker.wait(60)


if __name__ == "__main__":
    main()

"""The production topology under load: sign-ups/s and agenda requests/s through nginx.

Starts deploy/topology.py's layout (nginx with TLS, two app servers of two gunicorn
processes, the workers when there are any, Redis) on a PostgreSQL cluster with fsync ON
(its durable defaults, unlike the test suite's cluster), seeds bench/agenda.py's event
(240 sessions, 400 speakers) and an event with 100 seats, then:

- sign-ups: N visitors, C at a time, each from its own loopback address (the limit of 10
  sign-ups a minute per address stays on), GET the form and POST it through nginx;
- agenda: 32 clients on keep-alive TLS connections GET the 240-session agenda.

    .venv/bin/python -m bench.topology [--signups 400] [--clients 16] [--seconds 15]
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

from topology import Topology  # noqa: E402

SEATS = 100


def seed(topology: Topology) -> tuple[str, str]:
    """The 240-session event and a 100-seat event; their slugs."""
    from bench.agenda import build_database
    from bench.events import open_signup_event
    from summit import create_app
    from summit.extensions import db

    url = topology.database_url
    _event_id, agenda_slug, _moved, _room = build_database(url)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "REQUEST_LOG": False,
            "SUMMIT_BASE_URL": "https://summit.example.org",
        }
    )
    with app.app_context():
        open_signup_event("signup-bench", "Sign-up bench", seats=SEATS, now=datetime.now(UTC))
        db.engine.dispose()
    return agenda_slug, "signup-bench"


def count_statuses(topology: Topology) -> dict[str, int]:
    from sqlalchemy import func
    from sqlalchemy import select

    from summit import create_app
    from summit.extensions import db
    from summit.registration.models import Registration

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": topology.database_url,
            "SECRET_KEY": "bench",
            "SUMMIT_BASE_URL": topology.base_url,
        }
    )
    with app.app_context():
        rows = db.session.execute(
            select(Registration.status, func.count()).group_by(Registration.status)
        ).all()
        db.engine.dispose()
    return {status.value: n for status, n in rows}


def agenda_load(topology: Topology, path: str, clients: int, seconds: float) -> list[float]:
    port = topology.ports["https"]
    context = topology.tls_context()
    timings: list[float] = []
    errors: list[int] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPSConnection("localhost", port, context=context, timeout=60)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            timings.append(time.perf_counter() - started)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"agenda answered {len(errors)} errors: {sorted(set(errors))}")
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "0")))
    args = parser.parse_args()

    from tests.smtp_sink import SmtpSink
    from tests.topology.client import Browser

    with SmtpSink() as sink:
        topology = Topology(
            Path(tempfile.mkdtemp(prefix="summit-bench-topology.")),
            workers=args.workers,
            fsync=True,
            smtp_port=sink.port,
        )
        topology.start()
        try:
            agenda_slug, signup_slug = seed(topology)

            def sign_up(n: int) -> int:
                visitor = Browser(
                    topology.base_url,
                    topology.tls_context(),
                    source=f"127.1.{n // 250}.{n % 250 + 1}",
                )
                reply = visitor.submit(
                    f"/events/{signup_slug}/register",
                    {"name": f"Bench person {n}", "email": f"p{n}@example.org"},
                )
                return reply.status

            started = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                codes = list(pool.map(sign_up, range(args.signups)))
            elapsed = time.perf_counter() - started
            statuses = count_statuses(topology)
            ok = codes.count(302)
            print(
                f"sign-ups through nginx (PostgreSQL fsync ON, 2 app servers x 2 gunicorn "
                f"processes, {args.workers} workers): {ok}/{args.signups} in {elapsed:.1f} s = "
                f"{ok / elapsed:.0f} sign-ups/s, {args.clients} clients; confirmed "
                f"{statuses.get('confirmed', 0)} of {SEATS}, waitlisted "
                f"{statuses.get('waitlisted', 0)}",
                flush=True,
            )
            path = f"/events/{agenda_slug}/schedule/"
            agenda_load(topology, path, 4, 2)  # warm every process's fragment cache
            timings = agenda_load(topology, path, 32, args.seconds)
            quantiles = statistics.quantiles(timings, n=20)
            print(
                f"agenda (240 sessions) through nginx at c=32: {len(timings) / args.seconds:.0f} "
                f"req/s, median {statistics.median(timings) * 1000:.0f} ms, p95 "
                f"{quantiles[18] * 1000:.0f} ms ({len(timings)} requests in {args.seconds:.0f} s)"
            )
            failed = ok != args.signups or statuses.get("confirmed", 0) != SEATS
        finally:
            topology.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Sign-up benchmark: N parallel clients against gunicorn, an event with 100 seats.

Each client gets the form (CSRF on), then posts a real sign-up; the request queues the
e-mail in the outbox and the background worker (``flask worker``, started here too) sends
it over SMTP to a local aiosmtpd sink. Prints sign-ups per second, checks that exactly as
many people are confirmed as there are seats and that every e-mail arrived, and the time
from sign-up to delivery (median, p95).

    PYTHONPATH=$PWD .venv/bin/python bench/signups.py                       # SQLite
    PYTHONPATH=$PWD scripts/with-postgres .venv/bin/python bench/signups.py --postgres
    PYTHONPATH=$PWD .venv/bin/python bench/signups.py --sink-down 30        # SMTP down 30 s

The server runs with registration rate limiting on, but with a limit high enough for
one client address sending every sign-up.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask

SEATS = 100
SLUG = "bench-summit"


def bench_config() -> dict[str, Any]:
    """Settings of the server under test, read from the environment the bench sets."""
    return {
        "SECRET_KEY": "bench-secret",
        "SUMMIT_BASE_URL": "http://127.0.0.1",
        "SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URL"],
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": int(os.environ["BENCH_SMTP_PORT"]),
        "RATELIMIT_REGISTER": "1000000 per minute",
        "WTF_CSRF_ENABLED": True,
    }


def create_bench_app() -> Flask:
    """gunicorn entry point: ``bench.signups:create_bench_app()``."""
    from summit import create_app

    return create_app(bench_config())


def prepare_database() -> None:
    from bench.events import open_signup_event
    from summit import create_app
    from summit.extensions import db

    app = create_app(bench_config())
    with app.app_context():
        db.drop_all()
        db.create_all()
        open_signup_event(SLUG, "Bench summit", seats=SEATS, now=datetime.now(UTC))
        db.engine.dispose()


def sign_up_times() -> dict[str, float]:
    """Each registration's e-mail and the moment it was saved (epoch seconds)."""
    from sqlalchemy import select

    from summit import create_app
    from summit.extensions import db
    from summit.registration.models import Registration

    app = create_app(bench_config())
    with app.app_context():
        rows = db.session.execute(select(Registration.email, Registration.created_at)).all()
        db.engine.dispose()
        return {email: created.timestamp() for email, created in rows}


def count_statuses() -> dict[str, int]:
    from sqlalchemy import func
    from sqlalchemy import select

    from summit import create_app
    from summit.extensions import db
    from summit.registration.models import Registration

    app = create_app(bench_config())
    with app.app_context():
        rows = db.session.execute(
            select(Registration.status, func.count()).group_by(Registration.status)
        ).all()
        db.engine.dispose()
        return {status.value: n for status, n in rows}


TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def sign_up(base: str, n: int) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    url = f"{base}/events/{SLUG}/register"
    with opener.open(url, timeout=60) as response:
        match = TOKEN.search(response.read().decode())
    assert match, "no CSRF token in the form"
    data = urllib.parse.urlencode(
        {"csrf_token": match.group(1), "name": f"Bench person {n}", "email": f"p{n}@example.org"}
    ).encode()
    try:
        with opener.open(url, data=data, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def process_tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its children (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server did not start at {url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=400, help="sign-ups in total")
    parser.add_argument("--clients", type=int, default=16, help="parallel clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--postgres", action="store_true", help="use SUMMIT_TEST_DATABASE_URL")
    parser.add_argument(
        "--sink-down", type=float, default=0, help="start the SMTP sink only after N seconds"
    )
    parser.add_argument("--wait", type=float, default=180, help="seconds to wait for every e-mail")
    args = parser.parse_args()

    from tests.smtp_sink import SmtpSink
    from tests.smtp_sink import free_port

    tmp = Path(tempfile.mkdtemp(prefix="summit-bench-"))
    if args.postgres:
        os.environ["BENCH_DATABASE_URL"] = os.environ["SUMMIT_TEST_DATABASE_URL"]
    else:
        os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.db'}"
    database = "PostgreSQL" if args.postgres else "SQLite"

    sink = SmtpSink()
    os.environ["BENCH_SMTP_PORT"] = str(sink.port)
    if not args.sink_down:
        sink.controller.start()
    prepare_database()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.signups:create_bench_app()",
        ],
        env=dict(os.environ),
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "bench.signups:create_bench_app()", "worker"],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "worker.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/events/{SLUG}/")
        server_cpu = process_tree_cpu(server.pid)
        worker_cpu = process_tree_cpu(worker.pid)
        began = time.perf_counter()
        own_cpu = time.process_time()
        with ThreadPoolExecutor(args.clients) as pool:
            codes = list(pool.map(lambda n: sign_up(base, n), range(args.signups)))
        elapsed = time.perf_counter() - began
        own_cpu = time.process_time() - own_cpu
        server_cpu = process_tree_cpu(server.pid) - server_cpu
        if args.sink_down:
            time.sleep(max(0.0, args.sink_down - (time.perf_counter() - began)))
            sink.controller.start()
            print(f"SMTP sink up after {time.perf_counter() - began:.1f}s")
        deadline = time.monotonic() + args.wait
        while len(sink.messages) < args.signups and time.monotonic() < deadline:
            time.sleep(0.05)
        drained = time.perf_counter() - began
        time.sleep(2)  # a duplicate would show up now
        worker_cpu = process_tree_cpu(worker.pid) - worker_cpu
    finally:
        server.terminate()
        worker.terminate()
        server.wait(10)
        worker.wait(30)
        sink.controller.stop()
    statuses = count_statuses()
    created = sign_up_times()
    mails = len(sink.messages)
    recipients = [str(m["To"]) for m in sink.messages]
    latencies = sorted(
        at - created[to] for to, at in zip(recipients, sink.handler.received_at, strict=True)
    )

    ok = sum(1 for code in codes if code == 302)
    confirmed = statuses.get("confirmed", 0)
    print(
        f"{database}: {ok}/{args.signups} sign-ups in {elapsed:.2f}s = {ok / elapsed:.0f} sign-ups/s "
        f"({args.clients} clients, gunicorn {args.workers} workers x {args.threads} threads); "
        f"confirmed {confirmed} of {SEATS} seats, waitlisted {statuses.get('waitlisted', 0)}, "
        f"e-mails received {mails}"
    )
    print(
        f"CPU: server {server_cpu / args.signups * 1000:.1f} ms per sign-up, "
        f"worker {worker_cpu / args.signups * 1000:.1f} ms per e-mail, "
        f"clients + SMTP sink {own_cpu / args.signups * 1000:.1f} ms per sign-up"
    )
    if latencies:
        print(
            f"sign-up to delivery: median {statistics.median(latencies):.2f}s, "
            f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.2f}s, max {latencies[-1]:.2f}s; "
            f"all delivered {drained:.1f}s after the first sign-up; "
            f"distinct recipients {len(set(recipients))}, duplicates {mails - len(set(recipients))}"
        )
    if ok != args.signups or confirmed != SEATS or len(set(recipients)) != args.signups:
        print("FAILED: " + ("oversold or undersold" if confirmed != SEATS else "errors"))
        return 1
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())

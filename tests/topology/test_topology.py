"""Two app servers behind nginx on one PostgreSQL and one Redis agree with each other."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from datetime import datetime
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text

from summit.events.models import Event
from summit.exports.models import ExportRendering
from summit.exports.renderings import program_version
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.services import SettingsData
from summit.registration.services import save_settings
from tests.export_factories import make_session
from tests.factories import PASSWORD
from tests.factories import make_event
from tests.factories import make_organizer
from tests.smtp_sink import SmtpSink
from tests.smtp_sink import private_link
from tests.topology.client import Browser
from tests.topology.client import read_forms
from tests.topology.support import Topology
from tests.topology.support import flush_rate_limits
from tests.topology.support import postgres_bin
from tests.topology.support import served_by
from tests.topology.support import wait_for_mail

OpenBrowser = Callable[..., Browser]
# Midnight UTC a month ahead: sessions at 09:00-12:00 UTC fall on the event's one day.
SOON = datetime.combine(datetime.now(UTC).date() + timedelta(days=30), clock(0), UTC)


def published_event(**overrides: object) -> Event:
    event = make_event(published=True, start_date=SOON.date(), end_date=SOON.date(), **overrides)
    return event


def sign_in(browser: Browser, email: str) -> None:
    reply = browser.submit("/auth/login", {"email": email, "password": PASSWORD})
    assert reply.status == 302, reply.text[:500]


def test_a_sign_up_race_over_both_servers_sells_every_seat_once_and_queues_the_rest(
    topology: Topology, database: Flask, browser: OpenBrowser, smtp: SmtpSink
) -> None:
    event = published_event()
    save_settings(event, SettingsData(is_open=True, capacity=20), now=datetime.now(UTC))
    db.session.commit()
    flush_rate_limits(topology)
    url = f"/events/{event.slug}/register"

    def sign_up(n: int) -> tuple[int, str]:
        visitor = browser(source=f"127.0.1.{n + 1}")  # fifty visitors, each under the limit
        reply = visitor.submit(
            url,
            {"name": f"Racer {n}", "email": f"racer{n}@example.org"},
        )
        return reply.status, served_by(topology, reply.headers["X-Request-ID"])

    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(sign_up, range(50)))
    assert [status for status, _ in results] == [302] * 50
    assert {server for _, server in results} == {"web0", "web1"}

    db.session.expire_all()
    rows = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    confirmed = [r for r in rows if r.status == RegistrationStatus.CONFIRMED]
    waitlisted = sorted(
        (r for r in rows if r.status == RegistrationStatus.WAITLISTED),
        key=lambda r: r.waitlist_number or 0,
    )
    assert len(confirmed) == 20
    assert [r.waitlist_number for r in waitlisted] == list(range(1, 31))

    # A confirmed attendee cancels through their link: the first in line gets the seat.
    leaving = confirmed[0]
    mail = wait_for_mail(smtp, lambda m: m["To"] == leaving.email)
    link = private_link(mail)
    path = link[link.index("/events/") :]
    visitor = browser()
    reply = visitor.submit(path + "cancel", {})
    assert reply.status == 302, reply.text[:300]
    db.session.expire_all()
    first = db.session.get(Registration, waitlisted[0].id)
    second = db.session.get(Registration, waitlisted[1].id)
    assert first is not None and first.status == RegistrationStatus.CONFIRMED
    assert second is not None and second.status == RegistrationStatus.WAITLISTED


def test_a_change_made_through_one_server_is_on_the_other_servers_pages_and_feeds_at_once(
    topology: Topology, database: Flask, browser: OpenBrowser
) -> None:
    organizer = make_organizer()
    event = published_event(organizer=organizer)
    session = make_session(event, SOON + timedelta(hours=10), title="Sleep before exams")
    event_id, session_id, slug = event.id, session.id, event.slug
    public_id = session.public_id
    pages = [
        f"/events/{slug}/schedule/",
        f"/events/{slug}/sessions/{public_id}/",
        f"/events/{slug}/schedule.json",
        f"/events/{slug}/schedule.xml",
        f"/events/{slug}/schedule.ics",
    ]
    for index in range(topology.app_servers):  # every process's caches warm and old
        for _ in range(3):
            for page in pages:
                assert "Sleep before exams" in browser(index).get(page).text

    organizer_browser = browser()
    sign_in(organizer_browser, organizer.email)
    reply = organizer_browser.submit(
        f"/manage/events/{event_id}/sessions/{session_id}/edit",
        {"title": "Sleep after exams"},
    )
    assert reply.status == 302, re.findall(
        r'(?s)class="(?:form-errors|error)[^>]*>(.*?)</', reply.text
    )
    changed_on = served_by(topology, reply.headers["X-Request-ID"])
    other = 1 - int(changed_on[-1])
    for page in pages:
        seen = browser(other).get(page)
        assert seen.status == 200
        assert "Sleep after exams" in seen.text, page
        assert "Sleep before exams" not in seen.text, page
    for page in pages:  # and through nginx, whichever server answers
        assert "Sleep after exams" in browser().get(page).text


def test_a_sign_in_on_one_server_is_valid_on_the_other(
    topology: Topology, database: Flask, browser: OpenBrowser
) -> None:
    flush_rate_limits(topology)
    organizer = make_organizer()
    visitor = browser()
    sign_in(visitor, organizer.email)
    servers = set()
    for _ in range(8):
        reply = visitor.get("/manage/")
        assert reply.status == 200
        assert 'action="/auth/logout"' in reply.text
        servers.add(served_by(topology, reply.headers["X-Request-ID"]))
    assert servers == {"web0", "web1"}
    anonymous = browser().get("/manage/")
    assert anonymous.status == 302 and "/auth/login" in anonymous.headers["Location"]


def test_rate_limits_count_the_attempts_made_on_both_servers(
    topology: Topology, database: Flask, browser: OpenBrowser
) -> None:
    flush_rate_limits(topology)
    visitor = browser()
    statuses, servers = [], set()
    for n in range(12):
        # A new account each time: only the per-address limit counts (not the per-account one).
        reply = visitor.submit(
            "/auth/login", {"email": f"x{n}@example.org", "password": "wrong pw"}
        )
        statuses.append(reply.status)
        servers.add(served_by(topology, reply.headers["X-Request-ID"]))
    assert statuses == [200] * 10 + [429] * 2  # "10 per minute", whichever server counted
    assert servers == {"web0", "web1"}
    # The per-account limit is shared by both servers too: 5 per minute from any address.
    flush_rate_limits(topology)
    attempts = [
        browser(source=f"127.0.2.{n + 1}")
        .submit("/auth/login", {"email": "target@example.org", "password": "wrong pw"})
        .status
        for n in range(7)
    ]
    assert attempts == [200] * 5 + [429] * 2
    # nginx passes the client's address on: another visitor is not limited.
    neighbour = browser(source="127.0.0.9")
    assert neighbour.submit("/auth/login", {"email": "x@example.org"}).status == 200
    flush_rate_limits(topology)


def test_a_rolling_restart_of_one_app_server_loses_no_request(
    topology: Topology, database: Flask, browser: OpenBrowser
) -> None:
    event = published_event()
    make_session(event, SOON + timedelta(hours=9))
    paths = [f"/events/{event.slug}/", f"/events/{event.slug}/schedule/"]
    statuses: list[int] = []
    stop = threading.Event()

    def visit() -> None:
        visitor = browser()
        n = 0
        while not stop.is_set():
            statuses.append(visitor.get(paths[n % 2]).status)
            n += 1

    visitors = [threading.Thread(target=visit) for _ in range(4)]
    for thread in visitors:
        thread.start()
    try:
        time.sleep(0.5)
        before = len(statuses)
        for name in ("web0", "web1"):  # one after the other, as docs/deploy.md says
            topology.restart(name)
            topology.wait_for_app_server(int(name[-1]))
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in visitors:
            thread.join(30)
    assert len(statuses) - before > 20
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}


def test_two_hundred_visitors_right_after_a_change_ask_for_one_rendering(
    topology: Topology, database: Flask, browser: OpenBrowser
) -> None:
    event = published_event()
    session = make_session(event, SOON + timedelta(hours=11))
    session.title = "Changed just now"
    session.updated_at = datetime.now(UTC)
    db.session.commit()
    version = program_version(event.id)
    url = f"/events/{event.slug}/program.pdf"
    visitors = [browser(n % 3) if n % 3 < 2 else browser() for n in range(200)]
    with ThreadPoolExecutor(32) as pool:
        statuses = list(pool.map(lambda v: v.get(url).status, visitors))
    assert set(statuses) <= {200, 503}
    db.session.expire_all()
    count = db.session.scalar(
        select(func.count())
        .select_from(ExportRendering)
        .where(ExportRendering.event_id == event.id, ExportRendering.version == version)
    )
    assert count == 1


def test_a_ticket_asked_on_one_server_is_rendered_by_a_worker_and_served_by_the_other(
    topology: Topology, database: Flask, browser: OpenBrowser, smtp: SmtpSink
) -> None:
    """The check-in code travels sealed from an app server to a worker process and back:
    every process of the topology shares one SUMMIT_SECRET_KEY."""
    event = published_event()
    save_settings(event, SettingsData(is_open=True, capacity=5), now=datetime.now(UTC))
    db.session.commit()
    flush_rate_limits(topology)
    reply = browser(source="127.0.2.1").submit(
        f"/events/{event.slug}/register", {"name": "Salma Idrissi", "email": "salma@example.org"}
    )
    assert reply.status == 302, reply.text[:300]
    link = private_link(wait_for_mail(smtp, lambda m: m["To"] == "salma@example.org"))
    ticket = link[link.index("/events/") :] + "ticket.pdf"
    first = browser(0).get(ticket)
    assert first.status in {200, 503}  # the page view may have asked ahead
    deadline = time.monotonic() + 60
    served = browser(1).get(ticket)
    while served.status == 503 and time.monotonic() < deadline:
        time.sleep(0.5)
        served = browser(1).get(ticket)
    assert served.status == 200 and served.body.startswith(b"%PDF")
    db.session.expire_all()
    (rendering,) = db.session.scalars(
        select(ExportRendering).where(ExportRendering.event_id == event.id)
    )
    assert rendering.error == "" and rendering.sealed_secret is None


def test_nginx_serves_tls_static_files_and_exports_and_hides_metrics(
    topology: Topology, database: Flask, browser: OpenBrowser
) -> None:
    visitor = browser()
    plain = Browser(topology.describe()["SUMMIT_TOPOLOGY_HTTP_URL"]).get("/events/")
    assert plain.status == 301 and plain.headers["Location"] == f"{topology.base_url}/events/"
    reply = visitor.get("/")
    assert reply.headers["Strict-Transport-Security"].startswith("max-age=")
    css = visitor.get("/static/style.css")
    assert css.status == 200
    assert css.headers["Cache-Control"] == "public, max-age=86400"
    event = published_event()
    make_session(event, SOON + timedelta(hours=12))
    feed = f"/events/{event.slug}/schedule.json"
    first, second = visitor.get(feed), visitor.get(feed)
    assert first.headers["X-Cache-Status"] == "MISS"
    assert second.headers["X-Cache-Status"] in {"HIT", "REVALIDATED"}
    assert first.body == second.body
    assert visitor.get("/metrics").status == 404
    too_big = visitor.post("/auth/login", b"x" * (5 * 1024 * 1024))
    assert too_big.status == 413
    token = topology.describe()["SUMMIT_TOPOLOGY_METRICS_TOKEN"]
    # nginx balances over both app servers: read the metrics of the one that served "/".
    home_server = int(served_by(topology, reply.headers["X-Request-ID"]).removeprefix("web"))
    metrics = browser(home_server).get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert metrics.status == 200
    assert re.search(r'summit_http_request_duration_seconds_count\{[^}]*url_rule="/"', metrics.text)
    assert "summit_outbox_messages" in metrics.text
    assert browser(0).get("/metrics").status == 401


def test_healthz_through_nginx_reports_the_database(
    topology: Topology, browser: OpenBrowser
) -> None:
    reply = browser().get("/healthz")
    assert reply.headers["Content-Type"] == "application/json"
    assert '"database":"ok"' in reply.text.replace(" ", "")
    assert reply.status == (200 if topology.workers else 503)


def test_forms_are_read_back_as_a_browser_would_submit_them() -> None:
    html = (
        '<form action="/x"><input name="a" value="1"><input type="checkbox" name="b">'
        '<select name="c"><option value="">-</option><option value="fr" selected>fr</option>'
        '<option value="en">en</option></select><textarea name="d">hi</textarea></form>'
    )
    assert read_forms(html) == [("/x", {"a": "1", "c": "fr", "d": "hi"})]


def test_a_pg_dump_of_the_running_database_restores_every_row(
    topology: Topology, database: Flask, tmp_path: Path
) -> None:
    published_event()  # at least one row of our own, whatever ran before
    bindir = postgres_bin()
    server = ["-h", "127.0.0.1", "-p", str(topology.ports["postgres"]), "-U", "postgres"]
    dump = tmp_path / "summit.dump"
    subprocess.run(
        [bindir / "pg_dump", *server, "--format=custom", f"--file={dump}", "summit"], check=True
    )
    subprocess.run([bindir / "createdb", *server, "summit_restored"], check=True)
    subprocess.run(
        [bindir / "pg_restore", *server, "--no-owner", "--dbname=summit_restored", dump],
        check=True,
    )
    original = create_engine(topology.database_url.replace("postgresql:", "postgresql+psycopg:"))
    restored = create_engine(original.url.set(database="summit_restored"))
    try:
        tables = inspect(original).get_table_names()
        assert "events" in tables and "registrations" in tables
        counts = {}
        for engine in (original, restored):
            with engine.connect() as connection:
                counts[engine.url.database] = {
                    table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
                    for table in tables
                }
        assert counts["summit_restored"] == counts["summit"]
        assert counts["summit"]["events"] >= 1
    finally:
        original.dispose()
        restored.dispose()
        subprocess.run([bindir / "dropdb", *server, "summit_restored"], check=True)

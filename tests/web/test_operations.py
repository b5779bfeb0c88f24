"""/healthz, the request log and /metrics."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import OperationalError

from summit.db import utcnow
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.extensions import db
from summit.ops.heartbeat import beat
from summit.ops.logs import json_handler
from summit.outbox.models import OutboxMessage
from tests.factories import NOW
from tests.factories import make_event


def test_healthz_is_ok_with_a_database_and_a_recent_worker_heartbeat(
    app: Flask, client: FlaskClient
) -> None:
    beat("host:1", now=utcnow() - timedelta(seconds=5))
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"
    assert 4 <= response.json["worker_heartbeat_age_seconds"] < 60
    assert "no-store" in response.headers["Cache-Control"]


def test_healthz_fails_when_no_worker_ever_beat_or_the_last_beat_is_old(
    app: Flask, client: FlaskClient
) -> None:
    assert client.get("/healthz").json == {
        "status": "failing",
        "database": "ok",
        "worker": "never seen",
    }
    beat("host:1", now=utcnow() - timedelta(seconds=app.config["HEALTH_WORKER_MAX_AGE"] + 5))
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json is not None and response.json["worker"] == "stale"


def test_healthz_fails_without_details_when_the_database_is_unreachable(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused to 10.0.0.5"))

    monkeypatch.setattr(db.session, "execute", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "failing", "database": "unreachable", "worker": "unknown"}


def test_a_beat_keeps_one_row_per_worker_and_forgets_workers_gone_for_a_day(app: Flask) -> None:
    from summit.ops.models import WorkerHeartbeat

    beat("old:1", now=NOW - timedelta(days=2))
    beat("w:1", now=NOW - timedelta(minutes=1))
    beat("w:1", now=NOW)
    db.session.commit()
    rows = {row.name: row for row in db.session.query(WorkerHeartbeat)}
    assert set(rows) == {"w:1"}
    assert rows["w:1"].beat_at == NOW and rows["w:1"].started_at == NOW - timedelta(minutes=1)


def test_each_request_logs_one_line_with_its_route_and_no_token_or_query(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    event = make_event(published=True)
    caplog.set_level(logging.INFO, logger="summit.requests")
    client.get(
        f"/events/{event.slug}/my/secret-token-123/?email=ada@example.org",
        headers={"X-Request-ID": "0123456789abcdef0123456789abcdef"},
    )
    [record] = [r for r in caplog.records if r.name == "summit.requests"]
    line = json_handler().format(record)
    fields = json.loads(line)
    assert fields["route"] == "/events/<slug>/my/<token>/"
    assert fields["event"] == event.slug
    assert fields["status"] == 404
    assert fields["method"] == "GET"
    assert fields["duration_ms"] >= 0
    assert fields["request_id"] == "0123456789abcdef0123456789abcdef"
    assert fields["level"] == "INFO" and "timestamp" in fields
    assert "secret-token-123" not in line and "ada@example.org" not in line


def test_a_request_id_that_is_not_one_is_replaced(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="summit.requests")
    response = client.get("/", headers={"X-Request-ID": "<script>alert(1)</script>"})
    [record] = [r for r in caplog.records if r.name == "summit.requests"]
    assert len(response.headers["X-Request-ID"]) == 32
    assert record.request_id == response.headers["X-Request-ID"]  # type: ignore[attr-defined]


@pytest.fixture
def metrics_app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(METRICS_TOKEN="scrape-me")


def test_metrics_need_the_configured_token(
    make_app: Callable[..., Flask], metrics_app: Flask
) -> None:
    client = metrics_app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    unconfigured = make_app()
    assert unconfigured.test_client().get("/metrics").status_code == 404


def test_metrics_show_request_latency_by_rule_and_the_queues(metrics_app: Flask) -> None:
    client = metrics_app.test_client()
    with metrics_app.app_context():
        event = make_event(published=True)
        db.session.add(
            OutboxMessage(
                event_id=event.id,
                kind="confirmed",
                recipient="a@example.org",
                subject="s",
                body=b"x",
                not_before=utcnow() - timedelta(seconds=90),
                created_at=utcnow() - timedelta(seconds=90),
            )
        )
        db.session.add(
            ExportRendering(
                event_id=event.id,
                kind="program.pdf",
                version="v1",
                status=RenderingStatus.DONE,
                requested_at=NOW,
                seconds=2.5,
            )
        )
        db.session.commit()
        slug = event.slug
    client.get(f"/events/{slug}/my/some-token/")
    text = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).get_data(
        as_text=True
    )
    assert (
        'summit_http_request_duration_seconds_count{method="GET",status="404",url_rule="/events/<slug>/my/<token>/"} 1.0'
        in text
    )
    assert "some-token" not in text
    assert 'summit_outbox_messages{status="queued"} 1.0' in text
    age = next(
        float(line.split()[-1])
        for line in text.splitlines()
        if line.startswith("summit_outbox_oldest_due_age_seconds ")
    )
    assert 85 <= age < 200
    assert 'summit_renderings{kind="program.pdf",status="done"} 1.0' in text
    assert 'summit_rendering_seconds_total{kind="program.pdf"} 2.5' in text


def test_a_request_refused_by_the_csrf_check_is_logged_too(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    caplog.set_level(logging.INFO, logger="summit.requests")
    response = app.test_client().post("/auth/login", data={"email": "a@example.org"})
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "summit.requests"]
    assert record.status == 400  # type: ignore[attr-defined]
    assert response.headers["X-Request-ID"] == record.request_id  # type: ignore[attr-defined]

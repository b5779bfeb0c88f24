"""Prometheus metrics at ``/metrics``, for a scraper holding ``SUMMIT_METRICS_TOKEN``.

prometheus-flask-exporter times every request by URL rule (never by path, which may hold
a token). Under gunicorn the workers of one app server share their counters through
``PROMETHEUS_MULTIPROC_DIR`` (set by the systemd unit; gunicorn.conf.py keeps it clean).
The outbox and the renderings are read from the database at scrape time, so every app
server reports the same queue whichever process did the work.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from collections.abc import Iterator
from datetime import datetime
from functools import wraps
from typing import Any

from flask import Flask
from flask import abort
from flask import current_app
from flask import request
from prometheus_client import CollectorRegistry
from prometheus_client import generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from prometheus_flask_exporter import PrometheusMetrics
from sqlalchemy import func
from sqlalchemy import select

from summit.db import utcnow
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.extensions import db
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus


def _age(now: datetime, since: datetime | None) -> float:
    return 0.0 if since is None else max(0.0, (now - since).total_seconds())


class QueueCollector(Collector):
    """Outbox and rendering queues, counted in the database when scraped."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = utcnow()
        outbox = GaugeMetricFamily(
            "summit_outbox_messages", "Outbox messages by status", labels=["status"]
        )
        counts = dict(
            db.session.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            ).all()
        )
        for status in OutboxStatus:
            outbox.add_metric([status.value], counts.get(status, 0))
        yield outbox
        oldest_due = db.session.execute(
            select(func.min(OutboxMessage.not_before)).where(
                OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.not_before <= now
            )
        ).scalar()
        yield GaugeMetricFamily(
            "summit_outbox_oldest_due_age_seconds",
            "How long the oldest due, unsent message has waited (0 when none)",
            value=_age(now, oldest_due),
        )
        renderings = GaugeMetricFamily(
            "summit_renderings", "Export renderings by kind and status", labels=["kind", "status"]
        )
        seconds = GaugeMetricFamily(
            "summit_rendering_seconds_total",
            "Time spent in finished renderings, by kind",
            labels=["kind"],
        )
        rows = db.session.execute(
            select(
                ExportRendering.kind,
                ExportRendering.status,
                func.count(),
                func.coalesce(func.sum(ExportRendering.seconds), 0.0),
            ).group_by(ExportRendering.kind, ExportRendering.status)
        ).all()
        spent: dict[str, float] = {}
        for kind, rendering_status, count, total in rows:
            renderings.add_metric([kind, rendering_status.value], count)
            spent[kind] = spent.get(kind, 0.0) + float(total or 0.0)
        for kind, total in spent.items():
            seconds.add_metric([kind], total)
        yield renderings
        yield seconds
        oldest_waiting = db.session.execute(
            select(func.min(ExportRendering.requested_at)).where(
                ExportRendering.status == RenderingStatus.WAITING
            )
        ).scalar()
        yield GaugeMetricFamily(
            "summit_rendering_oldest_waiting_age_seconds",
            "How long the oldest requested rendering has waited (0 when none)",
            value=_age(now, oldest_waiting),
        )


def protected(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only a scraper with the bearer token sees the metrics; without a configured token
    the endpoint does not exist (404), so a forgotten setting exposes nothing."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = current_app.config.get("METRICS_TOKEN") or ""
        if not token:
            abort(404)
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.encode(), token.encode()):
            abort(401)
        body, status, headers = view(*args, **kwargs)
        queues = CollectorRegistry(auto_describe=False)
        queues.register(QueueCollector())
        return body + generate_latest(queues).decode(), status, headers

    return wrapper


def register(app: Flask) -> None:
    metrics = PrometheusMetrics.for_app_factory(
        path="/metrics",
        registry=CollectorRegistry(),  # one per app: tests build many apps in one process
        defaults_prefix="summit",
        group_by="url_rule",
        excluded_paths=[r"^/metrics$", r"^/static/"],
        metrics_decorator=protected,
    )
    metrics.init_app(app)

"""``/healthz`` for load balancers and monitors: the database answers and a worker is alive.

The answer is JSON and names no host, path or error text, since it is public: a failing
check says which part failed; the logs say why.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import Blueprint
from flask import current_app
from flask import jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.extensions import db
from summit.ops.heartbeat import latest_beat

bp = Blueprint("ops", __name__)
log = logging.getLogger(__name__)


def health(*, now: datetime, worker_max_age: float) -> tuple[bool, dict[str, Any]]:
    """Check the database and the workers' heartbeats.

    :returns: whether all is well, and the JSON-ready details.
    """
    try:
        db.session.execute(text("SELECT 1"))
        beat = latest_beat()
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        db.session.rollback()
        return False, {"database": "unreachable", "worker": "unknown"}
    if beat is None:
        return False, {"database": "ok", "worker": "never seen"}
    age = max(0.0, (now - beat).total_seconds())
    worker_ok = age <= worker_max_age
    details = {
        "database": "ok",
        "worker": "ok" if worker_ok else "stale",
        "worker_heartbeat_age_seconds": round(age, 1),
    }
    return worker_ok, details


@bp.get("/healthz")
def healthz() -> Response:
    ok, details = health(
        now=utcnow(), worker_max_age=float(current_app.config["HEALTH_WORKER_MAX_AGE"])
    )
    response = jsonify(status="ok" if ok else "failing", **details)
    response.status_code = 200 if ok else 503
    response.cache_control.no_store = True
    return response

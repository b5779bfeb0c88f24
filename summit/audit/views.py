"""The access log for owners: read on a page, or exported as CSV."""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import render_template

from summit.audit.labels import ACTION_LABELS
from summit.audit.services import event_log
from summit.audit.services import log_csv
from summit.events.access import requires
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.teams.labels import role_label

bp = Blueprint("manage_audit", __name__)

PAGE_ROWS = 500


@bp.get("/events/<int:event_id>/access-log/")
@requires(Permission.READ_ACCESS_LOG)
def access_log(event: Event) -> str:
    return render_template(
        "audit/access_log.html",
        event=event,
        entries=event_log(event.id, limit=PAGE_ROWS),
        limit=PAGE_ROWS,
        role_label=role_label,
        action_labels=ACTION_LABELS,
    )


@bp.get("/events/<int:event_id>/access-log.csv")
@requires(Permission.READ_ACCESS_LOG)
def access_log_csv(event: Event) -> Response:
    response = Response(log_csv(event_log(event.id)), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="access-log-{event.slug}.csv"'
    response.headers["Cache-Control"] = "no-store, private"
    return response

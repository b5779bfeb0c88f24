"""Organizer pages of feedback: results per session above the threshold, and CSV."""

from __future__ import annotations

import csv
import io

from flask import Blueprint
from flask import Response
from flask import render_template
from sqlalchemy import select

from summit.events.access import requires
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.feedback.services import MIN_ANSWERS
from summit.feedback.services import export_rows
from summit.feedback.services import summaries
from summit.schedule.models import Session

bp = Blueprint("manage_feedback", __name__)


def _sessions(event: Event) -> list[Session]:
    return list(
        db.session.scalars(
            select(Session)
            .where(Session.event_id == event.id, Session.starts_at.is_not(None))
            .order_by(Session.starts_at, Session.id)
        )
    )


@bp.get("/events/<int:event_id>/feedback/")
@requires(Permission.VIEW_EVENT)
def feedback(event: Event) -> str:
    items = summaries(event, _sessions(event))
    return render_template(
        "feedback/manage.html",
        event=event,
        overall=items[0],
        items=items[1:],
        threshold=MIN_ANSWERS,
    )


def _cell(value: str) -> str:
    # A leading = + - @ would run as a formula in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.get("/events/<int:event_id>/feedback/export.csv")
@requires(Permission.VIEW_EVENT)
def export(event: Event) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["session", "rating", "worked", "improve", "content_note", "content_note_comment"]
    )
    for row in export_rows(event):
        writer.writerow([_cell(value) for value in row])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="feedback-{event.slug}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response

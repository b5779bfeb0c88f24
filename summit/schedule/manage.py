"""Organizer pages for the schedule: sessions, roles, the agenda builder, problems."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint
from flask import flash
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from summit.confirm import asks
from summit.confirm import impacts
from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.forms import show_domain_error
from summit.schedule.builder import COMPACT_UNITS
from summit.schedule.builder import BuilderView
from summit.schedule.builder import agenda_grid
from summit.schedule.builder import parse_view
from summit.schedule.conflicts import find_conflicts
from summit.schedule.forms import MoveSessionForm
from summit.schedule.forms import RoleForm
from summit.schedule.forms import SessionForm
from summit.schedule.manage_panel import session_page
from summit.schedule.models import Session
from summit.schedule.models import SpeakerRole
from summit.schedule.queries import event_speakers
from summit.schedule.rows import load_session_rows
from summit.schedule.services import ScheduleError
from summit.schedule.services import add_role
from summit.schedule.services import delete_session
from summit.schedule.services import move_session
from summit.schedule.services import remove_role
from summit.schedule.services import save_session
from summit.schedule.viewmodels import ViewBuilder

bp = Blueprint("manage_schedule", __name__)


def _locale() -> str:
    return str(get_locale() or "en")


@bp.get("/events/<int:event_id>/sessions/")
@requires(Permission.EDIT_CONTENT)
def sessions(event: Event) -> str:
    rows = load_session_rows(event, with_availability=True)
    conflicts = find_conflicts(rows)
    build = ViewBuilder(event, _locale(), originals=True)
    views = [build.session(row, conflicts.get(row.id)) for row in rows]
    return render_template("schedule/manage_sessions.html", event=event, views=views)


@bp.route("/events/<int:event_id>/sessions/new", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
def new_session(event: Event) -> Response | str:
    form = SessionForm(event)
    if form.validate_on_submit():
        try:
            session = save_session(event, form.to_data(), actor=current_user, now=utcnow())
        except ScheduleError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Session saved."), "success")
            return redirect(url_for(".session", event_id=event.id, session_id=session.id))
    return render_template("schedule/session_form.html", event=event, form=form, editing=None)


@bp.get("/events/<int:event_id>/sessions/<int:session_id>/")
@requires(Permission.EDIT_CONTENT)
def session(event: Event, session_id: int) -> tuple[str, int]:
    return session_page(event, child_or_404(Session, event, session_id))


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
@asks(impacts.cancel_session)
def edit_session(event: Event, session_id: int) -> Response | str:
    session = child_or_404(Session, event, session_id)
    form = SessionForm(event)
    if request.method == "GET":
        form.load(event, session)
    elif form.validate_on_submit():
        try:
            save_session(event, form.to_data(), session, actor=current_user, now=utcnow())
        except ScheduleError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Session saved."), "success")
            return redirect(url_for(".session", event_id=event.id, session_id=session.id))
    return render_template("schedule/session_form.html", event=event, form=form, editing=session)


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/delete")
@requires(Permission.EDIT_CONTENT)
@asks(impacts.delete_session)
def delete_session_view(event: Event, session_id: int) -> Response:
    session = child_or_404(Session, event, session_id)
    if ConfirmForm().validate_on_submit():
        delete_session(event, session, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("Session deleted."), "success")
        return redirect(url_for(".sessions", event_id=event.id))
    flash(_("The form expired. Reload the page and try again."), "error")
    return redirect(url_for(".session", event_id=event.id, session_id=session.id))


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/roles")
@requires(Permission.EDIT_CONTENT)
def add_role_view(event: Event, session_id: int) -> Response | tuple[str, int]:
    session = child_or_404(Session, event, session_id)
    form = RoleForm(event_speakers(event))
    if form.validate_on_submit():
        try:
            add_role(
                event,
                session,
                int(form.speaker_id.data or 0),
                SpeakerRole(form.role.data),
                form.position.data,
                actor=current_user,
                now=utcnow(),
            )
        except ScheduleError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Speaker added to the session."), "success")
            return redirect(url_for(".session", event_id=event.id, session_id=session.id))
    for errors in form.errors.values():
        flash(" ".join(map(str, errors)), "error")
    return session_page(event, session)


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/roles/<int:role_id>/delete")
@requires(Permission.EDIT_CONTENT)
@asks(impacts.remove_role)
def remove_role_view(event: Event, session_id: int, role_id: int) -> Response:
    session = child_or_404(Session, event, session_id)
    if ConfirmForm().validate_on_submit():
        try:
            remove_role(event, session, role_id, actor=current_user, now=utcnow())
        except ScheduleError:
            db.session.rollback()
            return Response(status=404)
        db.session.commit()
        flash(_("Speaker removed from the session."), "success")
    return redirect(url_for(".session", event_id=event.id, session_id=session.id))


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/move")
@requires(Permission.EDIT_CONTENT)
def move(event: Event, session_id: int) -> Response | tuple[Response, int]:
    """Move a session; answers JSON (the redrawn board) to the builder's script, else
    redirects, so the same rules apply with and without JavaScript."""
    session = child_or_404(Session, event, session_id)
    form = MoveSessionForm(event)
    wants_json = request.accept_mimetypes.best == "application/json"
    back = request.form.get("back") == "session"
    view = parse_view(event, request.args.get("day"), request.args.get("room"))
    target = (
        url_for(".session", event_id=event.id, session_id=session.id)
        if back
        else url_for(".agenda", event_id=event.id, **view.query) + f"#s{session.id}"
    )
    if not form.validate_on_submit():
        errors = [e for errs in form.errors.values() for e in errs]
        message = _("Not moved: %(errors)s", errors=" ".join(map(str, errors)))
        return _moved(event, view, wants_json, target, message, ok=False)
    try:
        move_session(event, session, form.slot(), actor=current_user, now=utcnow())
    except ScheduleError as error:
        db.session.rollback()
        message = _("Not moved: %(error)s", error=str(error.message))
        return _moved(event, view, wants_json, target, message, ok=False)
    db.session.commit()  # the move's notices were queued by the pipeline, in the same commit
    message = _("“%(title)s” moved.", title=session.title)
    return _moved(event, view, wants_json, target, message, ok=True)


def _moved(
    event: Event, view: BuilderView, wants_json: bool, target: str, message: str, ok: bool
) -> Response | tuple[Response, int]:
    if not wants_json:
        flash(message, "success" if ok else "error")
        return redirect(target)
    context = _builder_context(event, view)
    board = render_template("schedule/_builder_board.html", **context)
    grid = context["grid"]
    body = jsonify(
        ok=ok,
        message=message,
        board=board,
        problems=grid.problem_count,
        problems_text=_("%(n)d warnings", n=grid.problem_count),
    )
    return body, 200 if ok else 422


@bp.get("/events/<int:event_id>/agenda/")
@requires(Permission.EDIT_CONTENT)
def agenda(event: Event) -> str:
    view = parse_view(event, request.args.get("day"), request.args.get("room"))
    return render_template("schedule/agenda_builder.html", **_builder_context(event, view))


def _builder_context(event: Event, view: BuilderView) -> dict[str, Any]:
    rows = load_session_rows(event, with_availability=True)
    conflicts = find_conflicts(rows)
    query = urlencode(view.query)
    return {
        "event": event,
        "grid": agenda_grid(event, rows, conflicts, _locale(), view),
        "token": generate_csrf(),
        "base": url_for(".sessions", event_id=event.id),
        "query": f"?{query}" if query else "",
        "room_options": room_options(event),
        "compact_units": COMPACT_UNITS,
        "t_move": _("Move"),
        "t_grab": _("Reschedule with the keyboard:"),
        "t_day": _("Day"),
        "t_start": _("Start"),
        "t_end": _("End"),
        "t_room": _("Room"),
        "t_no_room": _("No room"),
        "t_cancelled": _("Cancelled"),
        "t_warnings": _("Warnings"),
        "t_unscheduled": _("Not scheduled"),
        "t_all_timed": _("Every session has a time."),
    }


def room_options(event: Event) -> dict[int | None, Markup]:
    """The room <option>s once per room to preselect, instead of once per session."""
    choices: list[tuple[int | None, str]] = [(None, _("No room yet"))]
    choices += [(room.id, room.name) for room in event.rooms]
    return {
        selected: Markup("").join(
            Markup('<option value="{}"{}>{}</option>').format(
                "" if value is None else value,
                Markup(" selected") if value == selected else "",
                label,
            )
            for value, label in choices
        )
        for selected, _label in choices
    }


@bp.get("/events/<int:event_id>/problems")
@requires(Permission.EDIT_CONTENT)
def problems(event: Event) -> str:
    rows = load_session_rows(event, with_availability=True)
    conflicts = find_conflicts(rows)
    listed = [(s, [str(c.message) for c in conflicts[s.id]]) for s in rows if s.id in conflicts]
    return render_template("schedule/problems.html", event=event, listed=listed)

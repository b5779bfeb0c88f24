"""Organizer pages for the schedule: sessions, roles, the agenda builder, problems."""

from __future__ import annotations

from flask import Blueprint
from flask import flash
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

from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.forms import show_domain_error
from summit.schedule.conflicts import find_conflicts
from summit.schedule.forms import MoveSessionForm
from summit.schedule.forms import RoleForm
from summit.schedule.forms import SessionForm
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
from summit.schedule.viewmodels import agenda_grid

bp = Blueprint("manage_schedule", __name__)


def _locale() -> str:
    return str(get_locale() or "en")


@bp.get("/events/<int:event_id>/sessions/")
@requires(Permission.EDIT_CONTENT)
def sessions(event: Event) -> str:
    rows = load_session_rows(event, with_availability=True)
    conflicts = find_conflicts(rows)
    build = ViewBuilder(event, _locale())
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
def session(event: Event, session_id: int) -> str:
    return _session_page(event, child_or_404(Session, event, session_id))


def _session_page(event: Event, session: Session, role_form: RoleForm | None = None) -> str:
    rows = load_session_rows(event, with_availability=True)
    conflicts = find_conflicts(rows)
    row = next(r for r in rows if r.id == session.id)
    speakers = event_speakers(event)
    if role_form is None:
        role_form = RoleForm(speakers, formdata=None)
        role_form.role.data = SpeakerRole.PANELIST.value
    view = ViewBuilder(event, _locale()).session(row, conflicts.get(session.id))
    return render_template(
        "schedule/manage_session.html",
        event=event,
        session=session,
        view=view,
        role_form=role_form,
        confirm=ConfirmForm(),
    )


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
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
def add_role_view(event: Event, session_id: int) -> Response | str:
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
    return _session_page(event, session, form)


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/roles/<int:role_id>/delete")
@requires(Permission.EDIT_CONTENT)
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
def move(event: Event, session_id: int) -> Response:
    session = child_or_404(Session, event, session_id)
    form = MoveSessionForm(event)
    back = request.form.get("back") == "session"
    target = (
        url_for(".session", event_id=event.id, session_id=session.id)
        if back
        else url_for(".agenda", event_id=event.id) + f"#s{session.id}"
    )
    if not form.validate_on_submit():
        errors = [e for errs in form.errors.values() for e in errs]
        flash(_("Not moved: %(errors)s", errors=" ".join(map(str, errors))), "error")
        return redirect(target)
    try:
        move_session(event, session, form.slot(), actor=current_user, now=utcnow())
    except ScheduleError as error:
        db.session.rollback()
        flash(_("Not moved: %(error)s", error=str(error.message)), "error")
        return redirect(target)
    db.session.commit()
    flash(_("“%(title)s” moved.", title=session.title), "success")
    return redirect(target)


@bp.get("/events/<int:event_id>/agenda/")
@requires(Permission.EDIT_CONTENT)
def agenda(event: Event) -> str:
    rows = load_session_rows(event, with_availability=True)
    conflicts = find_conflicts(rows)
    grid = agenda_grid(event, rows, conflicts, _locale())
    return render_template(
        "schedule/agenda_builder.html",
        event=event,
        grid=grid,
        token=generate_csrf(),
        base=url_for(".sessions", event_id=event.id),
        room_options=room_options(event),
        t_move=_("Move"),
        t_day=_("Day"),
        t_start=_("Start"),
        t_end=_("End"),
        t_room=_("Room"),
        t_no_room=_("No room"),
        t_cancelled=_("Cancelled"),
        t_warnings=_("Warnings"),
    )


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

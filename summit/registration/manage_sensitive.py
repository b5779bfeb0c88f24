"""Organizer pages that show sensitive answers: only with the permission, always logged."""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import render_template
from werkzeug.wrappers import Response as BaseResponse

from summit.audit.services import Actor
from summit.db import utcnow
from summit.events.access import current_membership
from summit.events.access import requires
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.forms import show_domain_error
from summit.registration.errors import RegistrationError
from summit.registration.forms import SensitiveExportForm
from summit.registration.sensitive import record_view
from summit.registration.sensitive import sensitive_export
from summit.registration.sensitive import sensitive_fields
from summit.registration.sensitive import with_answers
from summit.registration.services import get_settings

bp = Blueprint("registration_sensitive", __name__)


@bp.get("/events/<int:event_id>/registrations/answers/")
@requires(Permission.SENSITIVE_ANSWERS)
def answers(event: Event) -> str:
    settings = get_settings(event)
    rows = with_answers(event, settings)
    record_view(event, rows, actor=Actor.member(current_membership()), now=utcnow())
    db.session.commit()
    return render_template(
        "registration/manage/answers.html",
        event=event,
        rows=rows,
        fields=sensitive_fields(settings),
        form=SensitiveExportForm(),
    )


@bp.post("/events/<int:event_id>/registrations/answers.csv")
@requires(Permission.SENSITIVE_ANSWERS)
def export_answers(event: Event) -> BaseResponse | tuple[str, int]:
    form = SensitiveExportForm()
    if not form.validate_on_submit():
        return render_template(
            "registration/manage/answers_export.html", event=event, form=form
        ), 400
    try:
        body = sensitive_export(
            event,
            get_settings(event),
            form.reason.data or "",
            actor=Actor.member(current_membership()),
            now=utcnow(),
        )
    except RegistrationError as error:
        db.session.rollback()
        show_domain_error(form, error)
        return render_template(
            "registration/manage/answers_export.html", event=event, form=form
        ), 400
    db.session.commit()
    response = Response(body, mimetype="text/csv; charset=utf-8")
    name = f"registrations-{event.slug}-sensitive.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store, private"
    return response


@bp.get("/events/<int:event_id>/registrations/answers/export")
@requires(Permission.SENSITIVE_ANSWERS)
def export_form(event: Event) -> str:
    """The reason form on its own page, so exporting does not need a logged view first."""
    return render_template(
        "registration/manage/answers_export.html", event=event, form=SensitiveExportForm()
    )

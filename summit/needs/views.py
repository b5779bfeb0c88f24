"""Access needs: the attendee asks from their page; the organizer answers under /manage/."""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from summit.audit.models import AccessAction
from summit.audit.services import Actor
from summit.audit.services import record
from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import current_membership
from summit.events.access import requires
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.needs.forms import AnswerForm
from summit.needs.forms import RequestForm
from summit.needs.labels import DETAIL_LABELS
from summit.needs.labels import KIND_LABELS
from summit.needs.labels import STATUS_LABELS
from summit.needs.models import AccessRequest
from summit.needs.models import NeedKind
from summit.needs.models import NeedStatus
from summit.needs.services import NeedError
from summit.needs.services import answer_request
from summit.needs.services import event_requests
from summit.needs.services import request_need
from summit.needs.services import requests_of
from summit.registration.access import attendee_or_404
from summit.registration.agenda import choosable_sessions
from summit.registration.models import Registration
from summit.schedule.models import Session

bp = Blueprint("manage_needs", __name__)
public = Blueprint("needs", __name__)


@bp.get("/events/<int:event_id>/access-needs/")
@requires(Permission.SENSITIVE_ANSWERS)
def requests(event: Event) -> str:
    rows = event_requests(event)
    record(
        event.id,
        AccessAction.VIEWED_SENSITIVE,
        actor=Actor.member(current_membership()),
        now=utcnow(),
        subject="access-needs",
        registration_ids=[r.registration_id for r in rows],
    )
    db.session.commit()
    forms = {}
    for row in rows:
        form = AnswerForm(formdata=None, prefix=f"r{row.id}")
        form.status.data = (
            row.status.value if row.status is not NeedStatus.REQUESTED else NeedStatus.ARRANGED
        )
        form.message.data = row.response
        forms[row.id] = form
    return render_template(
        "needs/manage.html",
        event=event,
        rows=rows,
        forms=forms,
        kind_labels=KIND_LABELS,
        status_labels=STATUS_LABELS,
        open_count=sum(1 for r in rows if r.status is NeedStatus.REQUESTED),
    )


@bp.post("/events/<int:event_id>/access-needs/<int:request_id>/answer")
@requires(Permission.SENSITIVE_ANSWERS)
def answer(event: Event, request_id: int) -> Response:
    row = child_or_404(AccessRequest, event, request_id)
    form = AnswerForm(prefix=f"r{row.id}")
    if form.validate_on_submit():
        try:
            answer_request(
                row,
                NeedStatus(form.status.data),
                form.message.data or "",
                actor=Actor.member(current_membership()),
                now=utcnow(),
            )
        except NeedError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("Answer saved and e-mailed to the attendee."), "success")
    else:
        flash(_("Choose an answer from the list."), "error")
    return redirect(url_for(".requests", event_id=event.id) + f"#request-{row.id}")


@public.post("/events/<slug>/my/<token>/needs")
def ask(slug: str, token: str) -> Response:
    event, registration = attendee_or_404(slug, token)
    form = RequestForm(choosable_sessions(event))
    if form.validate_on_submit():
        session = (
            child_or_404(Session, event, int(form.session_id.data))
            if form.session_id.data
            else None
        )
        try:
            request_need(
                registration,
                NeedKind(form.kind.data),
                session=session,
                detail=form.detail.data or "",
                now=utcnow(),
            )
        except NeedError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("Request sent. The organizers will answer it here and by e-mail."), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
    return redirect(url_for("registration.attendee", slug=slug, token=token) + "#needs")


def attendee_context(event: Event, registration: Registration) -> dict[str, object]:
    """What the attendee's page shows about their requests, and the form to ask."""
    return {
        "need_requests": requests_of(registration),
        "need_form": RequestForm(choosable_sessions(event), formdata=None),
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "detail_labels": DETAIL_LABELS,
    }

"""The organizer's view of an event's e-mails: what left, what waits, what failed."""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus
from summit.outbox.services import OutboxError
from summit.outbox.services import resend_message

bp = Blueprint("outbox_manage", __name__)

PAGE_SIZE = 200


@bp.get("/events/<int:event_id>/emails/")
@requires(Permission.MANAGE_REGISTRATIONS)
def messages(event: Event) -> str:
    status = request.args.get("status", "")
    query = select(OutboxMessage).where(OutboxMessage.event_id == event.id)
    if status in {s.value for s in OutboxStatus}:
        query = query.where(OutboxMessage.status == OutboxStatus(status))
    rows = db.session.scalars(
        query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(PAGE_SIZE)
    ).all()
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.event_id == event.id)
            .group_by(OutboxMessage.status)
        ).all()
    )
    return render_template(
        "outbox/manage/messages.html",
        event=event,
        rows=rows,
        counts={s.value: counts.get(s, 0) for s in OutboxStatus},
        status=status,
        page_size=PAGE_SIZE,
        confirm=ConfirmForm(),
    )


@bp.post("/events/<int:event_id>/emails/<int:message_id>/resend")
@requires(Permission.MANAGE_REGISTRATIONS)
def resend(event: Event, message_id: int) -> BaseResponse:
    message = child_or_404(OutboxMessage, event, message_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired. Reload the page and try again."), "error")
    else:
        try:
            resend_message(message, now=utcnow())
        except OutboxError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The message is queued again: we are sending it now."), "success")
    return redirect(url_for(".messages", event_id=event.id))

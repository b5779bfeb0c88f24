"""Organizer pages: compose, preview and send a message to attendees; sent messages."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from summit.confirm import Ask
from summit.confirm import Consequence
from summit.confirm import asks
from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.messages.forms import MessageForm
from summit.messages.models import AttendeeMessage
from summit.messages.services import Draft
from summit.messages.services import MessageError
from summit.messages.services import deliveries
from summit.messages.services import delivery_counts
from summit.messages.services import personal_text
from summit.messages.services import recipients
from summit.messages.services import segment_choices
from summit.messages.services import segment_people
from summit.messages.services import send_message

bp = Blueprint("messages", __name__)


@bp.get("/events/<int:event_id>/messages/")
@requires(Permission.MANAGE_REGISTRATIONS)
def messages(event: Event) -> str:
    sent = db.session.scalars(
        db.select(AttendeeMessage)
        .where(AttendeeMessage.event_id == event.id)
        .order_by(AttendeeMessage.sent_at.desc())
    ).all()
    return render_template(
        "messages/list.html", event=event, sent=sent, counts=delivery_counts(event)
    )


def _sending(event: Event) -> Ask | None:
    """Sending is final: say to how many people, once the form is complete."""
    form = MessageForm(segment_choices(event))
    if request.form.get("action") != "send" or not form.validate():
        return None
    try:
        people = recipients(event, form.segment.data or "")
    except MessageError:
        return None
    if not people:
        return None
    return Ask(
        ngettext(
            "Send “%(subject)s” to %(num)d person?",
            "Send “%(subject)s” to %(num)d people?",
            len(people),
            subject=form.subject.data,
        ),
        _("Send the message"),
        url_for(".messages", event_id=event.id),
        [Consequence(form.label_of(form.segment.data or ""))],
        irreversible=True,
    )


@bp.route("/events/<int:event_id>/messages/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_REGISTRATIONS)
@asks(_sending)
def compose(event: Event) -> Response | str:
    form = MessageForm(segment_choices(event))
    if request.method == "GET" and request.args.get("segment"):
        form.segment.data = request.args["segment"]
    preview = None
    if form.validate_on_submit():
        try:
            people = recipients(event, form.segment.data or "")
            if request.form.get("action") == "send":
                draft = Draft(
                    form.segment.data or "",
                    form.label_of(form.segment.data or ""),
                    form.subject.data or "",
                    form.body.data or "",
                )
                copy = send_message(
                    event,
                    draft,
                    actor=current_user,
                    now=utcnow(),
                    key=str(current_app.config["SECRET_KEY"]),
                )
                db.session.commit()
                flash(
                    ngettext(
                        "Message queued for %(num)d person.",
                        "Message queued for %(num)d people.",
                        copy.recipients,
                    ),
                    "success",
                )
                return redirect(url_for(".message", event_id=event.id, message_id=copy.id))
        except MessageError as error:
            db.session.rollback()
            form.segment.errors = [*form.segment.errors, str(error.message)]
        else:
            preview = {
                "count": len(people),
                "unsubscribed": len(segment_people(event, form.segment.data or "")) - len(people),
                "first": people[0] if people else None,
                "text": personal_text(form.body.data or "", people[0]) if people else "",
                "names": [p.name for p in people[:5]],
            }
    return render_template("messages/compose.html", event=event, form=form, preview=preview)


@bp.get("/events/<int:event_id>/messages/<int:message_id>")
@requires(Permission.MANAGE_REGISTRATIONS)
def message(event: Event, message_id: int) -> str:
    copy = child_or_404(AttendeeMessage, event, message_id)
    rows = deliveries(copy)
    states = {"queued": 0, "sent": 0, "failed": 0}
    for row in rows:
        states[row.status.value] += 1
    return render_template(
        "messages/message.html", event=event, message=copy, rows=rows, states=states
    )

"""Feedback pages: the attendee's forms, the QR landing at a session's end, and the
speaker's view of their own sessions' results."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from summit.db import utcnow
from summit.events.models import Event
from summit.events.views import public_event_or_404
from summit.exports.loading import speaker_sessions
from summit.extensions import db
from summit.feedback.forms import FeedbackForm
from summit.feedback.services import FeedbackError
from summit.feedback.services import has_answered
from summit.feedback.services import may_answer
from summit.feedback.services import submit_feedback
from summit.feedback.services import summaries
from summit.registration.access import registration_or_404
from summit.registration.links import registration_by_token
from summit.schedule.models import Session
from summit.security import private
from summit.speaker_portal.services import invitation_for_token

bp = Blueprint("feedback", __name__)
# The attendee's private link, remembered by their browser for this event only, so the
# QR code shown at a session's end can open the right form on their phone.
COOKIE = "summit_attendee"


def _key() -> str:
    return str(current_app.config["SECRET_KEY"])


def _session_of(event: Event, public_id: str) -> Session:
    session = db.session.scalars(
        select(Session).where(Session.event_id == event.id, Session.public_id == public_id[:24])
    ).first()
    if session is None:
        abort(404)
    return session


def remember_attendee(response: BaseResponse, event: Event, token: str) -> BaseResponse:
    """Called by the attendee's page: the browser keeps the link for this event's paths."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=60 * 60 * 24 * 30,
        path=f"/events/{event.slug}/",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.route("/events/<slug>/my/<token>/feedback/", methods=["GET", "POST"])
@bp.route("/events/<slug>/my/<token>/feedback/<public_id>", methods=["GET", "POST"])
def give(slug: str, token: str, public_id: str | None = None) -> BaseResponse:
    event = public_event_or_404(slug)
    registration = registration_or_404(event, token)
    session = _session_of(event, public_id) if public_id else None
    back = url_for("registration.attendee", slug=slug, token=token) + "#feedback"
    if not may_answer(registration, session, now=utcnow()):
        abort(404)
    if has_answered(registration, session, key=_key()):
        page = render_template("feedback/done.html", event=event, back=back, already=True)
        return private(make_response(page))
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            submit_feedback(registration, session, form.to_data(), key=_key(), now=utcnow())
        except FeedbackError as error:
            db.session.rollback()
            target = getattr(form, error.field or "", None)
            if target is not None:
                target.errors = [*target.errors, str(error.message)]
            else:
                flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("Thank you: your feedback was saved anonymously."), "success")
            return redirect(back)
    page = render_template("feedback/form.html", event=event, session=session, form=form, back=back)
    return private(make_response(page, 400 if form.errors else 200))


@bp.get("/events/<slug>/sessions/<public_id>/feedback")
def landing(slug: str, public_id: str) -> BaseResponse:
    """Where the QR code shown at a session's end leads."""
    event = public_event_or_404(slug)
    session = _session_of(event, public_id)
    token = request.cookies.get(COOKIE, "")
    if token and registration_by_token(event, token) is not None:
        return private(redirect(url_for(".give", slug=slug, token=token, public_id=public_id)))
    page = render_template("feedback/landing.html", event=event, session=session)
    return private(make_response(page))


@bp.get("/events/<slug>/speaker/<token>/feedback")
def speaker(slug: str, token: str) -> BaseResponse:
    event = public_event_or_404(slug)
    invitation = invitation_for_token(event, token)
    if invitation is None:
        abort(404)
    items = summaries(event, speaker_sessions(invitation.speaker))[1:]
    page = render_template("feedback/speaker.html", event=event, token=token, items=items)
    return private(make_response(page))

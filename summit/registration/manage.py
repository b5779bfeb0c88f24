"""Organizer pages for registrations and check-in, under /manage/events/<id>/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from summit.confirm import asks
from summit.confirm import impacts
from summit.db import utcnow
from summit.events.access import can_open
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.forms import query_text
from summit.forms import show_domain_error
from summit.registration.errors import RegistrationError
from summit.registration.forms import SettingsForm
from summit.registration.links import rotate_token
from summit.registration.mails import queue_attendee_mail
from summit.registration.models import Registration
from summit.registration.privacy import erase_registration
from summit.registration.privacy import retention_date
from summit.registration.roster import counts
from summit.registration.roster import registrations_csv
from summit.registration.roster import search_registrations
from summit.registration.roster import waitlist_positions
from summit.registration.sensitive import ordinary_fields
from summit.registration.services import approve_registration
from summit.registration.services import cancel_registration
from summit.registration.services import confirm_from_waitlist
from summit.registration.services import get_settings
from summit.registration.services import reject_registration
from summit.registration.services import save_settings

bp = Blueprint("registration_manage", __name__)


@bp.get("/events/<int:event_id>/registrations/")
@requires(Permission.MANAGE_REGISTRATIONS)
def registrations(event: Event) -> str:
    query = query_text("q")
    status = query_text("status")
    by_status, by_category = counts(event)
    settings = get_settings(event)
    return render_template(
        "registration/manage/list.html",
        event=event,
        settings=settings,
        rows=search_registrations(event, query, status),
        by_status=by_status,
        by_category=by_category,
        query=query,
        status=status,
        retention=retention_date(event, settings),
        positions=waitlist_positions(event),
        confirm=ConfirmForm(),
        can_see_sensitive=can_open("registration_sensitive.answers"),
        ordinary=ordinary_fields(settings),
        can_erase=can_open("registration_manage.erase"),
    )


@bp.route("/events/<int:event_id>/registrations/settings", methods=["GET", "POST"])
@requires(Permission.MANAGE_REGISTRATIONS)
def settings(event: Event) -> BaseResponse | str:
    form = SettingsForm(event.timezone)
    current = get_settings(event)
    if request.method == "GET":
        if current is not None:
            form.load(current)
        else:
            form.waitlist_enabled.data = True
    elif form.validate_on_submit():
        now = utcnow()
        try:
            promoted = save_settings(event, form.to_data(), now=now)[1]
        except RegistrationError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            for person in promoted:
                queue_attendee_mail(person, "promoted", now=now)
            db.session.commit()
            flash(_("Registration settings saved."), "success")
            if promoted:
                flash(
                    _(
                        "%(n)d people moved from the waiting list; we are e-mailing them.",
                        n=len(promoted),
                    ),
                    "success",
                )
            return redirect(url_for(".registrations", event_id=event.id))
    return render_template("registration/manage/settings.html", event=event, form=form)


def _act(
    event: Event,
    registration_id: int,
    action: Callable[[Registration, datetime], None],
    done: str,
) -> BaseResponse:
    """Run ``action`` (a service plus the e-mails it queues) and commit both at once."""
    registration = child_or_404(Registration, event, registration_id)
    if ConfirmForm().validate_on_submit():
        try:
            action(registration, utcnow())
        except RegistrationError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(done, "success")
    return redirect(url_for(".registrations", event_id=event.id))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/approve")
@requires(Permission.MANAGE_REGISTRATIONS)
def approve(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        approve_registration(r, now=now)
        queue_attendee_mail(r, "approved", now=now)

    return _act(event, registration_id, action, _("Registration approved."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/reject")
@requires(Permission.MANAGE_REGISTRATIONS)
@asks(impacts.reject_registration)
def reject(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        reject_registration(r, now=now)
        queue_attendee_mail(r, "rejected", now=now)

    return _act(event, registration_id, action, _("Registration rejected."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/promote")
@requires(Permission.MANAGE_REGISTRATIONS)
def promote(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        confirm_from_waitlist(r, now=now)
        queue_attendee_mail(r, "promoted", now=now)

    return _act(event, registration_id, action, _("Moved from the waiting list."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/cancel")
@requires(Permission.MANAGE_REGISTRATIONS)
@asks(impacts.cancel_registration)
def cancel(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        promoted = cancel_registration(r, now=now)
        queue_attendee_mail(r, "cancelled", now=now)
        for person in promoted:
            queue_attendee_mail(person, "promoted", now=now)

    return _act(event, registration_id, action, _("Registration cancelled."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/erase")
@requires(Permission.ERASE_PERSONAL_DATA)
@asks(impacts.erase_registration)
def erase(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        erase_registration(r, now=now)

    return _act(event, registration_id, action, _("Personal data erased."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/resend")
@requires(Permission.MANAGE_REGISTRATIONS)
def resend(event: Event, registration_id: int) -> BaseResponse:
    """For attendees who lost their link: a new one by e-mail (the old one stops working)."""

    def action(r: Registration, now: datetime) -> None:
        token = rotate_token(r, key=str(current_app.config["SECRET_KEY"]), now=now)
        queue_attendee_mail(r, "resent", token=token, now=now)

    return _act(event, registration_id, action, _("A new private link is being e-mailed."))


@bp.get("/events/<int:event_id>/registrations/export.csv")
@requires(Permission.MANAGE_REGISTRATIONS)
def export(event: Event) -> BaseResponse:
    response = Response(registrations_csv(event), mimetype="text/csv; charset=utf-8")
    name = f"registrations-{event.slug}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store, private"
    return response

"""Organizer pages for registrations and check-in, under /manage/events/<id>/."""

from __future__ import annotations

import csv
import io
import re
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

from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import event_manager
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.extensions import db
from summit.forms import query_text
from summit.registration.checkin import CheckIn
from summit.registration.checkin import check_in
from summit.registration.errors import RegistrationError
from summit.registration.forms import CheckinForm
from summit.registration.forms import SettingsForm
from summit.registration.links import registration_by_checkin_code
from summit.registration.links import rotate_token
from summit.registration.mails import queue_attendee_mail
from summit.registration.models import Registration
from summit.registration.privacy import erase_registration
from summit.registration.privacy import retention_date
from summit.registration.roster import counts
from summit.registration.roster import search_registrations
from summit.registration.services import approve_registration
from summit.registration.services import cancel_registration
from summit.registration.services import confirm_from_waitlist
from summit.registration.services import get_settings
from summit.registration.services import reject_registration
from summit.registration.services import save_settings

bp = Blueprint("registration_manage", __name__)


@bp.get("/events/<int:event_id>/registrations/")
@event_manager
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
        confirm=ConfirmForm(),
    )


@bp.route("/events/<int:event_id>/registrations/settings", methods=["GET", "POST"])
@event_manager
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
            target = getattr(form, error.field or "", None)
            if target is not None:
                target.errors = [*target.errors, str(error.message)]
            else:
                flash(str(error.message), "error")
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
@event_manager
def approve(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        approve_registration(r, now=now)
        queue_attendee_mail(r, "approved", now=now)

    return _act(event, registration_id, action, _("Registration approved."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/reject")
@event_manager
def reject(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        reject_registration(r, now=now)
        queue_attendee_mail(r, "rejected", now=now)

    return _act(event, registration_id, action, _("Registration rejected."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/promote")
@event_manager
def promote(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        confirm_from_waitlist(r, now=now)
        queue_attendee_mail(r, "promoted", now=now)

    return _act(event, registration_id, action, _("Moved from the waiting list."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/cancel")
@event_manager
def cancel(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        promoted = cancel_registration(r, now=now)
        queue_attendee_mail(r, "cancelled", now=now)
        for person in promoted:
            queue_attendee_mail(person, "promoted", now=now)

    return _act(event, registration_id, action, _("Registration cancelled."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/erase")
@event_manager
def erase(event: Event, registration_id: int) -> BaseResponse:
    def action(r: Registration, now: datetime) -> None:
        erase_registration(r, now=now)

    return _act(event, registration_id, action, _("Personal data erased."))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/resend")
@event_manager
def resend(event: Event, registration_id: int) -> BaseResponse:
    """For attendees who lost their link: a new one by e-mail (the old one stops working)."""

    def action(r: Registration, now: datetime) -> None:
        token = rotate_token(r, key=str(current_app.config["SECRET_KEY"]), now=now)
        queue_attendee_mail(r, "resent", token=token, now=now)

    return _act(event, registration_id, action, _("A new private link is being e-mailed."))


CSV_FIELDS = ["id", "name", "email", "category", "organization", "status", "waitlist_number"]
SENSITIVE_FIELDS = ["accessibility_needs", "dietary_needs"]


def _csv_cell(value: object) -> str:
    """Neutralize spreadsheet formulas (=, +, -, @) typed into form answers."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/events/<int:event_id>/registrations/export.csv")
@event_manager
def export(event: Event) -> BaseResponse:
    sensitive = request.args.get("sensitive") == "1"
    fields = (
        CSV_FIELDS + ["registered_at", "checked_in_at"] + (SENSITIVE_FIELDS if sensitive else [])
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(fields)
    for r in search_registrations(event):
        values = {
            "id": r.id,
            "name": r.name,
            "email": r.email,
            "category": r.category,
            "organization": r.organization,
            "status": r.status.value,
            "waitlist_number": r.waitlist_number or "",
            "registered_at": r.created_at.isoformat(),
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else "",
            "accessibility_needs": r.accessibility_needs,
            "dietary_needs": r.dietary_needs,
        }
        writer.writerow([_csv_cell(values[f]) for f in fields])
    response = Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8")
    name = f"registrations-{event.slug}{'-sensitive' if sensitive else ''}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store, private"
    return response


# --- check-in -----------------------------------------------------------------------------

CODE_PATTERN = re.compile(r"([0-9a-f]{32})/?\s*$")


def _checkin_page(
    event: Event, form: CheckinForm, result: CheckIn | None, status: int = 200
) -> tuple[str, int]:
    query = query_text("q")
    matches = search_registrations(event, query) if query else []
    return render_template(
        "registration/manage/checkin.html",
        event=event,
        form=form,
        result=result,
        query=query,
        matches=matches,
        confirm=ConfirmForm(),
    ), status


def _check_code(event: Event, code: str) -> CheckIn:
    registration = registration_by_checkin_code(code)
    if registration is None:
        return CheckIn(
            None,
            False,
            _("Unknown ticket: it may be from an older e-mail. Search the name instead."),
        )
    return check_in(event, registration, now=utcnow())


@bp.route("/events/<int:event_id>/checkin/", methods=["GET", "POST"])
@event_manager
def checkin(event: Event) -> tuple[str, int]:
    form = CheckinForm()
    if form.validate_on_submit():
        match = CODE_PATTERN.search(form.ticket.data or "")
        result = (
            _check_code(event, match.group(1))
            if match
            else CheckIn(
                None, False, _("This is not a ticket code. Scan the QR code or search the name.")
            )
        )
        db.session.commit()
        return _checkin_page(event, CheckinForm(formdata=None), result, 200 if result.ok else 409)
    return _checkin_page(event, form, None)


@bp.route("/events/<int:event_id>/checkin/<code>", methods=["GET", "POST"])
@event_manager
def checkin_ticket(event: Event, code: str) -> tuple[str, int] | str:
    """The address in the ticket's QR code: scanning it opens this page for staff."""
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        result = _check_code(event, code)
        db.session.commit()
        return _checkin_page(event, CheckinForm(formdata=None), result, 200 if result.ok else 409)
    registration = registration_by_checkin_code(code)
    if registration is not None and registration.event_id != event.id:
        registration = None
        foreign = True
    else:
        foreign = False
    return render_template(
        "registration/manage/checkin_ticket.html",
        event=event,
        registration=registration,
        foreign=foreign,
        code=code,
        confirm=ConfirmForm(),
    )


@bp.post("/events/<int:event_id>/checkin/registrations/<int:registration_id>")
@event_manager
def checkin_person(event: Event, registration_id: int) -> tuple[str, int] | BaseResponse:
    registration = child_or_404(Registration, event, registration_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for(".checkin", event_id=event.id))
    result = check_in(event, registration, now=utcnow())
    db.session.commit()
    return _checkin_page(event, CheckinForm(formdata=None), result, 200 if result.ok else 409)

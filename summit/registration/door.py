"""The door desk: a phone-sized check-in page for the people at the entrance.

A scan (handheld scanners type the ticket's address and press Enter) answers in big
letters with the person's name and category; the page keeps a running count, finds people
by name and takes back a wrong check-in. With JavaScript a scan is answered in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.dates import format_time
from flask import Blueprint
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.forms import query_text
from summit.registration.checkin import CheckIn
from summit.registration.checkin import Outcome
from summit.registration.checkin import check_in
from summit.registration.checkin import door_counts
from summit.registration.checkin import other_event
from summit.registration.checkin import ticket_status
from summit.registration.checkin import undo_check_in
from summit.registration.forms import CheckinForm
from summit.registration.links import registration_by_checkin_code
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.roster import search_registrations

bp = Blueprint("registration_door", __name__)

CODE_PATTERN = re.compile(r"([0-9a-f]{32})/?\s*$")
TONES = {
    Outcome.CHECKED_IN: "ok",
    Outcome.READY: "ok",
    Outcome.UNDONE: "info",
    Outcome.ALREADY: "warn",
}


def headline(result: CheckIn, event: Event) -> str:
    """The result in a few big words, with the time of a first check-in in event time."""
    if result.outcome is Outcome.ALREADY and result.first_time is not None:
        local = result.first_time.astimezone(ZoneInfo(event.timezone))
        now = utcnow().astimezone(ZoneInfo(event.timezone))
        locale = str(get_locale() or "en")
        when = (
            format_time(local, "short", locale=locale)
            if local.date() == now.date()
            else format_datetime(local, "short", locale=locale)
        )
        return _("Already checked in at %(time)s", time=when)
    return {
        Outcome.CHECKED_IN: _("Checked in"),
        Outcome.ALREADY: _("Already checked in"),
        Outcome.READY: _("Not checked in yet"),
        Outcome.UNDONE: _("Check-in undone"),
        Outcome.CANCELLED: _("Cancelled"),
        Outcome.WAITLISTED: _("On the waiting list"),
        Outcome.PENDING: _("Awaiting approval"),
        Outcome.OTHER_EVENT: _("Another event’s ticket"),
        Outcome.UNKNOWN: _("Unknown ticket"),
        Outcome.NOT_A_TICKET: _("Not a ticket"),
    }[result.outcome]


def _context(event: Event, result: CheckIn | None) -> dict[str, object]:
    checked_in, confirmed = door_counts(event)
    return {
        "event": event,
        "result": result,
        "headline": headline(result, event) if result else "",
        "tone": TONES.get(result.outcome, "refused") if result else "",
        "checked_in": checked_in,
        "confirmed": confirmed,
        "confirm": ConfirmForm(),
    }


def _answer(event: Event, result: CheckIn, status: int | None = None) -> ResponseReturnValue:
    """The door desk with ``result`` on top, as a page or, to the script, as JSON."""
    code = status or (200 if result.ok else 409)
    context = _context(event, result)
    if request.accept_mimetypes.best == "application/json":
        html = render_template("registration/manage/_checkin_result.html", **context)
        return jsonify(
            ok=result.ok,
            result=html,
            checked_in=context["checked_in"],
            confirmed=context["confirmed"],
        ), code
    return _page(event, CheckinForm(formdata=None), context), code


@dataclass
class Match:
    """One person found by name, with what the door can do for them."""

    id: int
    name: str
    category: str
    status: str
    checked_in_at: str
    can_check_in: bool
    can_undo: bool


def _page(event: Event, form: CheckinForm, context: dict[str, object]) -> str:
    query = query_text("q")
    found = search_registrations(event, query) if query.strip() else []
    labels = {
        RegistrationStatus.CONFIRMED: _("Confirmed"),
        RegistrationStatus.WAITLISTED: _("Waiting list"),
        RegistrationStatus.PENDING: _("Pending"),
        RegistrationStatus.CANCELLED: _("Cancelled"),
    }
    matches = [
        Match(
            id=r.id,
            name=r.name,
            category=r.category,
            status=labels[r.status],
            checked_in_at=local_clock(r.checked_in_at, event),
            can_check_in=r.status is RegistrationStatus.CONFIRMED and r.checked_in_at is None,
            can_undo=r.checked_in_at is not None,
        )
        for r in found
        if not r.is_erased
    ]
    if query:  # the search field keeps the focus while results are read
        form.ticket.render_kw = {**(form.ticket.render_kw or {}), "autofocus": False}
    return render_template(
        "registration/manage/checkin.html", form=form, query=query, matches=matches, **context
    )


def _by_code(event: Event, code: str) -> CheckIn | Registration:
    registration = registration_by_checkin_code(code)
    if registration is None:
        message = _("Unknown ticket: it may be from an older e-mail. Search the name instead.")
        return CheckIn(None, False, message, outcome=Outcome.UNKNOWN)
    if registration.event_id != event.id:
        return other_event()
    return registration


@bp.route("/events/<int:event_id>/checkin/", methods=["GET", "POST"])
@requires(Permission.CHECK_IN)
def checkin(event: Event) -> ResponseReturnValue:
    form = CheckinForm()
    if not form.validate_on_submit():
        return _page(event, form, _context(event, None))
    match = CODE_PATTERN.search(form.ticket.data or "")
    if match is None:
        message = _("This is not a ticket code. Scan the QR code or search the name.")
        return _answer(event, CheckIn(None, False, message, outcome=Outcome.NOT_A_TICKET))
    found = _by_code(event, match.group(1))
    result = found if isinstance(found, CheckIn) else check_in(event, found, now=utcnow())
    db.session.commit()
    return _answer(event, result)


@bp.route("/events/<int:event_id>/checkin/<code>", methods=["GET", "POST"])
@requires(Permission.CHECK_IN)
def checkin_ticket(event: Event, code: str) -> ResponseReturnValue:
    """The address in the ticket's QR code: the person's status first, then one button."""
    found = _by_code(event, code)
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        result = found if isinstance(found, CheckIn) else check_in(event, found, now=utcnow())
        db.session.commit()
        return _answer(event, result)
    result = found if isinstance(found, CheckIn) else ticket_status(event, found)
    return render_template(
        "registration/manage/checkin_ticket.html", code=code, **_context(event, result)
    )


@bp.post("/events/<int:event_id>/checkin/registrations/<int:registration_id>")
@requires(Permission.CHECK_IN)
def checkin_person(event: Event, registration_id: int) -> ResponseReturnValue:
    registration = child_or_404(Registration, event, registration_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for(".checkin", event_id=event.id))
    result = check_in(event, registration, now=utcnow())
    db.session.commit()
    return _answer(event, result)


@bp.post("/events/<int:event_id>/checkin/registrations/<int:registration_id>/undo")
@requires(Permission.CHECK_IN)
def undo_checkin(event: Event, registration_id: int) -> ResponseReturnValue:
    registration = child_or_404(Registration, event, registration_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for(".checkin", event_id=event.id))
    result = undo_check_in(event, registration, now=utcnow())
    db.session.commit()
    return _answer(event, result, 200)


@bp.get("/events/<int:event_id>/checkin/count")
@requires(Permission.CHECK_IN)
def count(event: Event) -> Response:
    """The running count, polled by the page so two doors see each other's scans."""
    checked_in, confirmed = door_counts(event)
    response = jsonify(checked_in=checked_in, confirmed=confirmed)
    response.headers["Cache-Control"] = "no-store"
    return response


def local_clock(moment: datetime | None, event: Event) -> str:
    """A check-in time in event time, for the search results."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(event.timezone))
    return format_time(local, "short", locale=str(get_locale() or "en"))

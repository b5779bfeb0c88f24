"""Public registration pages: the form, and each attendee's private page."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime
from typing import Any

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import force_locale
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from summit.audit.services import last_look
from summit.certificates.panel import attendee_panel
from summit.certificates.services import certificate_retention_years
from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.views import public_event_or_404
from summit.exports.caching import export_version
from summit.exports.calendar import build_calendar
from summit.exports.personal import Waiting
from summit.exports.personal import ask_ahead
from summit.exports.personal import personal_pdf
from summit.exports.settings import uid_domain
from summit.extensions import csrf
from summit.extensions import db
from summit.extensions import limiter
from summit.feedback.views import remember_attendee
from summit.forms import show_domain_error
from summit.i18n import chose_explicitly
from summit.localized.reading import tr
from summit.needs.services import request_needs
from summit.needs.views import attendee_context as attendee_needs
from summit.registration.access import attendee_or_404
from summit.registration.agenda import choosable_sessions
from summit.registration.agenda import choose_session
from summit.registration.agenda import chosen_sessions
from summit.registration.agenda import drop_session
from summit.registration.agenda import seats_taken
from summit.registration.announcements import registration_by_unsubscribe_token
from summit.registration.announcements import resubscribe
from summit.registration.announcements import unsubscribe as stop_announcements
from summit.registration.errors import AlreadyRegistered
from summit.registration.errors import RegistrationClosed
from summit.registration.errors import RegistrationError
from summit.registration.forms import language_form
from summit.registration.forms import registration_form
from summit.registration.links import add_link
from summit.registration.links import checkin_code
from summit.registration.links import link_of
from summit.registration.links import revoke_other_links
from summit.registration.mails import queue_attendee_mail
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.sensitive import erase_own_sensitive_answers
from summit.registration.sensitive import sensitive_fields
from summit.registration.sensitive import sensitive_retention_date
from summit.registration.services import cancel_registration
from summit.registration.services import find_active_registration
from summit.registration.services import get_settings
from summit.registration.services import normalize_email
from summit.registration.services import register_attendee
from summit.registration.services import registration_open
from summit.registration.ticket import ticket_kind
from summit.registration.ticket import ticket_version
from summit.registration.waitlist import waitlist_position
from summit.schedule.models import Session
from summit.security import private
from summit.teams.labels import role_label
from summit.urls import base_url

bp = Blueprint("registration", __name__)


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _register_limit() -> str:
    return str(current_app.config.get("RATELIMIT_REGISTER", "10 per minute"))


def _address_limit() -> str:
    return str(current_app.config["RATELIMIT_REGISTER_ADDRESS"])


def _address() -> str:
    """The limit's key for one e-mail address: registering again re-sends a link, so a
    stranger cannot flood someone's inbox (or grow their list of links) from many IPs."""
    return "register-address:" + normalize_email(request.form.get("email", "")[:254])


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
@limiter.limit(_address_limit, methods=["POST"], key_func=_address)
def register(slug: str) -> BaseResponse | tuple[str, int] | str:
    event = public_event_or_404(slug)
    settings = get_settings(event)
    now = utcnow()
    full = (
        settings is not None
        and not settings.waitlist_enabled
        and not settings.approval_required
        and settings.seats_left == 0
    )
    if settings is None or not registration_open(settings, now) or full:
        page = render_template(
            "registration/closed.html", event=event, settings=settings, full=full, now=now
        )
        return page, 409 if request.method == "POST" else 200
    form = registration_form(settings)
    if form.validate_on_submit():
        email = form.email.data or ""
        try:
            data = form.to_data(_language())
            result = register_attendee(event, data, key=_secret(), now=now)
            kinds, detail = form.needs()
            request_needs(
                result.registration, kinds, detail, consented=data.sensitive_consent, now=now
            )
        except AlreadyRegistered:
            db.session.rollback()
            _resend_link(event, email, now=now)
        except RegistrationClosed:
            db.session.rollback()
            return render_template(
                "registration/closed.html", event=event, settings=settings, full=False, now=now
            ), 409
        except RegistrationError as error:
            db.session.rollback()
            show_domain_error(form, error)
            return _form_page(event, form), 400
        else:
            kind = result.registration.status.value
            queue_attendee_mail(result.registration, kind, token=result.token, now=now)
        db.session.commit()
        # Same page whether the e-mail was new or known: nothing reveals who registered.
        return redirect(url_for(".sent", slug=event.slug))
    status = 400 if form.errors else 200
    return _form_page(event, form), status


def _form_page(event: Event, form: object) -> str:
    return render_template(
        "registration/register.html",
        event=event,
        form=form,
        certificate_years=certificate_retention_years(event),
    )


def _language() -> str:
    return str(get_locale() or "en").split("_")[0]


def _resend_link(event: Event, email: str, *, now: datetime) -> None:
    existing = find_active_registration(event, email)
    if existing is None:
        return
    # A new link beside the others: knowing someone's address must not kill their link.
    token = add_link(existing, key=_secret(), now=now)
    queue_attendee_mail(existing, "link", token=token, now=now)


@bp.get("/events/<slug>/register/sent")
def sent(slug: str) -> str:
    event = public_event_or_404(slug)
    return render_template("registration/sent.html", event=event)


@bp.get("/events/<slug>/my/<token>/")
def attendee(slug: str, token: str) -> BaseResponse:
    event, registration = attendee_or_404(slug, token)
    confirmed = registration.status is RegistrationStatus.CONFIRMED
    chosen_ids = {c.session_id for c in registration.choices}
    sessions = choosable_sessions(event) if confirmed else []
    seats = {s.id: (s.capacity - seats_taken(s)) for s in sessions if s.capacity is not None}
    # Opened from an e-mail on another device: in the language they registered in.
    with nullcontext() if chose_explicitly() else force_locale(registration.language):
        page = _attendee_page(event, registration, token, confirmed, sessions, seats, chosen_ids)
    ticket_file = _ticket_file(event, registration, token)
    if ticket_file is not None:  # rendered by the time they press "Download my ticket"
        ask_ahead(event.id, *ticket_file, secret=checkin_code(token, _secret()))
        db.session.commit()
    return private(remember_attendee(make_response(page), event, token))


def _ticket_file(event: Event, registration: Registration, token: str) -> tuple[str, str] | None:
    """The kind and current version of the ticket of the link ``token`` (None: no ticket)."""
    link = link_of(registration, token)
    if link is None:
        return None
    kind = ticket_kind(link)
    version = ticket_version(event.id, kind)
    return None if version is None else (kind, version)


def _attendee_page(
    event: Event,
    registration: Registration,
    token: str,
    confirmed: bool,
    sessions: list[Any],
    seats: dict[int, int],
    chosen_ids: set[int],
) -> str:
    return render_template(
        "registration/attendee.html",
        event=event,
        registration=registration,
        token=token,
        position=waitlist_position(registration),
        confirmed=confirmed,
        sessions=sessions,
        chosen=chosen_sessions(registration),
        chosen_ids=chosen_ids,
        seats_left=seats,
        can_cancel=registration.status is not RegistrationStatus.CANCELLED,
        other_links=len(registration.links) - 1,
        confirm=ConfirmForm(),
        **_sensitive_context(event, registration),
        **attendee_needs(event, registration),
        can_ask_needs=registration.status is not RegistrationStatus.CANCELLED,
        panel=attendee_panel(registration, now=utcnow(), key=_secret()) if confirmed else None,
        language_form=language_form(registration),
    )


def _sensitive_context(event: Event, registration: Registration) -> dict[str, object]:
    """What the attendee is told about their sensitive answers: the answers, why they
    were asked, and when a team member last looked (by role, never by name)."""
    settings = get_settings(event)
    look = last_look(registration.id)
    return {
        "sensitive_answers": [
            (f.label, getattr(registration, f.attribute), f.purpose_text(settings))
            for f in sensitive_fields(settings)
            if getattr(registration, f.attribute)
        ],
        "last_look": look,
        "last_look_role": role_label(look.actor_role) if look else "",
        "sensitive_until": sensitive_retention_date(event, settings),
    }


@bp.post("/events/<slug>/my/<token>/sensitive/erase")
def erase_sensitive(slug: str, token: str) -> BaseResponse:
    event, registration = attendee_or_404(slug, token)
    if ConfirmForm().validate_on_submit():
        erase_own_sensitive_answers(registration, now=utcnow())
        db.session.commit()
        flash(_("Your sensitive answers are erased."), "success")
    return redirect(url_for(".attendee", slug=slug, token=token) + "#sensitive")


@bp.get("/events/<slug>/my/<token>/ticket.pdf")
def ticket(slug: str, token: str) -> BaseResponse:
    """The ticket as the worker rendered it (the waiting page meanwhile)."""
    event, registration = attendee_or_404(slug, token)
    ticket_file = _ticket_file(event, registration, token)
    if ticket_file is None:  # not confirmed
        abort(404)
    kind, version = ticket_file
    with nullcontext() if chose_explicitly() else force_locale(registration.language):
        response = personal_pdf(
            event.id,
            kind,
            version,
            last_modified=export_version(event.id).last_modified,
            filename=f"ticket-{event.slug}.pdf",
            attachment=True,
            secret=checkin_code(token, _secret()),
            waiting=Waiting(
                heading=_("Your ticket is being prepared"),
                link=_("Open my ticket"),
                back_url=url_for(".attendee", slug=slug, token=token),
                back=_("Back to my registration"),
            ),
        )
    return private(response)


@bp.get("/events/<slug>/my/<token>/agenda.ics")
def agenda(slug: str, token: str) -> BaseResponse:
    event, registration = attendee_or_404(slug, token)
    with force_locale(registration.language):
        name = _("%(event)s — my sessions", event=tr(event, "title"))
    body = build_calendar(
        event,
        chosen_sessions(registration),
        name=name,
        base_url=base_url(),
        uid_domain=uid_domain(),
        language=registration.language,
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="agenda-{event.slug}.ics"'
    return private(response)


@bp.route("/events/<slug>/my/<token>/cancel", methods=["GET", "POST"])
def cancel(slug: str, token: str) -> BaseResponse:
    event, registration = attendee_or_404(slug, token)
    form = ConfirmForm()
    if registration.status is RegistrationStatus.CANCELLED:
        return redirect(url_for(".attendee", slug=slug, token=token))
    if form.validate_on_submit():
        now = utcnow()
        try:
            promoted = cancel_registration(registration, now=now)
        except RegistrationError:  # a second click or tab cancelled it meanwhile
            db.session.rollback()
            return redirect(url_for(".attendee", slug=slug, token=token))
        queue_attendee_mail(registration, "cancelled", now=now)
        for person in promoted:
            queue_attendee_mail(person, "promoted", now=now)
        db.session.commit()
        flash(_("Your registration is cancelled."), "success")
        return redirect(url_for(".attendee", slug=slug, token=token))
    page = render_template(
        "registration/cancel.html", event=event, registration=registration, token=token, form=form
    )
    return private(make_response(page))


@bp.post("/events/<slug>/my/<token>/links/revoke")
def revoke_links(slug: str, token: str) -> BaseResponse:
    """The attendee stops every other link to their registration (a forwarded e-mail)."""
    _event, registration = attendee_or_404(slug, token)
    if ConfirmForm().validate_on_submit():
        revoke_other_links(registration, token)
        db.session.commit()
        flash(_("Your other private links no longer work. This one still does."), "success")
    return redirect(url_for(".attendee", slug=slug, token=token))


@bp.post("/events/<slug>/my/<token>/announcements")
def announcements(slug: str, token: str) -> BaseResponse:
    """The attendee turns the organizers' messages back on (or off) from their page."""
    _event, registration = attendee_or_404(slug, token)
    if ConfirmForm().validate_on_submit():
        if registration.unsubscribed_at is None:
            stop_announcements(registration, now=utcnow())
            flash(_("You will no longer receive the organizers' messages."), "success")
        else:
            resubscribe(registration)
            flash(_("You will receive the organizers' messages again."), "success")
        db.session.commit()
    return redirect(url_for(".attendee", slug=slug, token=token) + "#announcements")


@bp.route("/events/<slug>/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(slug: str, token: str) -> BaseResponse:
    """One-click unsubscribe from the organizers' messages (RFC 8058). GET only asks (a
    mail scanner opening links must not unsubscribe anyone); POST, from that button or a
    mailbox provider's own button, stops them. No CSRF token: the signed address is the
    authentication, and all it can do is unsubscribe."""
    event = public_event_or_404(slug)
    registration = registration_by_unsubscribe_token(event, token, _secret())
    if registration is None:
        abort(404)
    if request.method == "POST":
        stop_announcements(registration, now=utcnow())
        db.session.commit()
    page = render_template(
        "registration/unsubscribe.html", event=event, done=registration.unsubscribed_at is not None
    )
    return private(make_response(page))


@bp.post("/events/<slug>/my/<token>/sessions/<int:session_id>")
def toggle_session(slug: str, token: str, session_id: int) -> BaseResponse:
    event, registration = attendee_or_404(slug, token)
    session = child_or_404(Session, event, session_id)
    if ConfirmForm().validate_on_submit():
        try:
            if any(c.session_id == session_id for c in registration.choices):
                drop_session(registration, session_id)
                message = _("Removed from your agenda.")
            else:
                choose_session(registration, session, now=utcnow())
                message = _("Added to your agenda.")
        except RegistrationError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(message, "success")
    return redirect(url_for(".attendee", slug=slug, token=token) + "#sessions")

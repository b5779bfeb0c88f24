"""Organizer pages for event setup, under /manage/."""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from summit.confirm import asks
from summit.confirm import impacts
from summit.confirm import publishing
from summit.dashboard import event_counts
from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.forms import EventForm
from summit.events.forms import PartnerForm
from summit.events.forms import RoomForm
from summit.events.forms import SupportResourceForm
from summit.events.models import Event
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.events.models import TeamRole
from summit.events.permissions import Permission
from summit.events.permissions import landing_endpoint
from summit.events.services import EventData
from summit.events.services import EventError
from summit.events.services import create_event
from summit.events.services import delete_partner as delete_partner_service
from summit.events.services import delete_support_resource
from summit.events.services import memberships_of
from summit.events.services import past_dates_warning
from summit.events.services import save_partner
from summit.events.services import save_room
from summit.events.services import save_support_resource
from summit.events.services import set_published
from summit.extensions import db
from summit.forms import show_domain_error
from summit.schedule.event_changes import change_event
from summit.schedule.event_changes import date_change_impact
from summit.schedule.event_changes import delete_room as delete_room_service
from summit.teams.labels import ROLE_LABELS
from summit.uploads import UploadError
from summit.uploads import image_response
from summit.uploads import read_image

bp = Blueprint("manage_events", __name__)


@bp.get("/")
@requires(Permission.SIGNED_IN)
def dashboard() -> str:
    memberships = memberships_of(current_user)
    return render_template(
        "manage/dashboard.html",
        memberships=memberships,
        landing={role: landing_endpoint(role) for role in TeamRole},
        role_labels=ROLE_LABELS,
        counts=event_counts([m.event for m in memberships]),
    )


@bp.route("/events/new", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def new_event() -> Response | str:
    form = EventForm(new=True)
    if form.validate_on_submit():
        data = form.to_data()
        try:
            event = create_event(data, organizer=current_user, now=utcnow())
        except EventError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Event created as a draft. Add rooms and partners, then publish."), "success")
            _warn_if_past(data)
            return redirect(url_for(".overview", event_id=event.id))
    return render_template("manage/event_form.html", form=form, event=None)


def _warn_if_past(data: EventData) -> None:
    warning = past_dates_warning(data, now=utcnow())
    if warning is not None:
        flash(str(warning), "warning")


@bp.get("/events/<int:event_id>/")
@requires(Permission.VIEW_EVENT)
def overview(event: Event) -> str:
    return render_template("manage/event_overview.html", event=event, confirm=ConfirmForm())


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
def edit_event(event: Event) -> Response | str:
    """Save the details; a change of dates or time zone that moves sessions is shown
    first (which sessions, who is e-mailed) and saved on the second submit."""
    form = EventForm()
    form.offer_zones(event.timezone)
    impact = None
    old_dates = (event.start_date, event.end_date)
    if request.method == "GET":
        form.load(event)
    elif form.validate_on_submit():
        data = form.to_data()
        try:
            impact = date_change_impact(event, data, move_sessions=form.move_sessions)
            if (impact.moves or impact.blocked) and form.previewed.data != form.date_change_key():
                form.previewed.data = form.date_change_key()
                return render_template(
                    "manage/event_form.html", form=form, event=event, impact=impact
                )
            change_event(
                event, data, move_sessions=form.move_sessions, actor=current_user, now=utcnow()
            )
        except EventError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Event saved."), "success")
            if (data.start_date, data.end_date) != old_dates:
                _warn_if_past(data)  # not again on each save of an archived event
            return redirect(url_for(".overview", event_id=event.id))
    return render_template("manage/event_form.html", form=form, event=event, impact=impact)


@bp.post("/events/<int:event_id>/publish")
@requires(Permission.EDIT_CONTENT)
@asks(publishing.publish_event)
def publish(event: Event) -> Response:
    if ConfirmForm().validate_on_submit():
        published = request.form.get("publish") == "1"
        set_published(event, published, now=utcnow())
        db.session.commit()
        flash(
            _("The event is public.") if published else _("The event is a draft again."), "success"
        )
    return redirect(url_for(".overview", event_id=event.id))


@bp.route("/events/<int:event_id>/rooms/", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
def rooms(event: Event, room_id: int | None = None) -> Response | str:
    room = child_or_404(Room, event, room_id) if room_id else None
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        try:
            save_room(event, form.to_data(), room, now=utcnow())
        except EventError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Room saved."), "success")
            return redirect(url_for(".rooms", event_id=event.id))
    return render_template(
        "manage/rooms.html", event=event, form=form, editing=room, confirm=ConfirmForm()
    )


@bp.post("/events/<int:event_id>/rooms/<int:room_id>/delete")
@requires(Permission.EDIT_CONTENT)
@asks(impacts.delete_room)
def delete_room(event: Event, room_id: int) -> Response:
    room = child_or_404(Room, event, room_id)
    if ConfirmForm().validate_on_submit():
        impact = delete_room_service(event, room, actor=current_user, now=utcnow())
        db.session.commit()
        flash(
            _(
                "Room deleted. %(n)d session(s) keep their times and now have no room.",
                n=len(impact.sessions),
            ),
            "success",
        )
    return redirect(url_for(".rooms", event_id=event.id))


@bp.route("/events/<int:event_id>/partners/", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
def partners(event: Event, partner_id: int | None = None) -> Response | str:
    partner = child_or_404(Partner, event, partner_id) if partner_id else None
    form = PartnerForm(obj=partner)
    if form.validate_on_submit():
        try:
            logo = form.logo.data
            image = read_image(logo.stream, max_bytes=_upload_limit()) if logo else None
            save_partner(event, form.to_data(), image, partner, now=utcnow())
        except UploadError as error:
            db.session.rollback()
            form.logo.errors = [str(error)]
        except EventError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Partner saved."), "success")
            return redirect(url_for(".partners", event_id=event.id))
    return render_template(
        "manage/partners.html", event=event, form=form, editing=partner, confirm=ConfirmForm()
    )


def _upload_limit() -> int:
    from flask import current_app

    return int(current_app.config["UPLOAD_MAX_BYTES"])


@bp.post("/events/<int:event_id>/partners/<int:partner_id>/delete")
@requires(Permission.EDIT_CONTENT)
@asks(impacts.delete_partner)
def delete_partner(event: Event, partner_id: int) -> Response:
    partner = child_or_404(Partner, event, partner_id)
    if ConfirmForm().validate_on_submit():
        delete_partner_service(event, partner, now=utcnow())
        db.session.commit()
        flash(_("Partner removed."), "success")
    return redirect(url_for(".partners", event_id=event.id))


@bp.get("/events/<int:event_id>/partners/<int:partner_id>/logo")
@requires(Permission.EDIT_CONTENT)
def partner_logo(event: Event, partner_id: int) -> Response:
    partner = child_or_404(Partner, event, partner_id)
    if partner.logo is None:
        return Response(status=404)
    return image_response(partner.logo, partner.logo_type, partner.logo_digest, request)


@bp.route("/events/<int:event_id>/support/", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/support/<int:resource_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
def support(event: Event, resource_id: int | None = None) -> Response | str:
    resource = child_or_404(SupportResource, event, resource_id) if resource_id else None
    form = SupportResourceForm(obj=resource)
    if form.validate_on_submit():
        try:
            save_support_resource(event, form.to_data(), resource, now=utcnow())
        except EventError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Support resource saved."), "success")
            return redirect(url_for(".support", event_id=event.id))
    return render_template(
        "manage/support.html", event=event, form=form, editing=resource, confirm=ConfirmForm()
    )


@bp.post("/events/<int:event_id>/support/<int:resource_id>/delete")
@requires(Permission.EDIT_CONTENT)
@asks(impacts.delete_support)
def delete_support(event: Event, resource_id: int) -> Response:
    resource = child_or_404(SupportResource, event, resource_id)
    if ConfirmForm().validate_on_submit():
        delete_support_resource(event, resource, now=utcnow())
        db.session.commit()
        flash(_("Support resource removed."), "success")
    return redirect(url_for(".support", event_id=event.id))

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
from flask_login import login_required
from werkzeug.wrappers import Response

from summit.confirm import asks
from summit.confirm import impacts
from summit.confirm import publishing
from summit.dashboard import event_counts
from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import event_manager
from summit.events.forms import ConfirmForm
from summit.events.forms import EventForm
from summit.events.forms import OrganizerForm
from summit.events.forms import PartnerForm
from summit.events.forms import RoomForm
from summit.events.forms import SupportResourceForm
from summit.events.models import Event
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.events.services import EventError
from summit.events.services import add_organizer
from summit.events.services import create_event
from summit.events.services import events_managed_by
from summit.events.services import remove_organizer
from summit.events.services import save_partner
from summit.events.services import save_room
from summit.events.services import save_support_resource
from summit.events.services import set_published
from summit.events.services import update_event
from summit.extensions import db
from summit.uploads import UploadError
from summit.uploads import image_response
from summit.uploads import read_image

bp = Blueprint("manage_events", __name__)


def _field_error(form: object, error: EventError) -> None:
    """Show a domain error next to its field, or at the top of the form."""
    target = getattr(form, error.field, None) if error.field else None
    if target is not None:
        target.errors = [*target.errors, str(error.message)]
    else:
        flash(str(error.message), "error")


@bp.get("/")
@login_required
def dashboard() -> str:
    events = events_managed_by(current_user)
    return render_template("manage/dashboard.html", events=events, counts=event_counts(events))


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new_event() -> Response | str:
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = create_event(form.to_data(), organizer=current_user, now=utcnow())
        except EventError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(_("Event created as a draft. Add rooms and partners, then publish."), "success")
            return redirect(url_for(".overview", event_id=event.id))
    return render_template("manage/event_form.html", form=form, event=None)


@bp.get("/events/<int:event_id>/")
@event_manager
def overview(event: Event) -> str:
    return render_template("manage/event_overview.html", event=event, confirm=ConfirmForm())


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@event_manager
def edit_event(event: Event) -> Response | str:
    form = EventForm()
    if request.method == "GET":
        form.load(event)
    elif form.validate_on_submit():
        try:
            update_event(event, form.to_data(), now=utcnow())
        except EventError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(_("Event saved."), "success")
            return redirect(url_for(".overview", event_id=event.id))
    return render_template("manage/event_form.html", form=form, event=event)


@bp.post("/events/<int:event_id>/publish")
@event_manager
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
@event_manager
def rooms(event: Event, room_id: int | None = None) -> Response | str:
    room = child_or_404(Room, event, room_id) if room_id else None
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        try:
            save_room(event, form.to_data(), room)
        except EventError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(_("Room saved."), "success")
            return redirect(url_for(".rooms", event_id=event.id))
    return render_template(
        "manage/rooms.html", event=event, form=form, editing=room, confirm=ConfirmForm()
    )


@bp.post("/events/<int:event_id>/rooms/<int:room_id>/delete")
@event_manager
@asks(impacts.delete_room)
def delete_room(event: Event, room_id: int) -> Response:
    room = child_or_404(Room, event, room_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(room)
        db.session.commit()
        flash(_("Room deleted. Its sessions keep their times and need a new room."), "success")
    return redirect(url_for(".rooms", event_id=event.id))


@bp.route("/events/<int:event_id>/partners/", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@event_manager
def partners(event: Event, partner_id: int | None = None) -> Response | str:
    partner = child_or_404(Partner, event, partner_id) if partner_id else None
    form = PartnerForm(obj=partner)
    if form.validate_on_submit():
        try:
            logo = form.logo.data
            image = read_image(logo.stream, max_bytes=_upload_limit()) if logo else None
            save_partner(event, form.to_data(), image, partner)
        except UploadError as error:
            db.session.rollback()
            form.logo.errors = [str(error)]
        except EventError as error:
            db.session.rollback()
            _field_error(form, error)
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
@event_manager
@asks(impacts.delete_partner)
def delete_partner(event: Event, partner_id: int) -> Response:
    partner = child_or_404(Partner, event, partner_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(partner)
        db.session.commit()
        flash(_("Partner removed."), "success")
    return redirect(url_for(".partners", event_id=event.id))


@bp.get("/events/<int:event_id>/partners/<int:partner_id>/logo")
@event_manager
def partner_logo(event: Event, partner_id: int) -> Response:
    partner = child_or_404(Partner, event, partner_id)
    if partner.logo is None:
        return Response(status=404)
    return image_response(partner.logo, partner.logo_type, partner.logo_digest, request)


@bp.route("/events/<int:event_id>/support/", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/support/<int:resource_id>/edit", methods=["GET", "POST"])
@event_manager
def support(event: Event, resource_id: int | None = None) -> Response | str:
    resource = child_or_404(SupportResource, event, resource_id) if resource_id else None
    form = SupportResourceForm(obj=resource)
    if form.validate_on_submit():
        try:
            save_support_resource(event, form.to_data(), resource)
        except EventError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(_("Support resource saved."), "success")
            return redirect(url_for(".support", event_id=event.id))
    return render_template(
        "manage/support.html", event=event, form=form, editing=resource, confirm=ConfirmForm()
    )


@bp.post("/events/<int:event_id>/support/<int:resource_id>/delete")
@event_manager
@asks(impacts.delete_support)
def delete_support(event: Event, resource_id: int) -> Response:
    resource = child_or_404(SupportResource, event, resource_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(resource)
        db.session.commit()
        flash(_("Support resource removed."), "success")
    return redirect(url_for(".support", event_id=event.id))


@bp.route("/events/<int:event_id>/organizers/", methods=["GET", "POST"])
@event_manager
def organizers(event: Event) -> Response | str:
    form = OrganizerForm()
    if form.validate_on_submit():
        try:
            added = add_organizer(event, form.email.data or "", now=utcnow())
        except EventError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(_("%(email)s can now manage this event.", email=added.email), "success")
            return redirect(url_for(".organizers", event_id=event.id))
    return render_template("manage/organizers.html", event=event, form=form, confirm=ConfirmForm())


@bp.post("/events/<int:event_id>/organizers/<int:organizer_id>/remove")
@event_manager
@asks(impacts.remove_organizer)
def remove_organizer_view(event: Event, organizer_id: int) -> Response:
    if ConfirmForm().validate_on_submit():
        try:
            remove_organizer(event, organizer_id)
        except EventError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("Organizer removed."), "success")
    if organizer_id == current_user.id:
        return redirect(url_for(".dashboard"))
    return redirect(url_for(".organizers", event_id=event.id))

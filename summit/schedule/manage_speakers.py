"""Organizer pages for speakers: profile, photo, availability windows."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
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
from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.exports.caching import forget_files
from summit.extensions import db
from summit.forms import show_domain_error
from summit.schedule.forms import AvailabilityForm
from summit.schedule.forms import SpeakerForm
from summit.schedule.labels import ROLE_LABELS
from summit.schedule.models import Session
from summit.schedule.models import Speaker
from summit.schedule.panels import speakers_with_email
from summit.schedule.queries import event_speakers
from summit.schedule.services import ScheduleError
from summit.schedule.speakers import add_availability
from summit.schedule.speakers import delete_speaker
from summit.schedule.speakers import remove_availability
from summit.schedule.speakers import save_speaker
from summit.uploads import UploadError
from summit.uploads import image_response
from summit.uploads import read_image

bp = Blueprint("manage_speakers", __name__)


def _save(event: Event, form: SpeakerForm, speaker: Speaker | None) -> Speaker | None:
    """Validate the photo and save; on failure the form carries the message."""
    try:
        upload = form.photo.data
        image = (
            read_image(upload.stream, max_bytes=int(current_app.config["UPLOAD_MAX_BYTES"]))
            if upload
            else None
        )
        saved = save_speaker(event, form.to_data(), image, speaker, now=utcnow())
    except UploadError as error:
        db.session.rollback()
        form.photo.errors = [str(error)]
        return None
    except ScheduleError as error:
        db.session.rollback()
        show_domain_error(form, error)
        return None
    db.session.commit()
    others = speakers_with_email(event, saved.email, exclude_id=saved.id)
    if others:
        flash(
            _(
                "%(names)s also uses %(email)s: if this is the same person, keep one of them.",
                names=", ".join(s.display_name for s in others),
                email=saved.email,
            ),
            "error",
        )
    return saved


@bp.route("/events/<int:event_id>/speakers/", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
def speakers(event: Event) -> Response | str:
    form = SpeakerForm()
    if form.validate_on_submit():
        speaker = _save(event, form, None)
        if speaker is not None:
            flash(_("Speaker saved."), "success")
            return _after_save(event, speaker)
    return render_template(
        "schedule/manage_speakers.html",
        event=event,
        speakers=event_speakers(event),
        form=form,
    )


@bp.route("/events/<int:event_id>/speakers/<int:speaker_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
def edit_speaker(event: Event, speaker_id: int) -> Response | str:
    speaker = child_or_404(Speaker, event, speaker_id)
    form = SpeakerForm()
    if request.method == "GET":
        form.load(speaker)
    elif form.validate_on_submit():
        if _save(event, form, speaker) is not None:
            flash(_("Speaker saved."), "success")
            return _after_save(event, speaker)
    return _speaker_page(event, speaker, form, AvailabilityForm(formdata=None))


def _return_session(event: Event) -> Session | None:
    """The session the organizer came from (``?session=``), to go back to after saving."""
    value = request.args.get("session", "")
    session = db.session.get(Session, int(value)) if value.isdigit() else None
    return session if session is not None and session.event_id == event.id else None


def _after_save(event: Event, speaker: Speaker) -> Response:
    back = _return_session(event)
    if back is not None:
        return redirect(
            url_for("manage_schedule.session", event_id=event.id, session_id=back.id) + "#speakers"
        )
    return redirect(url_for(".edit_speaker", event_id=event.id, speaker_id=speaker.id))


def _speaker_page(
    event: Event, speaker: Speaker, form: SpeakerForm, window_form: AvailabilityForm
) -> str:
    return render_template(
        "schedule/speaker_form.html",
        event=event,
        speaker=speaker,
        form=form,
        window_form=window_form,
        confirm=ConfirmForm(),
        role_labels=ROLE_LABELS,
        back_session=_return_session(event),
    )


@bp.post("/events/<int:event_id>/speakers/<int:speaker_id>/delete")
@requires(Permission.EDIT_CONTENT)
@asks(impacts.delete_speaker)
def delete_speaker_view(event: Event, speaker_id: int) -> Response:
    speaker = child_or_404(Speaker, event, speaker_id)
    if ConfirmForm().validate_on_submit():
        # Their schedule PDFs go with them (the service may not know the exports).
        forget_files(event.id, f"speaker-{speaker.id}.")
        delete_speaker(event, speaker, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("Speaker deleted."), "success")
        return redirect(url_for(".speakers", event_id=event.id))
    flash(_("The form expired. Reload the page and try again."), "error")
    return redirect(url_for(".edit_speaker", event_id=event.id, speaker_id=speaker.id))


@bp.get("/events/<int:event_id>/speakers/<int:speaker_id>/photo")
@requires(Permission.EDIT_CONTENT)
def speaker_photo(event: Event, speaker_id: int) -> Response:
    speaker = child_or_404(Speaker, event, speaker_id)
    if speaker.photo is None:
        return Response(status=404)
    return image_response(speaker.photo, speaker.photo_type, speaker.photo_digest, request)


@bp.post("/events/<int:event_id>/speakers/<int:speaker_id>/availability")
@requires(Permission.EDIT_CONTENT)
def add_window(event: Event, speaker_id: int) -> Response | str:
    speaker = child_or_404(Speaker, event, speaker_id)
    window_form = AvailabilityForm()
    if window_form.validate_on_submit():
        try:
            add_availability(event, speaker, window_form.slot(), now=utcnow())
        except ScheduleError as error:
            db.session.rollback()
            show_domain_error(window_form, error)
        else:
            db.session.commit()
            flash(_("Availability added."), "success")
            return redirect(url_for(".edit_speaker", event_id=event.id, speaker_id=speaker.id))
    form = SpeakerForm(formdata=None)
    form.load(speaker)
    return _speaker_page(event, speaker, form, window_form)


@bp.post("/events/<int:event_id>/speakers/<int:speaker_id>/availability/<int:window_id>/delete")
@requires(Permission.EDIT_CONTENT)
@asks(impacts.remove_window)
def remove_window(event: Event, speaker_id: int, window_id: int) -> Response:
    speaker = child_or_404(Speaker, event, speaker_id)
    if ConfirmForm().validate_on_submit():
        try:
            remove_availability(speaker, window_id, now=utcnow())
        except ScheduleError:
            db.session.rollback()
            return Response(status=404)
        db.session.commit()
        flash(_("Availability removed."), "success")
    return redirect(url_for(".edit_speaker", event_id=event.id, speaker_id=speaker.id))

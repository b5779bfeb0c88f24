"""The speaker's private pages under /events/<slug>/speaker/<token>/.

The token is the credential: a wrong or rotated token, or a draft event, is a 404.
Pages are never cached by shared caches and never leak the URL as a referrer.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.models import Event
from summit.events.views import public_event_or_404
from summit.exports.caching import export_version
from summit.exports.calendar_files import calendar_file_response
from summit.exports.calendar_files import feed_language
from summit.exports.calendar_files import speaker_calendar_name
from summit.exports.loading import speaker_sessions
from summit.exports.personal import Waiting
from summit.exports.personal import personal_pdf
from summit.extensions import db
from summit.forms import show_domain_error
from summit.localized.reading import event_language
from summit.schedule.labels import kind_label
from summit.schedule.labels import role_label
from summit.schedule.services import ScheduleError
from summit.schedule.speakers import update_profile
from summit.speaker_portal.forms import ProfileForm
from summit.speaker_portal.forms import RespondForm
from summit.speaker_portal.models import SpeakerInvitation
from summit.speaker_portal.schedule_pdf import schedule_version
from summit.speaker_portal.schedule_pdf import speaker_kind
from summit.speaker_portal.services import invitation_for_token
from summit.speaker_portal.services import respond
from summit.templating import local_time
from summit.templating import long_date
from summit.uploads import UploadError
from summit.uploads import image_response
from summit.uploads import read_image
from summit.urls import absolute_url

bp = Blueprint("speaker_portal", __name__)
PREFIX = "/events/<slug>/speaker/<token>"


@bp.after_request
def _private_headers(response: Response) -> Response:
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    if request.endpoint == "speaker_portal.portal":
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _portal_or_404(slug: str, token: str) -> tuple[Event, SpeakerInvitation]:
    event = public_event_or_404(slug)
    invitation = invitation_for_token(event, token)
    if invitation is None:
        abort(404)
    return event, invitation


def _render_portal(
    event: Event, invitation: SpeakerInvitation, token: str, profile: ProfileForm, status: int = 200
) -> tuple[str, int]:
    speaker = invitation.speaker
    sessions = speaker_sessions(speaker)
    items = []
    for session in sessions:
        mine = next(r for r in session.roles if r.speaker_id == speaker.id)
        others = [
            (role_label(r.role), r.speaker) for r in session.roles if r.speaker_id != speaker.id
        ]
        assert session.starts_at is not None and session.ends_at is not None
        local_start = session.starts_at.astimezone(ZoneInfo(event.timezone))
        items.append(
            {
                "session": session,
                "when": f"{long_date(local_start.date())}, {local_time(session.starts_at, event.timezone)}–{local_time(session.ends_at, event.timezone)}",
                "kind": kind_label(session.kind),
                "role": role_label(mine.role),
                "others": others,
            }
        )
    ics_url = absolute_url("speaker_portal.schedule_ics", slug=event.slug, token=token)
    return (
        render_template(
            "speaker_portal/portal.html",
            event=event,
            invitation=invitation,
            speaker=speaker,
            token=token,
            items=items,
            respond_form=RespondForm(),
            profile=profile,
            ics_url=ics_url,
            webcal_url="webcal://" + ics_url.split("://", 1)[1],
        ),
        status,
    )


@bp.get(f"{PREFIX}/")
def portal(slug: str, token: str) -> tuple[str, int]:
    event, invitation = _portal_or_404(slug, token)
    return _render_portal(event, invitation, token, ProfileForm(obj=invitation.speaker))


@bp.post(f"{PREFIX}/respond")
def answer(slug: str, token: str) -> Response | tuple[str, int]:
    event, invitation = _portal_or_404(slug, token)
    form = RespondForm()
    if not form.validate_on_submit():
        flash(_("Choose to confirm or decline, then try again."), "error")
        return _render_portal(event, invitation, token, ProfileForm(obj=invitation.speaker), 400)
    confirmed = form.answer.data == "confirm"
    respond(invitation, confirmed=confirmed, now=utcnow())
    db.session.commit()
    flash(
        _("Thank you, your participation is confirmed.")
        if confirmed
        else _("Thank you for letting us know. The organizers will be in touch."),
        "success",
    )
    return redirect(url_for(".portal", slug=slug, token=token))


@bp.post(f"{PREFIX}/profile")
def profile(slug: str, token: str) -> Response | tuple[str, int]:
    event, invitation = _portal_or_404(slug, token)
    form = ProfileForm()
    if form.validate_on_submit():
        try:
            upload = form.photo.data
            photo = (
                read_image(upload.stream, max_bytes=int(current_app.config["UPLOAD_MAX_BYTES"]))
                if upload
                else None
            )
            update_profile(invitation.speaker, bio=form.bio.data or "", photo=photo, now=utcnow())
        except UploadError as error:
            db.session.rollback()
            form.photo.errors = [str(error)]
        except ScheduleError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Your profile is saved."), "success")
            return redirect(url_for(".portal", slug=slug, token=token))
    return _render_portal(event, invitation, token, form, 400)


@bp.get(f"{PREFIX}/photo")
def photo(slug: str, token: str) -> Response:
    _event, invitation = _portal_or_404(slug, token)
    speaker = invitation.speaker
    if speaker.photo is None:
        abort(404)
    response = image_response(speaker.photo, speaker.photo_type, speaker.photo_digest, request)
    response.cache_control.public = False
    response.cache_control.private = True
    return response


@bp.get(f"{PREFIX}/schedule.ics")
def schedule_ics(slug: str, token: str) -> Response:
    event, invitation = _portal_or_404(slug, token)
    language = feed_language()
    speaker = invitation.speaker
    return calendar_file_response(
        event,
        key=("speaker.ics", str(speaker.id)),
        filename="schedule.ics",
        name=lambda: speaker_calendar_name(event, speaker, language),
        sessions=lambda: speaker_sessions(speaker),
        private=True,
        language=language,
    )


@bp.get(f"{PREFIX}/schedule.pdf")
def schedule_pdf(slug: str, token: str) -> Response:
    """The speaker's own schedule as the worker rendered it (the waiting page meanwhile)."""
    event, invitation = _portal_or_404(slug, token)
    language = event_language(event, request.args.get("lang"))
    kind = speaker_kind(
        invitation.speaker.id, None if language == event.main_language else language
    )
    version = schedule_version(event.id, kind)
    assert version is not None  # the invitation's speaker is the event's
    return personal_pdf(
        event.id,
        kind,
        version,
        last_modified=export_version(event.id).last_modified,
        filename=f"schedule-{language}.pdf",
        waiting=Waiting(
            heading=_("Your schedule is being prepared"),
            link=_("Open your schedule"),
            back_url=url_for(".portal", slug=slug, token=token),
            back=_("Back to my speaker page"),
        ),
    )

"""Organizer actions on speaker invitations, under /manage/."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import event_manager
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.extensions import db
from summit.outbox.services import queue_mails
from summit.schedule.models import Speaker
from summit.speaker_portal.services import InvitationError
from summit.speaker_portal.services import can_receive_link
from summit.speaker_portal.services import invitation_mail
from summit.speaker_portal.services import invitation_of
from summit.speaker_portal.services import invite_speaker
from summit.speaker_portal.services import rotate_invitation
from summit.urls import absolute_url

bp = Blueprint("speaker_invitations", __name__)


def portal_url(event: Event, token: str) -> str:
    return absolute_url("speaker_portal.portal", slug=event.slug, token=token)


@bp.get("/events/<int:event_id>/speakers/<int:speaker_id>/invitation")
@event_manager
def invitation(event: Event, speaker_id: int) -> str:
    speaker = child_or_404(Speaker, event, speaker_id)
    return render_template(
        "speaker_portal/invitation.html",
        event=event,
        speaker=speaker,
        invitation=invitation_of(speaker),
        confirm=ConfirmForm(),
    )


@bp.post("/events/<int:event_id>/speakers/<int:speaker_id>/invite")
@event_manager
def invite(event: Event, speaker_id: int) -> Response:
    return _send(event, speaker_id, rotate=False)


@bp.post("/events/<int:event_id>/speakers/<int:speaker_id>/invite/rotate")
@event_manager
def rotate(event: Event, speaker_id: int) -> Response:
    return _send(event, speaker_id, rotate=True)


def _send(event: Event, speaker_id: int, *, rotate: bool) -> Response:
    speaker = child_or_404(Speaker, event, speaker_id)
    back = redirect(url_for(".invitation", event_id=event.id, speaker_id=speaker.id))
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired. Reload the page and try again."), "error")
        return back
    action = rotate_invitation if rotate else invite_speaker
    now = utcnow()
    try:
        _invitation, token = action(speaker, secret=current_app.config["SECRET_KEY"], now=now)
    except InvitationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return back
    if not can_receive_link(speaker):  # only a rotation gets here: the old link is dead
        db.session.commit()
        flash(
            _(
                "The old link no longer works. Send the invitation once the event is "
                "published and the speaker has an e-mail address."
            ),
            "success",
        )
        return back
    queue_mails(
        [invitation_mail(event, speaker, portal_url(event, token), rotated=rotate)],
        kind="speaker_new_link" if rotate else "speaker_invitation",
        event_id=event.id,
        now=now,
    )
    db.session.commit()
    if rotate:
        flash(
            _(
                "A new link is being sent to %(email)s; the old one no longer works.",
                email=speaker.email,
            ),
            "success",
        )
    else:
        flash(_("The invitation is being sent to %(email)s.", email=speaker.email), "success")
    return back

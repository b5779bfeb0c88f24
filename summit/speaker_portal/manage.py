"""Organizer actions on speaker invitations, under /manage/."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.outbox.services import queue_mails
from summit.schedule.models import Session
from summit.schedule.models import Speaker
from summit.schedule.panel_forms import InviteAllForm
from summit.schedule.queries import event_speakers
from summit.speaker_portal.services import InvitationError
from summit.speaker_portal.services import can_receive_link
from summit.speaker_portal.services import current_token
from summit.speaker_portal.services import default_invitation_text
from summit.speaker_portal.services import invitation_mail
from summit.speaker_portal.services import invitation_of
from summit.speaker_portal.services import invite_speaker
from summit.speaker_portal.services import rotate_invitation
from summit.speaker_portal.services import send_invitations
from summit.urls import absolute_url

bp = Blueprint("speaker_invitations", __name__)


def portal_url(event: Event, token: str) -> str:
    return absolute_url("speaker_portal.portal", slug=event.slug, token=token)


@bp.get("/events/<int:event_id>/speakers/<int:speaker_id>/invitation")
@requires(Permission.EDIT_CONTENT)
def invitation(event: Event, speaker_id: int) -> str:
    speaker = child_or_404(Speaker, event, speaker_id)
    token = current_token(speaker, current_app.config["SECRET_KEY"])
    return render_template(
        "speaker_portal/invitation.html",
        event=event,
        speaker=speaker,
        invitation=invitation_of(speaker),
        link=portal_url(event, token) if token else "",
        confirm=ConfirmForm(),
    )


@bp.post("/events/<int:event_id>/speakers/<int:speaker_id>/invite")
@requires(Permission.EDIT_CONTENT)
def invite(event: Event, speaker_id: int) -> Response:
    return _send(event, speaker_id, rotate=False)


@bp.post("/events/<int:event_id>/speakers/<int:speaker_id>/invite/rotate")
@requires(Permission.EDIT_CONTENT)
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


@bp.route("/events/<int:event_id>/invitations/new", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
def invite_all(event: Event) -> Response | str:
    """One message to every speaker of a session (``?session=``) or of the event who
    has not been invited yet; each gets their own link below it."""
    session_id = request.args.get("session", "")
    session = child_or_404(Session, event, int(session_id)) if session_id.isdigit() else None
    speakers = (
        [link.speaker for link in session.roles] if session is not None else event_speakers(event)
    )
    form = InviteAllForm()
    if request.method == "GET":
        form.message.data = default_invitation_text(event)
    elif form.validate_on_submit() and event.is_published:
        invited, _skipped = send_invitations(
            event,
            speakers,
            intro=form.message.data or "",
            secret=current_app.config["SECRET_KEY"],
            link_for=lambda token: portal_url(event, token),
            now=utcnow(),
        )
        db.session.commit()
        flash(
            ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", len(invited)),
            "success",
        )
        if session is not None:
            return redirect(
                url_for("manage_schedule.session", event_id=event.id, session_id=session.id)
                + "#speakers"
            )
        return redirect(url_for("manage_speakers.speakers", event_id=event.id))
    invitations = {s.id: invitation_of(s) for s in speakers}
    return render_template(
        "speaker_portal/invite_all.html",
        event=event,
        session=session,
        form=form,
        to_invite=[s for s in speakers if invitations[s.id] is None and can_receive_link(s)],
        invited=[s for s in speakers if invitations[s.id] is not None],
        no_email=[s for s in speakers if invitations[s.id] is None and not s.email.strip()],
    )

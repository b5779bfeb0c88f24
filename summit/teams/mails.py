"""The invitation e-mail, in the event's main language."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from summit.mail import Mail
from summit.teams.labels import ROLE_LABELS
from summit.teams.models import TeamInvitation
from summit.urls import absolute_url

SUBJECT = _l("You are invited to the team of %(event)s")


def invitation_mail(invitation: TeamInvitation, token: str) -> Mail:
    event = invitation.event
    with force_locale(event.main_language):
        context = {
            "event": event,
            "role": ROLE_LABELS[invitation.role],
            "sensitive": invitation.may_see_sensitive,
            "link": absolute_url("team_invitations.accept", token=token),
            "expires_at": invitation.expires_at,
        }
        return Mail(
            to=invitation.email,
            subject=str(SUBJECT) % {"event": event.title},
            text=render_template("teams/mail/invitation.txt", **context),
            html=render_template("teams/mail/invitation.html", **context),
            language=event.main_language,
            reply_to=event.contact_email or None,
            sender_name=event.title,
        )

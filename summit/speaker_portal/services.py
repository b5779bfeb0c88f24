"""Speaker invitations and what a speaker may change: their answer, bio and photo.

Services take ``now`` and the app's secret explicitly, add and flush, never commit.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from summit.domain import DomainError
from summit.events.models import Event
from summit.events.revision import bump_revision
from summit.extensions import db
from summit.mail import Mail
from summit.mail import header_text
from summit.outbox.services import queue_mails
from summit.schedule.models import Speaker
from summit.speaker_portal.models import InvitationStatus
from summit.speaker_portal.models import SpeakerInvitation


class InvitationError(DomainError):
    """A rule stops the invitation."""


def derive_token(secret: str, speaker_id: int, salt: str) -> str:
    """The link's token: an HMAC of the speaker and the current salt (43 URL-safe chars)."""
    digest = hmac.new(
        secret.encode(), f"speaker-invitation:{speaker_id}:{salt}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_salt(invitation: SpeakerInvitation, speaker: Speaker, secret: str) -> str:
    invitation.token_salt = secrets.token_hex(16)
    token = derive_token(secret, speaker.id, invitation.token_salt)
    invitation.token_hash = hash_token(token)
    return token


def can_receive_link(speaker: Speaker) -> bool:
    """A link can be e-mailed: the event is public and the speaker has an address."""
    return speaker.event.is_published and bool(speaker.email.strip())


def _check_invitable(speaker: Speaker) -> None:
    if not speaker.event.is_published:
        raise InvitationError(
            _l("Publish the event first: the speaker's page is public only for published events.")
        )
    if not speaker.email.strip():
        raise InvitationError(
            _l("Add this speaker's e-mail address before sending the invitation."), "email"
        )


def invitation_of(speaker: Speaker) -> SpeakerInvitation | None:
    return db.session.execute(
        select(SpeakerInvitation).where(SpeakerInvitation.speaker_id == speaker.id)
    ).scalar_one_or_none()


def invite_speaker(
    speaker: Speaker, *, secret: str, now: datetime
) -> tuple[SpeakerInvitation, str]:
    """Invite ``speaker``, or re-send their current link (the same link, still valid).

    :returns: the invitation and the token for the e-mail.
    :raises InvitationError: the event is a draft or the speaker has no e-mail.
    """
    _check_invitable(speaker)
    invitation = invitation_of(speaker)
    if invitation is None:
        invitation = SpeakerInvitation(speaker=speaker, invited_at=now)
        token = _new_salt(invitation, speaker, secret)
        db.session.add(invitation)
    else:
        token = derive_token(secret, speaker.id, invitation.token_salt)
        if not hmac.compare_digest(hash_token(token), invitation.token_hash):
            # The secret key changed since: the old link is dead anyway, issue a new one.
            token = _new_salt(invitation, speaker, secret)
            invitation.rotated_at = now
    invitation.sent_at = now
    db.session.flush()
    return invitation, token


def rotate_invitation(
    speaker: Speaker, *, secret: str, now: datetime
) -> tuple[SpeakerInvitation, str]:
    """Replace the speaker's link with a new one; every older link stops working.
    Allowed on drafts and without an e-mail address, so a leaked link can always be
    killed; whether the new one can be sent says :func:`can_receive_link`.

    :raises InvitationError: there is no invitation yet.
    """
    invitation = invitation_of(speaker)
    if invitation is None:
        raise InvitationError(_l("This speaker has not been invited yet. Send an invitation."))
    token = _new_salt(invitation, speaker, secret)
    invitation.rotated_at = now
    invitation.sent_at = now
    db.session.flush()
    return invitation, token


def invitation_for_token(event: Event, token: str) -> SpeakerInvitation | None:
    """The invitation whose current link is ``token`` for a speaker of ``event``."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.execute(
        select(SpeakerInvitation).where(SpeakerInvitation.token_hash == hash_token(token))
    ).scalar_one_or_none()
    if invitation is None or invitation.speaker.event_id != event.id:
        return None
    return invitation


def respond(invitation: SpeakerInvitation, *, confirmed: bool, now: datetime) -> None:
    """Record the speaker's answer; they may change their mind until the event."""
    invitation.status = InvitationStatus.CONFIRMED if confirmed else InvitationStatus.DECLINED
    invitation.responded_at = now
    db.session.flush()
    # Declining takes the public profile down: the cached speakers list must follow.
    bump_revision(invitation.speaker.event, now=now)


def current_token(speaker: Speaker, secret: str) -> str | None:
    """The speaker's link as it works now, for the organizer to copy; None when the
    speaker was never invited or the secret key changed since (send it again)."""
    invitation = invitation_of(speaker)
    if invitation is None:
        return None
    token = derive_token(secret, speaker.id, invitation.token_salt)
    return token if hmac.compare_digest(hash_token(token), invitation.token_hash) else None


def default_invitation_text(event: Event) -> str:
    with force_locale(event.main_language):
        return _("You are invited to speak at %(event)s.", event=event.title)


def invite_many(
    speakers: list[Speaker], *, secret: str, now: datetime
) -> tuple[list[tuple[Speaker, str]], list[Speaker]]:
    """Invite every speaker not invited yet who can receive a link.

    :returns: (speaker, token) for those invited now, and those skipped (already invited
        or without an e-mail address).
    """
    invited, skipped = [], []
    for speaker in speakers:
        if invitation_of(speaker) is not None or not can_receive_link(speaker):
            skipped.append(speaker)
            continue
        _invitation, token = invite_speaker(speaker, secret=secret, now=now)
        invited.append((speaker, token))
    return invited, skipped


def send_invitations(
    event: Event,
    speakers: list[Speaker],
    *,
    intro: str,
    secret: str,
    link_for: Callable[[str], str],
    now: datetime,
) -> tuple[list[Speaker], list[Speaker]]:
    """Invite at once everyone in ``speakers`` not invited yet, with the organizer's own
    words; the e-mails go to the outbox in this transaction.

    :param link_for: the absolute address of a speaker's page from its token.
    :returns: the speakers invited now, and those skipped.
    """
    invited, skipped = invite_many(speakers, secret=secret, now=now)
    mails = [
        invitation_mail(event, speaker, link_for(token), rotated=False, intro=intro.strip())
        for speaker, token in invited
    ]
    queue_mails(mails, kind="speaker_invitation", event_id=event.id, now=now)
    return [speaker for speaker, _token in invited], skipped


def invitation_mail(
    event: Event, speaker: Speaker, link: str, *, rotated: bool, intro: str = ""
) -> Mail:
    """The e-mail with the private link, in the event's language; ``intro`` is the
    organizer's own words instead of the standard first line."""
    with force_locale(event.main_language):
        subject = _("Your speaker page for %(event)s", event=event.title)
        lines = [
            _("Hello %(name)s,", name=header_text(speaker.display_name)),
            "",
            _("Your new private link replaces the previous one, which no longer works.")
            if rotated
            else intro or _("You are invited to speak at %(event)s.", event=event.title),
            _(
                "On your page you can confirm or decline, check your sessions, rooms and "
                "co-panelists, update your bio and photo, and download your schedule."
            ),
            "",
            link,
            "",
            _("This link is personal: please do not share it."),
        ]
    return Mail(
        to=speaker.email,
        subject=subject,
        text="\n".join(lines),
        reply_to=event.contact_email or None,
        sender_name=event.title,
        language=event.main_language,
    )

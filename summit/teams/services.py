"""Team rules: invitations, roles, removal, and the one-owner invariant.

Only owners change the team (checked here as well as on the route). Every change is
written to the access log in the same transaction. The last owner can be neither demoted
nor removed: checked here for a clear message, and by a database trigger
(``summit.events.triggers``) for whatever path gets past this code.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from summit.audit.models import AccessAction
from summit.audit.services import Actor
from summit.audit.services import record
from summit.auth.models import Organizer
from summit.auth.services import AccountError
from summit.auth.services import create_organizer
from summit.auth.services import find_organizer
from summit.auth.services import normalize_email
from summit.events.models import ATTENDEE_DATA_ROLES
from summit.events.models import Event
from summit.events.models import EventOrganizer
from summit.events.models import TeamRole
from summit.events.services import EventError
from summit.extensions import db
from summit.outbox.services import queue_mails
from summit.teams.mails import invitation_mail
from summit.teams.models import TeamInvitation

INVITATION_DAYS = 7


class TeamError(EventError):
    """A team rule was broken. The message stays lazy (translated when shown), so the
    rules also run outside a request."""

    def __init__(self, message: object, field: str | None = None) -> None:
        Exception.__init__(self, message)
        self.message = message
        self.field = field


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _require_owner(actor: EventOrganizer) -> None:
    if actor.role is not TeamRole.OWNER:
        raise TeamError(_l("Only an owner can change the team."))


def _check_sensitive(role: TeamRole, may_see_sensitive: bool) -> None:
    if may_see_sensitive and role not in ATTENDEE_DATA_ROLES:
        raise TeamError(
            _l("Only owners and registration managers can see sensitive answers."),
            "may_see_sensitive",
        )


def _lock_event(event: Event) -> None:
    """Serialize team changes of one event (PostgreSQL; SQLite has one writer anyway)."""
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())


def _owner_count(event: Event) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(EventOrganizer)
        .where(EventOrganizer.event_id == event.id, EventOrganizer.role == TeamRole.OWNER)
    ).scalar_one()


def _flush(message: object) -> None:
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise TeamError(message) from error


def team_member(event: Event, organizer_id: int) -> EventOrganizer:
    membership = db.session.get(EventOrganizer, (event.id, organizer_id))
    if membership is None:
        raise TeamError(_l("This person is not on the team any more."))
    return membership


def add_member(
    event: Event,
    organizer: Organizer,
    role: TeamRole,
    *,
    actor: Actor,
    now: datetime,
    may_see_sensitive: bool = False,
) -> EventOrganizer:
    """Put an existing account on the team (event creation, accepted invitations, the
    demo). :raises TeamError: already on the team, or the flag does not fit the role."""
    _check_sensitive(role, may_see_sensitive)
    if db.session.get(EventOrganizer, (event.id, organizer.id)) is not None:
        raise TeamError(_l("This person is already on the team."), "email")
    membership = EventOrganizer(
        event=event,
        organizer=organizer,
        role=role,
        may_see_sensitive=may_see_sensitive,
        added_at=now,
    )
    db.session.add(membership)
    _flush(_l("This person is already on the team."))
    record(
        event.id,
        AccessAction.MEMBER_JOINED,
        actor=actor,
        now=now,
        subject=organizer.email,
        detail=f"role: {role.value}; sensitive answers: {_yes_no(may_see_sensitive)}",
    )
    return membership


def invite_member(
    event: Event,
    email: str,
    role: TeamRole,
    *,
    may_see_sensitive: bool,
    actor: EventOrganizer,
    now: datetime,
) -> tuple[TeamInvitation, str]:
    """Invite someone by e-mail (queued in the outbox); a second invitation to the same
    address replaces the first. Returns the invitation and its token (only known now).

    :raises TeamError: not an owner, already on the team, or the flag does not fit.
    """
    _require_owner(actor)
    _check_sensitive(role, may_see_sensitive)
    email = normalize_email(email)
    existing = find_organizer(email)
    if existing is not None and db.session.get(EventOrganizer, (event.id, existing.id)):
        raise TeamError(_l("This person is already on the team."), "email")
    db.session.execute(
        update(TeamInvitation)
        .where(
            TeamInvitation.event_id == event.id,
            TeamInvitation.email == email,
            TeamInvitation.accepted_at.is_(None),
            TeamInvitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    invitation = TeamInvitation(
        event=event,
        email=email,
        role=role,
        may_see_sensitive=may_see_sensitive,
        token_hash=hash_token(token),
        invited_by_id=actor.organizer_id,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    _flush(_l("Someone else just invited this person. Reload the page."))
    record(
        event.id,
        AccessAction.MEMBER_INVITED,
        actor=Actor.member(actor),
        now=now,
        subject=email,
        detail=f"role: {role.value}; sensitive answers: {_yes_no(may_see_sensitive)}",
    )
    queue_mails(
        [invitation_mail(invitation, token)], kind="team_invitation", event_id=event.id, now=now
    )
    return invitation, token


def revoke_invitation(invitation: TeamInvitation, *, actor: EventOrganizer, now: datetime) -> None:
    _require_owner(actor)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = now
        db.session.flush()


def open_invitation(token: str, *, now: datetime) -> TeamInvitation | None:
    """The invitation this link opens, if it is still valid."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.execute(
        select(TeamInvitation).where(TeamInvitation.token_hash == hash_token(token))
    ).scalar_one_or_none()
    return invitation if invitation is not None and invitation.is_open(now) else None


def accept_invitation(
    invitation: TeamInvitation,
    *,
    organizer: Organizer | None,
    name: str = "",
    password: str = "",
    now: datetime,
) -> EventOrganizer:
    """Join the team. Someone without an account sets their password here; an existing
    account must be signed in (the link never resets a password).

    :raises TeamError: the invitation is closed, for another address, or the account
        exists and is not signed in.
    """
    if not invitation.is_open(now):
        raise TeamError(_l("This invitation has expired or was withdrawn. Ask for a new one."))
    if organizer is None:
        if find_organizer(invitation.email) is not None:
            raise TeamError(
                _l("An account with this e-mail exists: sign in, then open the link again.")
            )
        try:
            organizer = create_organizer(invitation.email, password, name=name, now=now)
        except AccountError as error:
            raise TeamError(str(error), "password") from error
    elif organizer.email != invitation.email:
        raise TeamError(
            _l(
                "This invitation is for %(email)s. Sign out and open the link again.",
                email=invitation.email,
            )
        )
    membership = add_member(
        invitation.event,
        organizer,
        invitation.role,
        may_see_sensitive=invitation.may_see_sensitive,
        actor=Actor(organizer.id, organizer.email, invitation.role.value),
        now=now,
    )
    invitation.accepted_at = now
    db.session.flush()
    return membership


def change_role(
    event: Event,
    member: EventOrganizer,
    role: TeamRole,
    *,
    may_see_sensitive: bool,
    actor: EventOrganizer,
    now: datetime,
) -> bool:
    """Set a member's role and sensitive-answers permission. Returns whether anything
    changed. :raises TeamError: not an owner, the last owner, or the flag does not fit."""
    _require_owner(actor)
    _check_sensitive(role, may_see_sensitive)
    _lock_event(event)
    before = (member.role, member.may_see_sensitive)
    if before == (role, may_see_sensitive):
        return False
    if member.role is TeamRole.OWNER and role is not TeamRole.OWNER and _owner_count(event) <= 1:
        raise TeamError(_l("An event always keeps one owner. Make someone else owner first."))
    member.role = role
    member.may_see_sensitive = may_see_sensitive
    _flush(_l("An event always keeps one owner. Make someone else owner first."))
    record(
        event.id,
        AccessAction.ROLE_CHANGED,
        actor=Actor.member(actor),
        now=now,
        subject=member.organizer.email,
        detail=(
            f"role: {before[0].value} -> {role.value}; "
            f"sensitive answers: {_yes_no(before[1])} -> {_yes_no(may_see_sensitive)}"
        ),
    )
    return True


def remove_member(
    event: Event, member: EventOrganizer, *, actor: EventOrganizer, now: datetime
) -> None:
    """:raises TeamError: not an owner, or the member is the last owner."""
    _require_owner(actor)
    _lock_event(event)
    if member.role is TeamRole.OWNER and _owner_count(event) <= 1:
        raise TeamError(_l("An event always keeps one owner. Make someone else owner first."))
    email, role = member.organizer.email, member.role
    event.memberships.remove(member)
    _flush(_l("An event always keeps one owner. Make someone else owner first."))
    record(
        event.id,
        AccessAction.MEMBER_REMOVED,
        actor=Actor.member(actor),
        now=now,
        subject=email,
        detail=f"role: {role.value}",
    )


def open_invitations(event: Event, *, now: datetime) -> list[TeamInvitation]:
    return list(
        db.session.execute(
            select(TeamInvitation)
            .where(
                TeamInvitation.event_id == event.id,
                TeamInvitation.accepted_at.is_(None),
                TeamInvitation.revoked_at.is_(None),
                TeamInvitation.expires_at > now,
            )
            .order_by(TeamInvitation.created_at)
        ).scalars()
    )

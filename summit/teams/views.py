"""The team page under /manage/ (owners only) and the public invitation link."""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_user
from werkzeug.wrappers import Response

from summit.confirm import asks
from summit.confirm import impacts
from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import current_membership
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.events.permissions import landing_endpoint
from summit.extensions import db
from summit.forms import show_domain_error
from summit.teams.forms import AcceptForm
from summit.teams.forms import InviteForm
from summit.teams.forms import RoleForm
from summit.teams.labels import ROLE_DESCRIPTIONS
from summit.teams.labels import ROLE_LABELS
from summit.teams.models import TeamInvitation
from summit.teams.services import TeamError
from summit.teams.services import accept_invitation
from summit.teams.services import change_role
from summit.teams.services import invite_member
from summit.teams.services import open_invitation
from summit.teams.services import open_invitations
from summit.teams.services import remove_member
from summit.teams.services import revoke_invitation
from summit.teams.services import team_member

bp = Blueprint("manage_team", __name__)
public = Blueprint("team_invitations", __name__)


def _team_page(event: Event, form: InviteForm) -> str:
    members = sorted(event.memberships, key=lambda m: (list(ROLE_LABELS).index(m.role), m.added_at))
    role_forms = {}
    for member in members:
        role_form = RoleForm(formdata=None, prefix=f"m{member.organizer_id}")
        role_form.role.data = member.role.value
        role_form.may_see_sensitive.data = member.may_see_sensitive
        role_forms[member.organizer_id] = role_form
    return render_template(
        "teams/team.html",
        event=event,
        form=form,
        members=members,
        role_forms=role_forms,
        invitations=open_invitations(event, now=utcnow()),
        role_labels=ROLE_LABELS,
        role_descriptions=ROLE_DESCRIPTIONS,
        confirm=ConfirmForm(),
    )


@bp.route("/events/<int:event_id>/team/", methods=["GET", "POST"])
@requires(Permission.MANAGE_TEAM)
def team(event: Event) -> Response | str:
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation, _token = invite_member(
                event,
                form.email.data or "",
                form.chosen_role,
                may_see_sensitive=bool(form.may_see_sensitive.data),
                actor=current_membership(),
                now=utcnow(),
            )
        except TeamError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Invitation e-mailed to %(email)s.", email=invitation.email), "success")
            return redirect(url_for(".team", event_id=event.id))
    return _team_page(event, form)


@bp.post("/events/<int:event_id>/team/<int:organizer_id>/role")
@requires(Permission.MANAGE_TEAM)
def set_role(event: Event, organizer_id: int) -> Response:
    form = RoleForm(prefix=f"m{organizer_id}")
    if form.validate_on_submit():
        try:
            changed = change_role(
                event,
                team_member(event, organizer_id),
                form.chosen_role,
                may_see_sensitive=bool(form.may_see_sensitive.data),
                actor=current_membership(),
                now=utcnow(),
            )
        except TeamError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("Role saved.") if changed else _("Nothing changed."), "success")
    else:
        flash(_("Choose a role from the list."), "error")
    return redirect(url_for(".team", event_id=event.id))


@bp.post("/events/<int:event_id>/team/<int:organizer_id>/remove")
@requires(Permission.MANAGE_TEAM)
@asks(impacts.remove_organizer)
def remove(event: Event, organizer_id: int) -> Response:
    if ConfirmForm().validate_on_submit():
        try:
            remove_member(
                event, team_member(event, organizer_id), actor=current_membership(), now=utcnow()
            )
        except TeamError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("Removed from the team."), "success")
            if organizer_id == current_user.id:
                return redirect(url_for("manage_events.dashboard"))
    return redirect(url_for(".team", event_id=event.id))


@bp.post("/events/<int:event_id>/team/invitations/<int:invitation_id>/revoke")
@requires(Permission.MANAGE_TEAM)
def revoke(event: Event, invitation_id: int) -> Response:
    invitation = child_or_404(TeamInvitation, event, invitation_id)
    if ConfirmForm().validate_on_submit():
        revoke_invitation(invitation, actor=current_membership(), now=utcnow())
        db.session.commit()
        flash(_("Invitation withdrawn: its link no longer works."), "success")
    return redirect(url_for(".team", event_id=event.id))


@public.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str) -> Response | tuple[str, int] | str:
    now = utcnow()
    invitation = open_invitation(token, now=now)
    if invitation is None:
        return render_template("teams/invitation_closed.html"), 404
    signed_in = current_user if current_user.is_authenticated else None
    form = AcceptForm() if signed_in is None else ConfirmForm()
    if form.validate_on_submit():
        name, password = (
            (form.name.data or "", form.password.data or "")
            if isinstance(form, AcceptForm)
            else ("", "")
        )
        try:
            membership = accept_invitation(
                invitation, organizer=signed_in, name=name, password=password, now=now
            )
        except TeamError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            if signed_in is None:
                login_user(membership.organizer)
            flash(_("Welcome to the team of %(event)s.", event=invitation.event.title), "success")
            return redirect(
                url_for(landing_endpoint(membership.role), event_id=membership.event_id)
            )
    return render_template(
        "teams/accept.html",
        invitation=invitation,
        form=form,
        signed_in=signed_in,
        role=ROLE_LABELS[invitation.role],
    )

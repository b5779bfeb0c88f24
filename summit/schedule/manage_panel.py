"""A session's page and its panel: add several speakers (new ones typed in), order,
roles and invitations, each action returning to the session."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.schedule.conflicts import find_conflicts
from summit.schedule.forms import ROLE_CHOICES
from summit.schedule.models import Session
from summit.schedule.models import SpeakerRole
from summit.schedule.panel_forms import PanelForm
from summit.schedule.panels import add_panelists
from summit.schedule.panels import move_panelist
from summit.schedule.panels import set_roles
from summit.schedule.panels import speakers_with_email
from summit.schedule.queries import event_speakers
from summit.schedule.rows import load_session_rows
from summit.schedule.services import ScheduleError
from summit.schedule.viewmodels import SpeakerLine
from summit.schedule.viewmodels import ViewBuilder
from summit.speaker_portal.models import InvitationStatus
from summit.speaker_portal.models import SpeakerInvitation
from summit.speaker_portal.services import current_token
from summit.urls import absolute_url

bp = Blueprint("manage_panel", __name__)


@dataclass
class PanelLine:
    """A speaker of the session as the organizer sees it: order from 1, invitation."""

    number: int
    line: SpeakerLine
    invitation: str
    link: str


def session_page(
    event: Event, session: Session, panel_form: PanelForm | None = None, status: int = 200
) -> tuple[str, int]:
    rows = load_session_rows(event, with_availability=True)
    conflicts = find_conflicts(rows)
    row = next(r for r in rows if r.id == session.id)
    view = ViewBuilder(event, str(get_locale() or "en"), originals=True).session(
        row, conflicts.get(session.id)
    )
    in_session = {line.id for line in view.speakers}
    available = [s for s in event_speakers(event) if s.id not in in_session]
    if panel_form is None:
        panel_form = PanelForm(available, formdata=None)
    lines = _panel_lines(event, session, view.speakers)
    not_invited = sum(1 for line in lines if not line.invitation)
    return render_template(
        "schedule/manage_session.html",
        event=event,
        session=session,
        view=view,
        panel=lines,
        panel_form=panel_form,
        role_choices=ROLE_CHOICES,
        not_invited=not_invited,
        confirm=ConfirmForm(),
    ), status


def _panel_lines(event: Event, session: Session, speakers: list[SpeakerLine]) -> list[PanelLine]:
    ids = [line.id for line in speakers]
    invitations = {
        i.speaker_id: i
        for i in db.session.execute(
            select(SpeakerInvitation).where(SpeakerInvitation.speaker_id.in_(ids))
        ).scalars()
    }
    labels = {
        InvitationStatus.INVITED: _("Invited, no answer yet"),
        InvitationStatus.CONFIRMED: _("Confirmed"),
        InvitationStatus.DECLINED: _("Declined"),
    }
    secret = current_app.config["SECRET_KEY"]
    by_id = {link.speaker_id: link.speaker for link in session.roles}
    result = []
    for number, line in enumerate(speakers, start=1):
        invitation = invitations.get(line.id)
        token = current_token(by_id[line.id], secret) if invitation else None
        link = absolute_url("speaker_portal.portal", slug=event.slug, token=token) if token else ""
        result.append(
            PanelLine(number, line, labels[invitation.status] if invitation else "", link)
        )
    return result


def _back(event: Event, session: Session) -> Response:
    return redirect(
        url_for("manage_schedule.session", event_id=event.id, session_id=session.id) + "#speakers"
    )


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/panel")
@requires(Permission.EDIT_CONTENT)
def add_panel(event: Event, session_id: int) -> Response | tuple[str, int]:
    session = child_or_404(Session, event, session_id)
    in_session = {link.speaker_id for link in session.roles}
    form = PanelForm([s for s in event_speakers(event) if s.id not in in_session])
    if not form.validate_on_submit():
        return session_page(event, session, form, 400)
    if not form.same_email_ok.data and _flag_known_emails(event, form):
        return session_page(event, session, form, 409)
    try:
        links = add_panelists(
            event, session, form.picked(), form.typed(), actor=current_user, now=utcnow()
        )
    except ScheduleError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return session_page(event, session, form, 400)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d speaker added to the session.",
            "%(num)d speakers added to the session.",
            len(links),
        ),
        "success",
    )
    return _back(event, session)


def _flag_known_emails(event: Event, form: PanelForm) -> bool:
    """Mark typed e-mails that another speaker of the event (or another row) already
    uses; the organizer ticks the existing speaker instead, or confirms."""
    seen: dict[str, str] = {}
    flagged = False
    for row in form.new:
        email = (row.form.email.data or "").lower()
        if not row.form.name.data or not email:
            continue
        owners = [s.display_name for s in speakers_with_email(event, email)]
        if email in seen:
            owners.append(seen[email])
        seen[email] = row.form.name.data
        if owners:
            row.form.email.errors = [
                _(
                    "%(email)s is already the address of %(names)s. Tick them above instead, "
                    "or tick “Create them anyway”.",
                    email=email,
                    names=", ".join(owners),
                )
            ]
            flagged = True
    return flagged


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/panel/order")
@requires(Permission.EDIT_CONTENT)
def order_panel(event: Event, session_id: int) -> Response:
    """Save the roles chosen in the table and, when an arrow was pressed, move a speaker."""
    session = child_or_404(Session, event, session_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired. Reload the page and try again."), "error")
        return _back(event, session)
    valid = {value for value, _label in ROLE_CHOICES}
    roles: dict[int, SpeakerRole] = {}
    for key, value in request.form.items():
        if key.startswith("role-") and key[5:].isdigit() and value in valid:
            roles[int(key[5:])] = SpeakerRole(value)
    direction = "up" if "up" in request.form else "down" if "down" in request.form else ""
    moved = request.form.get(direction, "")
    try:
        changed = set_roles(event, session, roles, actor=current_user, now=utcnow())
        if direction and moved.isdigit():
            move_panelist(
                event, session, int(moved), up=direction == "up", actor=current_user, now=utcnow()
            )
    except ScheduleError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _back(event, session)
    db.session.commit()
    if direction:
        flash(_("Order saved."), "success")
    elif changed:
        flash(_("Roles saved."), "success")
    return _back(event, session)

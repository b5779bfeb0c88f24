from __future__ import annotations

import hmac

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required
from flask_login import login_user
from flask_login import logout_user
from werkzeug.wrappers import Response

from summit.auth.forms import LoginForm
from summit.auth.forms import PasswordChangeForm
from summit.auth.models import Organizer
from summit.auth.services import AccountError
from summit.auth.services import authenticate
from summit.auth.services import change_password
from summit.events.forms import ConfirmForm
from summit.extensions import db
from summit.extensions import limiter
from summit.i18n import safe_next

bp = Blueprint("auth", __name__)


def load_organizer(user_id: str) -> Organizer | None:
    """The organizer of a session or remember cookie, while its session token is current."""
    organizer_id, _, token = user_id.partition(":")
    if not (organizer_id.isascii() and organizer_id.isdigit() and token) or len(organizer_id) > 9:
        return None
    organizer = db.session.get(Organizer, int(organizer_id))
    if organizer is None or not organizer.active:
        return None
    return organizer if hmac.compare_digest(organizer.session_token, token) else None


def _login_limit() -> str:
    return str(current_app.config["RATELIMIT_LOGIN"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("manage_events.dashboard"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        organizer = authenticate(form.email.data or "", form.password.data or "")
        if organizer is not None:
            login_user(organizer, remember=form.remember.data)
            return redirect(safe_next(form.next.data, url_for("manage_events.dashboard")))
        form.password.errors.append(
            _(
                "That e-mail and password do not match an organizer account. Check both and try again."
            )
        )
    return render_template("auth/login.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> Response | tuple[str, int] | str:
    organizer = current_user._get_current_object()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(organizer, form.current.data or "", form.password.data or "")
        except AccountError as error:
            db.session.rollback()
            getattr(form, error.field or "current").errors.append(str(error.message))
        else:
            db.session.commit()
            login_user(organizer)  # this device stays signed in, with the new token
            flash(_("Your password is changed. Every other device is signed out."), "success")
            return redirect(url_for("manage_events.dashboard"))
    page = render_template("auth/password.html", form=form, confirm=ConfirmForm())
    return (page, 400) if form.errors else page


@bp.post("/sessions/revoke")
@login_required
def sign_out_everywhere() -> Response:
    """End every session and remember cookie of the account but this one."""
    if ConfirmForm().validate_on_submit():
        organizer = current_user._get_current_object()
        organizer.end_sessions()
        db.session.commit()
        login_user(organizer)
        flash(_("Every other device is signed out."), "success")
    return redirect(url_for(".password"))


@bp.post("/logout")
@login_required
def logout() -> Response:
    current_user.end_sessions()  # a copied cookie must not outlive the sign-out
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("events.index"))

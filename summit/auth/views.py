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
from flask_login import login_required
from flask_login import login_user
from flask_login import logout_user
from werkzeug.wrappers import Response

from summit.auth.forms import LoginForm
from summit.auth.models import Organizer
from summit.auth.services import authenticate
from summit.extensions import db
from summit.extensions import limiter
from summit.i18n import safe_next

bp = Blueprint("auth", __name__)


def load_organizer(organizer_id: str) -> Organizer | None:
    organizer = db.session.get(Organizer, int(organizer_id)) if organizer_id.isdigit() else None
    return organizer if organizer is not None and organizer.active else None


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


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("events.index"))

"""The organizer's upload of a schedule file, under /manage/."""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.access import requires
from summit.events.permissions import Permission
from summit.extensions import db
from summit.imports.forms import ImportForm
from summit.imports.reading import ScheduleFileError
from summit.imports.reading import read_schedule
from summit.imports.services import import_schedule

bp = Blueprint("manage_imports", __name__)


@bp.route("/import", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def upload() -> Response | tuple[str, int] | str:
    form = ImportForm()
    if form.validate_on_submit():
        try:
            schedule = read_schedule(form.file.data.read())
            result = import_schedule(
                schedule,
                organizer=current_user,
                now=utcnow(),
                slug=form.slug.data or None,
                publish=form.publish.data,
            )
        except ScheduleFileError as error:
            db.session.rollback()
            target = form.slug if error.field == "slug" else form.file
            target.errors = [*target.errors, str(error.message)]
        else:
            db.session.commit()
            flash(
                _(
                    "Schedule imported: %(added)d sessions added, %(updated)d updated, "
                    "%(removed)d removed.",
                    added=result.sessions_added,
                    updated=result.sessions_updated,
                    removed=result.sessions_removed,
                ),
                "success",
            )
            return redirect(url_for("manage_events.overview", event_id=result.event.id))
    status = 400 if form.is_submitted() else 200
    return render_template("imports/upload.html", form=form), status

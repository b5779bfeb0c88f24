"""Organizer pages: the event's content in its other languages, side by side.

``/manage/events/<id>/translations/`` lists the languages with what each still misses;
each language has three parts (the event's setup, its sessions, its speakers), sessions
and speakers a page of 25 rows at a time so a 2,400-session congress stays one screen.
"""

from __future__ import annotations

from babel import Locale
from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from summit.db import utcnow
from summit.events.access import requires
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.extensions import db
from summit.forms import query_id
from summit.forms import show_domain_error
from summit.localized.fields import ContentEntity
from summit.localized.forms import translation_form
from summit.localized.reading import page_language
from summit.localized.services import Original
from summit.localized.services import TranslationError
from summit.localized.services import missing_counts
from summit.localized.services import originals
from summit.localized.services import save_translations
from summit.localized.services import worklist
from summit.templating import direction

bp = Blueprint("manage_translations", __name__)

PER_PAGE = 25
PARTS: dict[str, tuple[object, tuple[ContentEntity, ...]]] = {
    "setup": (
        _l("Event, rooms, partners, registration"),
        (
            ContentEntity.EVENT,
            ContentEntity.ROOM,
            ContentEntity.PARTNER,
            ContentEntity.SUPPORT_RESOURCE,
            ContentEntity.REGISTRATION,
        ),
    ),
    "sessions": (_l("Sessions"), (ContentEntity.SESSION,)),
    "speakers": (_l("Speakers"), (ContentEntity.SPEAKER,)),
}


def language_label(code: str) -> str:
    """``code``'s name in the organizer's language ("arabe" on a French page)."""
    return Locale.parse(code).get_display_name(page_language()) or code


@bp.get("/events/<int:event_id>/translations/")
@requires(Permission.EDIT_CONTENT)
def overview(event: Event) -> str:
    return render_template(
        "localized/overview.html",
        event=event,
        missing=missing_counts(event),
        total=len(originals(event)),
        language_label=language_label,
    )


@bp.route("/events/<int:event_id>/translations/<language>/<part>", methods=["GET", "POST"])
@requires(Permission.EDIT_CONTENT)
def edit(event: Event, language: str, part: str) -> Response | str:
    if language not in event.language_list[1:] or part not in PARTS:
        abort(404)
    only_missing = request.args.get("missing") == "1"
    work = worklist(event, language, PARTS[part][1], only_missing=only_missing)
    rows = _rows(work.texts)
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(max(query_id("page") or 1, 1), pages)
    shown = [o for row in rows[(page - 1) * PER_PAGE : page * PER_PAGE] for o in row]
    form = translation_form(
        shown,
        work.have,
        language=language,
        language_name=language_label(language),
        direction=direction(language),
    )
    if form.validate_on_submit():
        try:
            changed = save_translations(event, language, form.texts(), now=utcnow())
        except TranslationError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(
                _("%(n)d translations saved.", n=changed) if changed else _("Nothing changed."),
                "success",
            )
            return redirect(request.full_path.rstrip("?"))
    return render_template(
        "localized/edit.html",
        event=event,
        form=form,
        language=language,
        part=part,
        parts=PARTS,
        shown=shown,
        page=page,
        pages=pages,
        only_missing=only_missing,
        outdated=work.outdated,
        sources=work.sources,
        missing=missing_counts(event),
        language_label=language_label,
    )


def _rows(texts: list[Original]) -> list[list[Original]]:
    """The texts grouped by the row they belong to, so a page never splits a session."""
    grouped: dict[tuple[ContentEntity, int], list[Original]] = {}
    for original in texts:
        grouped.setdefault(original.key[:2], []).append(original)
    return list(grouped.values())


@bp.get("/events/<int:event_id>/translations/<language>/")
@requires(Permission.EDIT_CONTENT)
def first_part(event: Event, language: str) -> Response:
    if language not in event.language_list[1:]:
        abort(404)
    return redirect(url_for(".edit", event_id=event.id, language=language, part="setup"))

"""The attendee changes their language (the one their e-mails, ticket, calendar and
private page use) from their private page: :func:`summit.registration.language.set_language`.
"""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from summit.db import utcnow
from summit.extensions import db
from summit.i18n import available_languages
from summit.registration.access import attendee_or_404
from summit.registration.errors import RegistrationError
from summit.registration.forms import language_form
from summit.registration.language import set_language

bp = Blueprint("registration_language", __name__)


@bp.post("/events/<slug>/my/<token>/language")
def change(slug: str, token: str) -> BaseResponse:
    registration = attendee_or_404(slug, token)[1]
    form = language_form(registration)  # the posted choice, checked against the same list
    target = url_for("registration.attendee", slug=slug, token=token) + "#language"
    if not form.validate_on_submit():
        flash(_("Choose one of the languages in the list."), "error")
        return redirect(target)
    try:
        set_language(registration, form.language.data, offered=available_languages(), now=utcnow())
    except RegistrationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(target)
    db.session.commit()
    with force_locale(registration.language):  # said in the language just chosen
        flash(_("Saved: your e-mails, ticket and calendar will be in this language."), "success")
    page = url_for("registration.attendee", slug=slug, token=token, lang=registration.language)
    return redirect(page + "#language")

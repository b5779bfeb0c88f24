"""The attendee's language: the one their e-mails, ticket, calendar and private page use.

Saved at sign-up from the page they registered on; changed from their private page. The
private page opens in it unless the visitor picked another one (``?lang=`` or the switcher).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import request
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectField
from wtforms.validators import InputRequired

from summit.db import utcnow
from summit.events.models import Event
from summit.events.views import public_event_or_404
from summit.extensions import db
from summit.forms import SummitForm
from summit.i18n import LANGUAGE_COOKIE
from summit.i18n import LANGUAGE_NAMES
from summit.i18n import available_languages
from summit.registration.errors import RegistrationError
from summit.registration.links import registration_by_token
from summit.registration.models import Registration

bp = Blueprint("registration_language", __name__)


def set_language(
    registration: Registration, language: str, *, offered: Sequence[str], now: datetime
) -> bool:
    """Save ``language`` as the attendee's; False when it already was.

    :raises RegistrationError: not one of the ``offered`` interface languages.
    """
    if language not in offered:
        raise RegistrationError(_l("Choose one of the languages in the list."), "language")
    if registration.language == language:
        return False
    registration.language, registration.updated_at = language, now
    return True


def chose_explicitly() -> bool:
    """Whether this visitor picked the page's language (a link's ``?lang=``, the switcher)."""
    return bool(request.args.get("lang")) or LANGUAGE_COOKIE in request.cookies


class LanguageForm(SummitForm):
    language = SelectField(
        _l("Language of my e-mails, ticket and calendar"),
        validators=[InputRequired(_l("Choose a language."))],
    )


def language_form(registration: Registration) -> LanguageForm:
    form = LanguageForm(data={"language": registration.language})
    form.language.choices = [
        (code, LANGUAGE_NAMES.get(code, code)) for code in available_languages()
    ]
    return form


@bp.post("/events/<slug>/my/<token>/language")
def change(slug: str, token: str) -> BaseResponse:
    event: Event = public_event_or_404(slug)
    registration = registration_by_token(event, token)
    if registration is None:
        abort(404)
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

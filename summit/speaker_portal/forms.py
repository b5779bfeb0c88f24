from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField
from wtforms import TextAreaField
from wtforms.validators import AnyOf
from wtforms.validators import DataRequired
from wtforms.validators import Length

from summit.forms import SummitForm
from summit.schedule.speakers import MAX_BIO_CHARS


class RespondForm(SummitForm):
    answer = HiddenField(validators=[DataRequired(), AnyOf(["confirm", "decline"])])


class ProfileForm(SummitForm):
    bio = TextAreaField(
        _l("Bio"),
        validators=[
            Length(
                max=MAX_BIO_CHARS,
                message=_l("Keep the bio under %(n)d characters.", n=MAX_BIO_CHARS),
            )
        ],
        description=_l("A few sentences for the program and the website."),
    )
    photo = FileField(
        _l("Photo"),
        description=_l("PNG, JPEG or WebP, up to 2 MB. Leave empty to keep the current one."),
        render_kw={"accept": "image/png,image/jpeg,image/webp"},
    )

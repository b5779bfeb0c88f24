"""The side-by-side translation form: one input per original text on the page."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Length

from summit.forms import SummitForm
from summit.localized.reading import Key
from summit.localized.services import Original
from summit.localized.services import field_name


class TranslationForm(SummitForm):
    """Built per page: ``fields_for`` adds the inputs; ``texts()`` reads them back."""

    keys: dict[str, Key]

    def texts(self) -> dict[Key, str]:
        return {self.keys[name]: self[name].data or "" for name in self.keys}


def translation_form(
    page: list[Original],
    current: dict[Key, str],
    *,
    language: str,
    language_name: str,
    direction: str,
    **kwargs: Any,
) -> TranslationForm:
    class PageForm(TranslationForm):
        pass

    keys: dict[str, Key] = {}
    for original in page:
        name = field_name(original.key)
        keys[name] = original.key
        kind = TextAreaField if original.field.multiline else StringField
        # Lists are checked line by line by the service; whole texts here.
        limit = original.field.max_length * (20 if original.field.is_list else 1)
        label = _l("%(field)s in %(language)s", field=original.field.label, language=language_name)
        setattr(
            PageForm,
            name,
            kind(
                label,
                validators=[Length(max=limit, message=_l("Shorten this text."))],
                default=current.get(original.key, ""),
                # Typed in the target language: spell-checkers and direction follow it.
                render_kw={
                    "lang": language,
                    "dir": direction,
                    **({"rows": 4} if original.field.multiline else {}),
                },
            ),
        )
    form = PageForm(**kwargs)
    form.keys = keys
    return form

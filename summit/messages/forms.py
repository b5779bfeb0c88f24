"""The compose form: shape only; who is in a segment the services decide."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from summit.forms import SummitForm


class MessageForm(SummitForm):
    segment = SelectField(_l("To"), validators=[DataRequired(_l("Choose who receives it."))])
    subject = StringField(
        _l("Subject"), validators=[DataRequired(_l("Give the message a subject.")), Length(max=200)]
    )
    body = TextAreaField(
        _l("Message"),
        description=_l("{name} is replaced by each person's name."),
        validators=[DataRequired(_l("Write the message.")), Length(max=10000)],
    )

    def __init__(self, choices: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.segment.choices = [("", _l("Choose…")), *choices]

    def label_of(self, key: str) -> str:
        return next((str(label) for value, label in self.segment.choices if value == key), key)

"""The anonymous feedback form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from summit.feedback.services import FeedbackData
from summit.forms import SummitForm

RATINGS = [
    ("5", _l("5 — excellent")),
    ("4", _l("4 — good")),
    ("3", _l("3 — fair")),
    ("2", _l("2 — poor")),
    ("1", _l("1 — very poor")),
]
VERDICTS = [
    ("adequate", _l("The content note was adequate")),
    ("should_have_warned", _l("The content note should have warned about more")),
]


class FeedbackForm(SummitForm):
    rating = RadioField(
        _l("Overall, how was it?"),
        choices=RATINGS,
        validators=[InputRequired(_l("Choose a rating from 1 to 5."))],
    )
    worked = TextAreaField(_l("What worked well?"), validators=[Optional(), Length(max=2000)])
    improve = TextAreaField(_l("What could be better?"), validators=[Optional(), Length(max=2000)])
    content_note_verdict = RadioField(
        _l("The content note"), choices=VERDICTS, validators=[Optional()]
    )
    content_note_comment = TextAreaField(
        _l("What should it have warned about?"), validators=[Optional(), Length(max=2000)]
    )

    def to_data(self) -> FeedbackData:
        return FeedbackData(
            rating=int(self.rating.data or 0),
            worked=self.worked.data or "",
            improve=self.improve.data or "",
            content_note_verdict=self.content_note_verdict.data or "",
            content_note_comment=self.content_note_comment.data or "",
        )

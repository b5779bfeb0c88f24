from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from summit.events.forms import MultiCheckboxField
from summit.forms import SummitForm
from summit.needs.labels import KIND_LABELS
from summit.needs.labels import STATUS_LABELS
from summit.needs.models import NeedKind
from summit.needs.models import NeedStatus

DETAIL_MAX = 500


def kind_choices() -> list[tuple[str, object]]:
    return [(kind.value, KIND_LABELS[kind]) for kind in NeedKind]


class SignUpNeedsFields:
    """Added to the sign-up form when the event asks about accessibility."""

    need_kinds = MultiCheckboxField(
        _l("Services I need"),
        choices=kind_choices,
        validators=[Optional()],
        description=_l("The organizers answer each request; you see the answer on your page."),
    )
    need_detail = StringField(
        _l("Details of the services (which sign language, which program format, anything else)"),
        validators=[Optional(), Length(max=DETAIL_MAX)],
    )


class RequestForm(SummitForm):
    kind = SelectField(_l("Service"), choices=kind_choices, validate_choice=True)
    session_id = SelectField(_l("For"), choices=[], validate_choice=True)
    detail = StringField(
        _l("Details"),
        description=_l("Which sign language, which program format, or what else you need."),
        validators=[Optional(), Length(max=DETAIL_MAX)],
    )
    consent = BooleanField(
        _l(
            "I agree that the organizers use this request to arrange the service; it is sensitive and seen only by the team members they allow."
        ),
        validators=[DataRequired(_l("Tick this box to send the request."))],
    )

    def __init__(self, sessions: list[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session_id.choices = [("", _l("The whole event"))] + [
            (str(s.id), s.title) for s in sessions
        ]


class AnswerForm(SummitForm):
    status = SelectField(
        _l("Answer"),
        choices=[(s.value, STATUS_LABELS[s]) for s in NeedStatus if s is not NeedStatus.REQUESTED],
        validate_choice=True,
    )
    message = TextAreaField(
        _l("Message to the attendee"),
        description=_l("Required unless fully arranged: say what was arranged or why not."),
        validators=[Optional(), Length(max=2000)],
    )

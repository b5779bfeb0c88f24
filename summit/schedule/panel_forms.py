"""Forms of a session's panel: shape only; the rules live in :mod:`summit.schedule.panels`."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import EmailField
from wtforms import FieldList
from wtforms import FormField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from summit.events.forms import MultiCheckboxField
from summit.forms import SummitForm
from summit.schedule.forms import ROLE_CHOICES
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from summit.schedule.panels import NewPanelist

NEW_ROWS = 4  # a round table: a moderator and three panelists


class NewSpeakerRow(SummitForm):
    class Meta:
        csrf = False

    # No Optional(): it would stop the chain before validate_name sees an empty name.
    name = StringField(_l("Name"), validators=[Length(max=160)])
    affiliation = StringField(_l("Affiliation"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("E-mail"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=SpeakerRole.PANELIST.value)

    def validate_name(self, field: StringField) -> None:
        if not field.data and (self.affiliation.data or self.email.data):
            raise ValidationError(_l("Give the speaker's name."))


class PanelForm(SummitForm):
    """Add several speakers to a session: ticked ones of the event and new ones typed in."""

    existing = MultiCheckboxField(_l("Speakers of the event"), coerce=int, validate_choice=True)
    existing_role = SelectField(
        _l("Their role"), choices=ROLE_CHOICES, default=SpeakerRole.PANELIST.value
    )
    new = FieldList(FormField(NewSpeakerRow), min_entries=NEW_ROWS, max_entries=NEW_ROWS)
    same_email_ok = BooleanField(_l("Create them anyway: these are other people"))

    def __init__(self, available: list[Speaker], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing.choices = [
            (s.id, s.display_name + (f" — {s.affiliation}" if s.affiliation else ""))
            for s in available
        ]

    def picked(self) -> list[tuple[int, SpeakerRole]]:
        role = SpeakerRole(self.existing_role.data)
        return [(speaker_id, role) for speaker_id in self.existing.data or []]

    def typed(self) -> list[NewPanelist]:
        return [
            NewPanelist(
                row.form.name.data,
                row.form.affiliation.data or "",
                (row.form.email.data or "").lower(),
                SpeakerRole(row.form.role.data),
            )
            for row in self.new
            if row.form.name.data
        ]


class InviteAllForm(SummitForm):
    """The one message sent, with each speaker's own link, to everyone not invited yet."""

    message = TextAreaField(
        _l("Message"),
        description=_l("Each speaker's private link is added below your message."),
        validators=[DataRequired(_l("Write a message.")), Length(max=5000)],
    )

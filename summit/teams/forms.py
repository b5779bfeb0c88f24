from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import EmailField
from wtforms import PasswordField
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import EqualTo
from wtforms.validators import Length

from summit.auth.services import MIN_PASSWORD_LENGTH
from summit.events.models import TeamRole
from summit.forms import SummitForm
from summit.teams.labels import ROLE_LABELS


def _role_choices() -> list[tuple[str, object]]:
    return [(role.value, ROLE_LABELS[role]) for role in TeamRole]


class RoleFields:
    """The role select and the sensitive-answers checkbox, shared by invite and edit."""

    role = SelectField(
        _l("Role"),
        choices=_role_choices,
        validate_choice=True,
        default=TeamRole.DOOR.value,
    )
    may_see_sensitive = BooleanField(
        _l("May see sensitive answers (health, accessibility, diet)"),
        description=_l("Only for owners and registration managers. Every look is logged."),
    )

    @property
    def chosen_role(self) -> TeamRole:
        return TeamRole(self.role.data)


class InviteForm(RoleFields, SummitForm):
    email = EmailField(
        _l("E-mail of the person to invite"),
        validators=[DataRequired(_l("Enter an e-mail address.")), Email(), Length(max=254)],
    )


class RoleForm(RoleFields, SummitForm):
    pass


class AcceptForm(SummitForm):
    """Someone without an account accepts an invitation and sets their password."""

    name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    password = PasswordField(
        _l("Choose a password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[EqualTo("password", _l("The two passwords differ. Type them again."))],
        render_kw={"autocomplete": "new-password"},
    )

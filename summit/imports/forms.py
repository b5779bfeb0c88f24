from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from wtforms import BooleanField
from wtforms import StringField
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import Regexp

from summit.events.services import SLUG_PATTERN
from summit.forms import SummitForm


class ImportForm(SummitForm):
    file = FileField(
        _l("Schedule file"),
        description=_l(
            "schedule.json or schedule.xml exported by pretalx, frab, Indico or Summit."
        ),
        validators=[FileRequired(_l("Choose the schedule file to import."))],
        render_kw={"accept": ".json,.xml,application/json,application/xml,text/xml"},
    )
    slug = StringField(
        _l("Event address (slug)"),
        description=_l(
            "Leave empty to use the schedule's acronym. The same slug updates the same event."
        ),
        validators=[
            Optional(),
            Length(max=80),
            Regexp(
                SLUG_PATTERN,
                message=_l(
                    "Use lower-case letters, digits and single hyphens only, e.g. casablanca-2024."
                ),
            ),
        ],
    )
    publish = BooleanField(_l("Publish the event at once"))

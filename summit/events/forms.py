from __future__ import annotations

from typing import Any

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField
from wtforms import EmailField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import URLField
from wtforms.validators import URL
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget

from summit.events.services import SLUG_PATTERN
from summit.events.services import EventData
from summit.events.services import PartnerData
from summit.events.services import RoomData
from summit.events.services import SupportResourceData
from summit.events.services import timezone_choices
from summit.forms import SummitForm

EVENT_LANGUAGES = ["fr", "en", "ar", "es", "de", "it", "pt", "tr", "nl", "zgh"]
# Two-letter codes CLDR names that are no place an event is held in.
NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})
PARTNER_KINDS = [
    ("organizer", _l("Organizer")),
    ("partner", _l("Partner")),
    ("sponsor", _l("Sponsor")),
    ("helpline", _l("Helpline or support service")),
    ("media", _l("Media partner")),
    ("academic", _l("Academic partner")),
]


def language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name(str(get_locale() or "en")) or code
    except (ValueError, LookupError):
        return code


def website_field() -> URLField:
    return URLField(
        _l("Website"),
        validators=[
            Optional(),
            URL(message=_l("Enter a full web address starting with https://.")),
            Length(max=500),
        ],
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EventForm(SummitForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the event a title.")), Length(max=200)]
    )
    slug = StringField(
        _l("Web address (slug)"),
        description=_l("Lower-case letters, digits and hyphens, e.g. casablanca-2024."),
        # Empty is allowed here: a new event gets one from its title (create_event), and
        # the service refuses an empty one when editing.
        validators=[
            Optional(),
            Length(min=3, max=80),
            Regexp(
                SLUG_PATTERN,
                message=_l(
                    "Use lower-case letters, digits and single hyphens only, e.g. casablanca-2024."
                ),
            ),
        ],
    )
    tagline = StringField(_l("Tagline"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=10_000)])
    start_date = DateField(
        _l("Start date"), validators=[InputRequired(_l("Enter the first day (YYYY-MM-DD)."))]
    )
    end_date = DateField(
        _l("End date"), validators=[InputRequired(_l("Enter the last day (YYYY-MM-DD)."))]
    )
    timezone = SelectField(
        _l("Time zone"),
        description=_l("Times in the agenda are shown in this zone."),
        validators=[DataRequired(_l("Choose a time zone from the list."))],
    )
    venue_name = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    venue_address = TextAreaField(_l("Address"), validators=[Optional(), Length(max=500)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    country = SelectField(_l("Country"), validators=[Optional()])
    main_language = SelectField(_l("Main language"), validators=[DataRequired()])
    other_languages = MultiCheckboxField(_l("Other languages"), validators=[Optional()])
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    # Shown when editing: what the sessions do when the dates or the time zone change.
    sessions_follow = RadioField(
        _l("When the dates or the time zone change"),
        choices=[
            (
                "move",
                _l("Move the sessions with the dates (same local time, same day of the event)"),
            ),
            ("keep", _l("Keep the sessions at their current dates and times")),
        ],
        default="move",
        validators=[Optional()],
    )
    # The date change the organizer saw the consequences of (see manage.edit_event).
    previewed = HiddenField()

    def __init__(self, *args: Any, new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new:  # create_event makes one; an existing event keeps its address
            self.slug.description = _l(
                "Lower-case letters, digits and hyphens, e.g. casablanca-2024. Left empty, it is made from the title."
            )
        self.offer_zones()
        territories = Locale.parse(str(get_locale() or "en")).territories
        self.country.choices = [("", "—")] + sorted(
            (
                (code, name)
                for code, name in territories.items()
                if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
            ),
            key=lambda item: item[1],
        )
        languages = [(code, language_name(code)) for code in EVENT_LANGUAGES]
        self.main_language.choices = languages
        self.other_languages.choices = languages

    def offer_zones(self, current: str = "") -> None:
        """The zones of the chosen country and the common ones first, then all the others;
        ``current`` (an old alias an event may still use) stays choosable."""
        first, others = timezone_choices(self.country.data or "")
        if current and current not in first and current not in others:
            first = [current, *first]

        def pairs(zones: list[str]) -> list[tuple[str, str]]:
            return [(zone, zone.replace("_", " ")) for zone in zones]

        # Groups, no "Choose…" placeholder: the browser preselects the first common zone.
        self.timezone.choices = {
            str(_l("Common time zones")): pairs(first),
            str(_l("All time zones")): pairs(others),
        }

    @property
    def move_sessions(self) -> bool:
        return self.sessions_follow.data != "keep"

    def date_change_key(self) -> str:
        """What the organizer is about to change, to tell a seen preview from a new one."""
        return "/".join(
            str(value)
            for value in (
                self.start_date.data,
                self.end_date.data,
                self.timezone.data,
                self.sessions_follow.data or "move",
            )
        )

    def validate_end_date(self, field: DateField) -> None:
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date must be on or after the start date."))

    def load(self, event: Any) -> None:
        """Fill the form from an event (GET of the edit page)."""
        self.process(obj=event)
        self.offer_zones(event.timezone)
        self.main_language.data = event.main_language
        self.other_languages.data = event.language_list[1:]

    def to_data(self) -> EventData:
        main = self.main_language.data or "en"
        return EventData(
            title=self.title.data or "",
            slug=(self.slug.data or "").strip(),
            tagline=self.tagline.data or "",
            description=self.description.data or "",
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            timezone=self.timezone.data or "",
            venue_name=self.venue_name.data or "",
            venue_address=self.venue_address.data or "",
            city=self.city.data or "",
            country=self.country.data or "",
            languages=[main] + [c for c in (self.other_languages.data or []) if c != main],
            contact_email=self.contact_email.data or "",
        )


class RoomForm(SummitForm):
    name = StringField(
        _l("Room name"), validators=[DataRequired(_l("Name the room.")), Length(max=120)]
    )
    capacity = IntegerField(
        _l("Capacity (seats)"),
        validators=[
            Optional(),
            NumberRange(
                min=0, max=100_000, message=_l("Enter a number of seats from 0 to 100000.")
            ),
        ],
    )
    accessibility_notes = TextAreaField(
        _l("Accessibility notes"),
        description=_l("Step-free access, hearing loop, quiet room nearby…"),
        validators=[Optional(), Length(max=2000)],
    )

    def to_data(self) -> RoomData:
        return RoomData(
            self.name.data or "", self.capacity.data, self.accessibility_notes.data or ""
        )


class PartnerForm(SummitForm):
    name = StringField(
        _l("Organization name"),
        validators=[DataRequired(_l("Name the organization.")), Length(max=200)],
    )
    kind = SelectField(_l("Kind"), choices=PARTNER_KINDS, validators=[DataRequired()])
    url = website_field()
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    logo = FileField(
        _l("Logo"),
        description=_l("PNG, JPEG or WebP, at most 2 MB."),
        render_kw={"accept": "image/png,image/jpeg,image/webp"},
    )

    def to_data(self) -> PartnerData:
        return PartnerData(
            self.name.data or "",
            self.kind.data or "partner",
            self.url.data or "",
            self.description.data or "",
        )


class SupportResourceForm(SummitForm):
    name = StringField(
        _l("Name"),
        description=_l("For example a helpline for students."),
        validators=[DataRequired(_l("Name the service.")), Length(max=200)],
    )
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[0-9+() .\-]+$", message=_l("Use digits, spaces and + ( ) - only.")),
        ],
    )
    url = website_field()
    description = TextAreaField(_l("When to use it"), validators=[Optional(), Length(max=1000)])

    def to_data(self) -> SupportResourceData:
        return SupportResourceData(
            self.name.data or "",
            self.phone.data or "",
            self.url.data or "",
            self.description.data or "",
        )


class ConfirmForm(SummitForm):
    """An empty form: buttons that change state still need a CSRF token."""

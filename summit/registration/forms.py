"""Registration forms: shape only; the rules live in services."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import DateField
from wtforms import DateTimeLocalField
from wtforms import EmailField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from summit.forms import SummitForm
from summit.i18n import LANGUAGE_NAMES
from summit.i18n import available_languages
from summit.localized.reading import page_language
from summit.localized.reading import tr
from summit.localized.reading import tr_lines
from summit.needs.forms import SignUpNeedsFields
from summit.registration.models import Registration
from summit.registration.models import RegistrationSettings
from summit.registration.sensitive import ANSWER_FIELDS
from summit.registration.sensitive import asks_sensitive
from summit.registration.sensitive import consent_text
from summit.registration.sensitive import sensitive_retention_date
from summit.registration.services import AttendeeData
from summit.registration.services import SettingsData
from summit.schedule.localtime import LocalTimeError
from summit.schedule.localtime import local_to_utc
from summit.schedule.services import local_time_problem
from summit.templating import direction


class RegistrationForm(SummitForm):
    """The public sign-up form; :func:`registration_form` adds the event's questions."""

    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-mail"),
        description=_l("Your private link and ticket are sent here."),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254),
            Email(_l("Enter a valid e-mail address, e.g. name@example.org.")),
        ],
        render_kw={"autocomplete": "email"},
    )

    consent_fields: list[str]
    consent_texts: list[str]  # as the organizer wrote them: what the service checks
    consents_shown: list[str]  # as the attendee read them: what the registration keeps
    consent_label_attrs: dict[str, dict[str, str]]

    def needs(self) -> tuple[list[str], str]:
        """The services ticked on the form (if it asks) and their shared detail."""
        kinds = getattr(self, "need_kinds", None)
        detail = getattr(self, "need_detail", None)
        return (list(kinds.data or []) if kinds else [], (detail.data or "") if detail else "")

    def to_data(self, language: str) -> AttendeeData:
        def text(name: str) -> str:
            field = getattr(self, name, None)
            return (field.data or "") if field is not None else ""

        return AttendeeData(
            name=self.name.data or "",
            email=self.email.data or "",
            category=text("category"),
            organization=text("organization"),
            accessibility_needs=text("accessibility_needs"),
            dietary_needs=text("dietary_needs"),
            health_notes=text("health_notes"),
            sensitive_consent=bool(
                getattr(getattr(self, "sensitive_consent", None), "data", False)
            ),
            consents=[
                consent
                for name, consent in zip(self.consent_fields, self.consent_texts, strict=True)
                if getattr(self, name).data
            ],
            consents_shown=self.consents_shown,
            language=language,
        )


def registration_form(settings: RegistrationSettings, **kwargs: Any) -> RegistrationForm:
    """A form with the questions this event asks."""

    class EventRegistrationForm(RegistrationForm):
        pass

    if settings.category_list:
        # The value stays the main-language category (what organizers filter on); the
        # label is in the reader's language when the organizer translated it.
        shown = tr_lines(settings, "categories", settings.category_list)
        EventRegistrationForm.category = SelectField(
            _l("I am attending as"),
            choices=[("", _l("Choose…"))] + list(zip(settings.category_list, shown, strict=True)),
            validators=[DataRequired(_l("Choose a category."))],
        )
    if settings.ask_organization:
        EventRegistrationForm.organization = StringField(
            _l("Organization"),
            validators=[Optional(), Length(max=200)],
            render_kw={"autocomplete": "organization"},
        )
    erased_after = format_date(sensitive_retention_date(settings.event, settings), "long")
    for answer in ANSWER_FIELDS:
        if not answer.asked(settings):
            continue
        who = (
            _l(
                "Sensitive: seen only by the team members the owner allows, each look logged; erased after %(date)s.",
                date=erased_after,
            )
            if answer.is_sensitive(settings)
            else _l("Seen by the organizers.")
        )
        setattr(
            EventRegistrationForm,
            answer.attribute,
            TextAreaField(
                answer.label,
                description=_l(
                    "Optional. Why we ask: %(purpose)s %(who)s",
                    purpose=(
                        tr(settings, answer.purpose)
                        if getattr(settings, answer.purpose)
                        else answer.purpose_text(settings)
                    ),
                    who=who,
                ),
                validators=[Optional(), Length(max=ANSWER_MAX_LENGTH)],
            ),
        )
    if settings.ask_accessibility:
        EventRegistrationForm.need_kinds = SignUpNeedsFields.need_kinds
        EventRegistrationForm.need_detail = SignUpNeedsFields.need_detail
    if asks_sensitive(settings):
        # Not required: it is needed only when a sensitive answer is given (services).
        EventRegistrationForm.sensitive_consent = BooleanField(
            consent_text(settings.event, settings)
        )
    names = []
    consents = tr_lines(settings, "consent_texts", settings.consent_list)
    label_attrs: dict[str, dict[str, str]] = {}
    for index, consent in enumerate(consents):
        name = f"consent_{index}"
        names.append(name)
        setattr(
            EventRegistrationForm,
            name,
            BooleanField(
                consent,
                validators=[DataRequired(_l("Tick this box to register."))],
            ),
        )
        # A consent not yet translated is marked with its own language.
        label_attrs[name] = (
            {"lang": consent.lang, "dir": direction(consent.lang)}
            if consent.lang != page_language()
            else {"dir": "auto"}
        )
    form = EventRegistrationForm(**kwargs)
    form.consent_fields = names
    form.consent_texts = settings.consent_list
    form.consents_shown = [str(consent) for consent in consents]
    form.consent_label_attrs = label_attrs
    return form


ANSWER_MAX_LENGTH = 1000
# Settings columns the form edits one to one.
POLICY_FIELDS = (
    "ask_health",
    "accessibility_sensitive",
    "dietary_sensitive",
    "accessibility_purpose",
    "health_purpose",
    "dietary_purpose",
    "sensitive_retention_until",
)


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class SettingsForm(SummitForm):
    is_open = BooleanField(_l("Registration is open"))
    opens_at = DateTimeLocalField(
        _l("Opens at"),
        description=_l("Optional, in the event's time zone."),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional()],
    )
    closes_at = DateTimeLocalField(
        _l("Closes at"),
        description=_l("Optional, in the event's time zone."),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional()],
    )
    capacity = IntegerField(
        _l("Capacity (seats)"),
        validators=[
            InputRequired(_l("Give the number of seats.")),
            NumberRange(min=0, max=1_000_000, message=_l("Use a number from 0 up.")),
        ],
    )
    waitlist_enabled = BooleanField(_l("Keep a waiting list when full"))
    approval_required = BooleanField(_l("Organizers approve each registration"))
    categories = TextAreaField(
        _l("Attendee categories"),
        description=_l("One per line, e.g. Professional, Student, Parent, Content creator."),
        validators=[Optional(), Length(max=2000)],
    )
    ask_organization = BooleanField(_l("Ask for the organization"))
    ask_accessibility = BooleanField(_l("Ask about accessibility needs"))
    ask_dietary = BooleanField(_l("Ask about dietary needs"))
    ask_health = BooleanField(_l("Ask for health information (always sensitive)"))
    accessibility_sensitive = BooleanField(_l("Accessibility answers are sensitive"), default=True)
    dietary_sensitive = BooleanField(_l("Dietary answers are sensitive"), default=True)
    accessibility_purpose = StringField(
        _l("Why you ask about accessibility"),
        description=_l("Shown to attendees beside the question."),
        validators=[Optional(), Length(max=300)],
    )
    health_purpose = StringField(
        _l("Why you ask for health information"),
        description=_l("Shown to attendees beside the question."),
        validators=[Optional(), Length(max=300)],
    )
    dietary_purpose = StringField(
        _l("Why you ask about diet"),
        description=_l("Shown to attendees beside the question."),
        validators=[Optional(), Length(max=300)],
    )
    consent_texts = TextAreaField(
        _l("Consents"),
        description=_l("One per line; each becomes a box attendees must tick."),
        validators=[Optional(), Length(max=4000)],
    )
    retention_until = DateField(
        _l("Erase personal data after"),
        description=_l("Default: one year after the event."),
        validators=[Optional()],
    )
    sensitive_retention_until = DateField(
        _l("Erase sensitive answers after"),
        description=_l(
            "Default: 30 days after the event; they are erased automatically the day after."
        ),
        validators=[Optional()],
    )

    def __init__(self, timezone: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.timezone = timezone  # the dates are entered in the event's time zone

    def validate_opens_at(self, field: DateTimeLocalField) -> None:
        self._check_local_time(field)

    def validate_closes_at(self, field: DateTimeLocalField) -> None:
        self._check_local_time(field)

    def _check_local_time(self, field: DateTimeLocalField) -> None:
        if field.data is not None:
            day, clock = field.data.date(), field.data.time()
            try:
                local_to_utc(day, clock, self.timezone)
            except LocalTimeError as error:
                raise ValidationError(
                    str(local_time_problem(error, day, clock, self.timezone))
                ) from error

    def load(self, settings: RegistrationSettings) -> None:
        zone = ZoneInfo(self.timezone)
        self.is_open.data = settings.is_open
        self.opens_at.data = (
            settings.opens_at.astimezone(zone).replace(tzinfo=None) if settings.opens_at else None
        )
        self.closes_at.data = (
            settings.closes_at.astimezone(zone).replace(tzinfo=None) if settings.closes_at else None
        )
        self.capacity.data = settings.capacity
        self.waitlist_enabled.data = settings.waitlist_enabled
        self.approval_required.data = settings.approval_required
        self.categories.data = settings.categories
        self.ask_organization.data = settings.ask_organization
        self.ask_accessibility.data = settings.ask_accessibility
        self.ask_dietary.data = settings.ask_dietary
        for name in POLICY_FIELDS:
            getattr(self, name).data = getattr(settings, name)
        self.consent_texts.data = settings.consent_texts
        self.retention_until.data = settings.retention_until

    def to_data(self) -> SettingsData:
        def aware(value: datetime | None) -> datetime | None:
            return local_to_utc(value.date(), value.time(), self.timezone) if value else None

        return SettingsData(
            is_open=bool(self.is_open.data),
            capacity=int(self.capacity.data or 0),
            opens_at=aware(self.opens_at.data),
            closes_at=aware(self.closes_at.data),
            waitlist_enabled=bool(self.waitlist_enabled.data),
            approval_required=bool(self.approval_required.data),
            categories=_lines(self.categories.data),
            ask_organization=bool(self.ask_organization.data),
            ask_accessibility=bool(self.ask_accessibility.data),
            ask_dietary=bool(self.ask_dietary.data),
            ask_health=bool(self.ask_health.data),
            accessibility_sensitive=bool(self.accessibility_sensitive.data),
            dietary_sensitive=bool(self.dietary_sensitive.data),
            accessibility_purpose=self.accessibility_purpose.data or "",
            health_purpose=self.health_purpose.data or "",
            dietary_purpose=self.dietary_purpose.data or "",
            consent_texts=_lines(self.consent_texts.data),
            retention_until=self.retention_until.data,
            sensitive_retention_until=self.sensitive_retention_until.data,
        )


class CheckinForm(SummitForm):
    ticket = StringField(
        _l("Ticket"),
        description=_l("Scan the QR code or paste the ticket's address."),
        validators=[DataRequired(_l("Scan or paste a ticket.")), Length(max=500)],
        # Handheld scanners type into the focused field and press Enter.
        render_kw={
            "autofocus": True,
            "autocomplete": "off",
            "autocapitalize": "none",
            "spellcheck": "false",
            "enterkeyhint": "go",
        },
    )


class SensitiveExportForm(SummitForm):
    reason = TextAreaField(
        _l("Why do you need the sensitive answers?"),
        validators=[
            DataRequired(_l("Say why you need the export.")),
            Length(max=1000),
        ],
        description=_l("Written to the access log that the event's owners read."),
    )


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

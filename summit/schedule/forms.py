"""Schedule forms: shape only; the rules live in services."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField
from wtforms import EmailField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import TimeField
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from summit.events.forms import EVENT_LANGUAGES
from summit.events.forms import MultiCheckboxField
from summit.events.forms import language_name
from summit.events.models import Event
from summit.forms import SummitForm
from summit.schedule.labels import KIND_LABELS
from summit.schedule.labels import ROLE_LABELS
from summit.schedule.labels import STATUS_LABELS
from summit.schedule.labels import choices
from summit.schedule.localtime import utc_to_local
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker
from summit.schedule.services import SessionData
from summit.schedule.services import SlotData
from summit.schedule.speakers import MAX_BIO_CHARS
from summit.schedule.speakers import SpeakerData

SESSION_KINDS = choices(KIND_LABELS)
ROLE_CHOICES = choices(ROLE_LABELS)
STATUS_CHOICES = choices(STATUS_LABELS)


def _room_choices(event: Event) -> list[tuple[str, Any]]:
    return [("", _l("No room yet"))] + [(str(room.id), room.name) for room in event.rooms]


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value else None


class SlotFields:
    """Mixin: a local day, start and end; all empty means unscheduled."""

    day: DateField
    start: TimeField
    end: TimeField
    room_id: SelectField

    def slot(self) -> SlotData:
        return SlotData(
            self.day.data, self.start.data, self.end.data, _int_or_none(self.room_id.data)
        )

    def load_slot(self, event: Event, session: Session) -> None:
        if session.starts_at is not None and session.ends_at is not None:
            start = utc_to_local(session.starts_at, event.timezone)
            self.day.data = start.date()
            self.start.data = start.time().replace(tzinfo=None)
            self.end.data = (
                utc_to_local(session.ends_at, event.timezone).time().replace(tzinfo=None)
            )
        self.room_id.data = str(session.room_id) if session.room_id else ""


class SessionForm(SlotFields, SummitForm):
    kind = SelectField(_l("Kind"), choices=SESSION_KINDS, validators=[DataRequired()])
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the session a title.")), Length(max=200)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=10_000)])
    content_note = StringField(
        _l("Content note"),
        description=_l("A short warning shown with the session, e.g. “discusses suicide”."),
        validators=[Optional(), Length(max=300)],
    )
    language = SelectField(_l("Language"), validators=[Optional()])
    room_id = SelectField(_l("Room"), validators=[Optional()])
    day = DateField(
        _l("Day"),
        description=_l("Leave day and times empty for a session not scheduled yet."),
        validators=[Optional()],
    )
    start = TimeField(_l("Starts at (event time)"), validators=[Optional()])
    end = TimeField(
        _l("Ends at (event time)"),
        description=_l("Past midnight? Give the morning time, e.g. 22:00 to 01:00."),
        validators=[Optional()],
    )
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validators=[DataRequired()])
    capacity = IntegerField(
        _l("Seats (optional)"),
        validators=[
            Optional(),
            NumberRange(
                min=0, max=100_000, message=_l("Enter a number of seats from 0 to 100000.")
            ),
        ],
    )

    def __init__(self, event: Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.room_id.choices = _room_choices(event)
        self.language.choices = [("", _l("Not specified"))] + [
            (code, language_name(code)) for code in event.language_list
        ]

    def load(self, event: Event, session: Session) -> None:
        self.process(obj=session)
        self.kind.data = session.kind.value
        self.status.data = session.status.value
        self.load_slot(event, session)

    def to_data(self) -> SessionData:
        return SessionData(
            kind=SessionKind(self.kind.data),
            title=self.title.data or "",
            description=self.description.data or "",
            content_note=self.content_note.data or "",
            language=self.language.data or "",
            status=SessionStatus(self.status.data),
            capacity=self.capacity.data,
            slot=self.slot(),
        )


class MoveSessionForm(SlotFields, SummitForm):
    """The agenda builder's quick form: another time and/or room."""

    day = DateField(_l("Day"), validators=[Optional()])
    start = TimeField(_l("Start"), validators=[Optional()])
    end = TimeField(_l("End"), validators=[Optional()])
    room_id = SelectField(_l("Room"), validators=[Optional()])

    def __init__(self, event: Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.room_id.choices = _room_choices(event)


class RoleForm(SummitForm):
    speaker_id = SelectField(_l("Speaker"), validators=[DataRequired(_l("Choose a speaker."))])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired()])
    position = IntegerField(
        _l("Order on the panel"),
        description=_l("Empty: after the others."),
        validators=[Optional(), NumberRange(min=0, max=100)],
    )

    def __init__(self, speakers: list[Speaker], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.speaker_id.choices = [("", _l("Choose…"))] + [
            (str(s.id), f"{s.display_name}" + (f" — {s.affiliation}" if s.affiliation else ""))
            for s in speakers
        ]


class SpeakerForm(SummitForm):
    honorific = StringField(
        _l("Honorific"), description=_l("Dr, Pr…"), validators=[Optional(), Length(max=20)]
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Give the speaker's name.")), Length(max=160)]
    )
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    affiliation = StringField(_l("Affiliation"), validators=[Optional(), Length(max=200)])
    bio = TextAreaField(
        _l("Short bio"),
        description=_l("At most %(n)d characters.", n=MAX_BIO_CHARS),
        validators=[
            Optional(),
            Length(
                max=MAX_BIO_CHARS,
                message=_l("Keep the bio under %(n)d characters.", n=MAX_BIO_CHARS),
            ),
        ],
    )
    email = EmailField(
        _l("E-mail"),
        description=_l("Only organizers see it."),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    links = TextAreaField(
        _l("Links"),
        description=_l("One web address per line, starting with https://."),
        validators=[Optional(), Length(max=2000)],
    )
    languages = MultiCheckboxField(_l("Languages"), validators=[Optional()])
    photo = FileField(
        _l("Photo"),
        description=_l("PNG, JPEG or WebP, at most 2 MB."),
        render_kw={"accept": "image/png,image/jpeg,image/webp"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages.choices = [(code, language_name(code)) for code in EVENT_LANGUAGES]

    def load(self, speaker: Speaker) -> None:
        self.process(obj=speaker)
        self.languages.data = speaker.languages.split()

    def to_data(self) -> SpeakerData:
        return SpeakerData(
            name=self.name.data or "",
            honorific=self.honorific.data or "",
            position=self.position.data or "",
            affiliation=self.affiliation.data or "",
            bio=self.bio.data or "",
            email=self.email.data or "",
            links=[line.strip() for line in (self.links.data or "").splitlines() if line.strip()],
            languages=list(self.languages.data or []),
        )


class AvailabilityForm(SummitForm):
    day = DateField(_l("Day"), validators=[InputRequired(_l("Enter the day (YYYY-MM-DD)."))])
    start = TimeField(_l("From (event time)"), validators=[InputRequired(_l("Enter a time."))])
    end = TimeField(_l("Until (event time)"), validators=[InputRequired(_l("Enter a time."))])

    def slot(self) -> SlotData:
        return SlotData(self.day.data, self.start.data, self.end.data)

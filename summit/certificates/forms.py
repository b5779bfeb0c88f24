"""Forms of attendance and certificates: shape only; the rules live in services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from summit.certificates.models import CertificateSettings
from summit.certificates.models import IssueMode
from summit.certificates.services import CertificateSettingsData
from summit.forms import SummitForm

ISSUE_MODES = [
    (IssueMode.AFTER_EVENT.value, _l("Once, after the event has ended")),
    (IssueMode.AFTER_EACH_DAY.value, _l("After each day, covering the days so far")),
]


class CertificateSettingsForm(SummitForm):
    enabled = BooleanField(_l("Issue attendance certificates"))
    issue_mode = SelectField(_l("When"), choices=ISSUE_MODES, default=IssueMode.AFTER_EVENT.value)
    requires_feedback = BooleanField(
        _l("Certificate only after the attendee has sent the event feedback"),
        description=_l("The feedback stays anonymous: only the fact that it was sent is known."),
    )
    accreditation_label = StringField(
        _l("Accreditation"),
        description=_l('Shown on every certificate, e.g. "CME category 1".'),
        validators=[Optional(), Length(max=120)],
    )
    signer_name = StringField(
        _l("Signed by"), validators=[Optional(), Length(max=160)], render_kw={"autocomplete": "off"}
    )
    signer_title = StringField(
        _l("Signer's title"),
        description=_l('E.g. "Chair of the scientific committee".'),
        validators=[Optional(), Length(max=160)],
    )
    signature = FileField(
        _l("Signature image"),
        description=_l("PNG, JPEG or WebP, at most 2 MB; a scan on a white or clear background."),
        render_kw={"accept": "image/png,image/jpeg,image/webp"},
    )
    remove_signature = BooleanField(_l("Remove the current signature image"))
    retention_years = IntegerField(
        _l("Keep certificate records for (years)"),
        description=_l("Attendees are told at registration and on the certificate."),
        default=6,
        validators=[
            DataRequired(_l("Give a number of years.")),
            NumberRange(1, 30, _l("Between 1 and 30 years.")),
        ],
    )
    keep_after_erasure = BooleanField(
        _l("Keep the certificate record when a registration is erased"),
        description=_l(
            "Name, event, hours, code and date only. Without this, erasing a registration revokes its certificate."
        ),
        default=True,
    )

    def load(self, settings: CertificateSettings) -> None:
        self.enabled.data = settings.enabled
        self.issue_mode.data = settings.issue_mode.value
        self.requires_feedback.data = settings.requires_feedback
        self.accreditation_label.data = settings.accreditation_label
        self.signer_name.data = settings.signer_name
        self.signer_title.data = settings.signer_title
        self.retention_years.data = settings.retention_years
        self.keep_after_erasure.data = settings.keep_after_erasure

    def to_data(self) -> CertificateSettingsData:
        return CertificateSettingsData(
            enabled=bool(self.enabled.data),
            issue_mode=IssueMode(self.issue_mode.data),
            requires_feedback=bool(self.requires_feedback.data),
            accreditation_label=self.accreditation_label.data or "",
            signer_name=self.signer_name.data or "",
            signer_title=self.signer_title.data or "",
            retention_years=int(self.retention_years.data or 0),
            keep_after_erasure=bool(self.keep_after_erasure.data),
            remove_signature=bool(self.remove_signature.data),
        )


class CreditForm(SummitForm):
    hours = StringField(
        _l("Credit hours for the whole session"),
        description=_l("In quarter hours, e.g. 1.5. Leave empty for no credit."),
        validators=[Optional(), Length(max=10)],
    )


class AttendanceScanForm(SummitForm):
    code = StringField(
        _l("Ticket code or scanned link"),
        validators=[DataRequired(_l("Scan a ticket or type its code.")), Length(max=300)],
        render_kw={"autocomplete": "off", "autofocus": True},
    )


class AttendanceMarkForm(SummitForm):
    registration_id = IntegerField(validators=[DataRequired()])
    present = BooleanField(_l("Present"))
    minutes_late = IntegerField(
        _l("Arrived late (minutes)"),
        default=0,
        validators=[Optional(), NumberRange(0, 24 * 60, _l("Between 0 and 1440 minutes."))],
    )
    minutes_left_early = IntegerField(
        _l("Left early (minutes)"),
        default=0,
        validators=[Optional(), NumberRange(0, 24 * 60, _l("Between 0 and 1440 minutes."))],
    )


class RevokeForm(SummitForm):
    reason = StringField(
        _l("Reason"),
        description=_l("Shown on the public verification page."),
        validators=[DataRequired(_l("Say why the certificate is revoked.")), Length(max=300)],
    )

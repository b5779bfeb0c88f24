"""Imports every feature's models so metadata (and Alembic) sees the whole schema."""

from summit.audit.models import AccessLogEntry
from summit.audit.models import AccessLogRegistration
from summit.auth.models import Organizer
from summit.certificates.models import Certificate
from summit.certificates.models import CertificateSettings
from summit.certificates.models import SessionAttendance
from summit.certificates.models import SessionCredit
from summit.events.models import Event
from summit.events.models import EventOrganizer
from summit.events.models import EventStatus
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.exports.models import ExportFile
from summit.exports.models import ExportRendering
from summit.feedback.models import FeedbackAnswer
from summit.feedback.models import FeedbackMarker
from summit.localized.models import ContentTranslation
from summit.messages.models import AttendeeMessage
from summit.needs.models import AccessRequest
from summit.ops.models import WorkerHeartbeat
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus
from summit.registration.models import Registration
from summit.registration.models import RegistrationLink
from summit.registration.models import RegistrationSettings
from summit.registration.models import RegistrationStatus
from summit.registration.models import SessionChoice
from summit.registration.models import SessionSeats
from summit.schedule.models import QueuedNoticeItem
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionRole
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerAvailability
from summit.schedule.models import SpeakerRole
from summit.speaker_portal.models import InvitationStatus
from summit.speaker_portal.models import SpeakerInvitation
from summit.teams.models import TeamInvitation

__all__ = [
    "AccessLogEntry",
    "AccessLogRegistration",
    "AccessRequest",
    "AttendeeMessage",
    "Certificate",
    "ContentTranslation",
    "CertificateSettings",
    "FeedbackAnswer",
    "FeedbackMarker",
    "SessionAttendance",
    "SessionCredit",
    "Event",
    "EventOrganizer",
    "EventStatus",
    "ExportFile",
    "ExportRendering",
    "InvitationStatus",
    "Organizer",
    "OutboxMessage",
    "OutboxStatus",
    "Partner",
    "Registration",
    "RegistrationLink",
    "RegistrationSettings",
    "RegistrationStatus",
    "Room",
    "QueuedNoticeItem",
    "ScheduleChange",
    "SessionChoice",
    "SessionSeats",
    "Session",
    "SessionKind",
    "SessionRole",
    "SessionStatus",
    "Speaker",
    "SpeakerAvailability",
    "SpeakerInvitation",
    "SpeakerRole",
    "SupportResource",
    "TeamInvitation",
    "WorkerHeartbeat",
]

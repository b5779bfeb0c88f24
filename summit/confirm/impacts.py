"""What each destructive action will change, said before it happens. Read-only.

Each function takes the view's arguments and returns the :class:`~summit.confirm.Ask`.
"""

from __future__ import annotations

from flask import abort
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.confirm import Ask
from summit.confirm import Consequence
from summit.events.access import child_or_404
from summit.events.models import Event
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.notices import attendees_of
from summit.schedule.event_changes import room_deletion_impact
from summit.schedule.models import Session
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker
from summit.speaker_portal.services import invitation_of


def _titles(titles: list[str], limit: int = 5) -> str:
    shown = ", ".join(f"“{t}”" for t in titles[:limit])
    return shown + (" …" if len(titles) > limit else "")


def _mailed(event: Event, session: Session) -> list[Consequence]:
    if not event.is_published:
        return []
    n = len(attendees_of(session))
    if not n:
        return []
    return [
        Consequence(
            ngettext(
                "%(num)d attendee who chose it will be e-mailed.",
                "%(num)d attendees who chose it will be e-mailed.",
                n,
            )
        )
    ]


def delete_session(event: Event, session_id: int) -> Ask:
    session = child_or_404(Session, event, session_id)
    said = [Consequence(_("It leaves the agenda, the program and the calendars."))]
    if session.roles:
        said.append(
            Consequence(
                ngettext(
                    "%(num)d speaker loses this part: %(names)s.",
                    "%(num)d speakers lose this part: %(names)s.",
                    len(session.roles),
                    names=", ".join(r.speaker.display_name for r in session.roles),
                )
            )
        )
    chosen = len(attendees_of(session))
    if chosen:
        said.append(
            Consequence(
                ngettext(
                    "%(num)d attendee had it in their agenda.",
                    "%(num)d attendees had it in their agenda.",
                    chosen,
                )
            )
        )
    if event.is_published:
        said.append(Consequence(_("The public change log lists it as removed.")))
    return Ask(
        _("Delete the session “%(title)s”?", title=session.title),
        _("Delete the session"),
        url_for("manage_schedule.session", event_id=event.id, session_id=session.id),
        said,
        irreversible=True,
    )


def cancel_session(event: Event, session_id: int) -> Ask | None:
    """Only when the session form turns a scheduled session into a cancelled one."""
    session = child_or_404(Session, event, session_id)
    if request.form.get("status") != SessionStatus.CANCELLED.value or session.is_cancelled:
        return None
    said = [Consequence(_("It stays in the agenda and the calendars, marked cancelled."))]
    return Ask(
        _("Cancel the session “%(title)s”?", title=session.title),
        _("Cancel the session"),
        url_for("manage_schedule.session", event_id=event.id, session_id=session.id),
        said + _mailed(event, session),
    )


def remove_role(event: Event, session_id: int, role_id: int) -> Ask:
    session = child_or_404(Session, event, session_id)
    link = next((r for r in session.roles if r.id == role_id), None)
    if link is None:
        abort(404)
    return Ask(
        _(
            "Remove %(name)s from “%(title)s”?",
            name=link.speaker.display_name,
            title=session.title,
        ),
        _("Remove from the session"),
        url_for("manage_schedule.session", event_id=event.id, session_id=session.id) + "#speakers",
        [Consequence(_("Their profile stays; you can add them again later."))],
    )


def delete_speaker(event: Event, speaker_id: int) -> Ask:
    speaker = child_or_404(Speaker, event, speaker_id)
    said = []
    titles = [r.session.title for r in speaker.roles]
    if titles:
        said.append(
            Consequence(
                ngettext(
                    "They leave %(num)d session: %(titles)s.",
                    "They leave %(num)d sessions: %(titles)s.",
                    len(titles),
                    titles=_titles(titles),
                )
            )
        )
    if invitation_of(speaker) is not None:
        said.append(Consequence(_("Their private link stops working.")))
    said.append(Consequence(_("Their profile, bio and photo are deleted.")))
    return Ask(
        _("Delete the speaker %(name)s?", name=speaker.display_name),
        _("Delete the speaker"),
        url_for("manage_speakers.edit_speaker", event_id=event.id, speaker_id=speaker.id),
        said,
        irreversible=True,
    )


def remove_window(event: Event, speaker_id: int, window_id: int) -> Ask:
    speaker = child_or_404(Speaker, event, speaker_id)
    return Ask(
        _("Remove this availability window of %(name)s?", name=speaker.display_name),
        _("Remove the window"),
        url_for("manage_speakers.edit_speaker", event_id=event.id, speaker_id=speaker.id),
        [Consequence(_("Without windows, the speaker counts as available at any time."))]
        if len(speaker.availability) == 1
        else [],
    )


def delete_room(event: Event, room_id: int) -> Ask:
    room = child_or_404(Room, event, room_id)
    # The same preview the change pipeline acts on: who is e-mailed is who will be.
    impact = room_deletion_impact(event, room)
    said = (
        [
            Consequence(
                ngettext(
                    "%(num)d session loses its room: %(titles)s.",
                    "%(num)d sessions lose their room: %(titles)s.",
                    len(impact.sessions),
                    titles=_titles(impact.sessions),
                ),
                url_for("manage_schedule.agenda", event_id=event.id),
            )
        ]
        if impact.sessions
        else [Consequence(_("No session uses it."))]
    )
    if impact.attendees:
        said.append(
            Consequence(
                ngettext(
                    "%(num)d attendee who chose them will be e-mailed.",
                    "%(num)d attendees who chose them will be e-mailed.",
                    impact.attendees,
                )
            )
        )
    if impact.speakers:
        said.append(
            Consequence(
                ngettext(
                    "%(num)d speaker will be e-mailed.",
                    "%(num)d speakers will be e-mailed.",
                    impact.speakers,
                )
            )
        )
    return Ask(
        _("Delete the room “%(name)s”?", name=room.name),
        _("Delete the room"),
        url_for("manage_events.rooms", event_id=event.id),
        said,
    )


def delete_partner(event: Event, partner_id: int) -> Ask:
    partner = child_or_404(Partner, event, partner_id)
    return Ask(
        _("Remove the partner “%(name)s”?", name=partner.name),
        _("Remove the partner"),
        url_for("manage_events.partners", event_id=event.id),
        [Consequence(_("Its name and logo leave the event page and the program."))],
        irreversible=partner.logo is not None,
    )


def delete_support(event: Event, resource_id: int) -> Ask:
    resource = child_or_404(SupportResource, event, resource_id)
    said = [Consequence(_("It leaves the event page and the program."))]
    if len(event.support_resources) == 1:
        said.append(Consequence(_("The event will have no helpline or support resource left.")))
    return Ask(
        _("Remove the support resource “%(name)s”?", name=resource.name),
        _("Remove the resource"),
        url_for("manage_events.support", event_id=event.id),
        said,
    )


def remove_organizer(event: Event, organizer_id: int) -> Ask:
    organizer = db.session.get(Organizer, organizer_id)
    if organizer is None or all(m.organizer_id != organizer_id for m in event.memberships):
        abort(404)
    return Ask(
        _("Remove %(email)s from the organizers?", email=organizer.email),
        _("Remove the organizer"),
        url_for("manage_team.team", event_id=event.id),
        [Consequence(_("%(email)s can no longer manage this event.", email=organizer.email))],
    )


def _registration(event: Event, registration_id: int) -> Registration:
    registration: Registration = child_or_404(Registration, event, registration_id)
    return registration


def _next_in_line(event: Event) -> Registration | None:
    return db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.waitlist_number)
        .limit(1)
    ).first()


def cancel_registration(event: Event, registration_id: int) -> Ask:
    person = _registration(event, registration_id)
    said = [
        Consequence(_("%(name)s is e-mailed that the registration is cancelled.", name=person.name))
    ]
    waiting = _next_in_line(event) if person.status is RegistrationStatus.CONFIRMED else None
    if waiting is not None:
        said.append(
            Consequence(
                _(
                    "The seat goes to %(name)s, first on the waiting list, who is e-mailed.",
                    name=waiting.name,
                )
            )
        )
    return Ask(
        _("Cancel the registration of %(name)s?", name=person.name),
        _("Cancel the registration"),
        url_for("registration_manage.registrations", event_id=event.id),
        said,
    )


def reject_registration(event: Event, registration_id: int) -> Ask:
    person = _registration(event, registration_id)
    return Ask(
        _("Reject the registration of %(name)s?", name=person.name),
        _("Reject the registration"),
        url_for("registration_manage.registrations", event_id=event.id),
        [
            Consequence(
                _("%(name)s is e-mailed that the registration was not accepted.", name=person.name)
            )
        ],
    )


def erase_registration(event: Event, registration_id: int) -> Ask:
    person = _registration(event, registration_id)
    return Ask(
        _("Erase the personal data of %(name)s?", name=person.name),
        _("Erase the personal data"),
        url_for("registration_manage.registrations", event_id=event.id),
        [
            Consequence(_("Name, e-mail, organization, needs and consents are erased for good.")),
            Consequence(_("The registration still counts in the numbers, without a name.")),
        ],
        irreversible=True,
    )


def count_confirmed(event: Event) -> int:
    return int(
        db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.CONFIRMED,
            )
        )
        or 0
    )

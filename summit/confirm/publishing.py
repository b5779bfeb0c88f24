"""The checklist shown before publishing, and what unpublishing takes away. Read-only."""

from __future__ import annotations

from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from summit.confirm import Ask
from summit.confirm import Consequence
from summit.events.models import Event
from summit.extensions import db
from summit.registration.services import get_settings
from summit.schedule.conflicts import ConflictKind
from summit.schedule.conflicts import find_conflicts
from summit.schedule.rows import load_session_rows
from summit.speaker_portal.models import InvitationStatus
from summit.speaker_portal.models import SpeakerInvitation


def checklist(event: Event) -> list[Consequence]:
    """What is not ready yet, each with the page where it is fixed; empty when ready."""
    rows = load_session_rows(event, with_availability=True)
    conflicts = find_conflicts(rows)
    found = [c for per_session in conflicts.values() for c in per_session]
    items: list[Consequence] = []
    problems = url_for("manage_schedule.problems", event_id=event.id)
    no_moderator = sum(1 for c in found if c.kind is ConflictKind.NO_MODERATOR)
    others = len(found) - no_moderator
    if others:
        items.append(
            Consequence(
                ngettext(
                    "%(num)d open conflict in the agenda (double bookings, availability, rooms).",
                    "%(num)d open conflicts in the agenda (double bookings, availability, rooms).",
                    others,
                ),
                problems,
            )
        )
    if no_moderator:
        items.append(
            Consequence(
                ngettext(
                    "%(num)d round table has no moderator.",
                    "%(num)d round tables have no moderator.",
                    no_moderator,
                ),
                problems,
            )
        )
    active = [r for r in rows if not r.is_cancelled]
    untimed = sum(1 for r in active if r.starts_at is None)
    roomless = sum(1 for r in active if r.starts_at is not None and r.room_id is None)
    agenda = url_for("manage_schedule.agenda", event_id=event.id)
    if untimed:
        items.append(
            Consequence(
                ngettext(
                    "%(num)d session has no time yet.",
                    "%(num)d sessions have no time yet.",
                    untimed,
                ),
                agenda,
            )
        )
    if roomless:
        items.append(
            Consequence(
                ngettext(
                    "%(num)d session has no room yet.",
                    "%(num)d sessions have no room yet.",
                    roomless,
                ),
                agenda,
            )
        )
    speaking = {link.speaker_id for r in active for link in r.roles}
    confirmed = set(
        db.session.scalars(
            select(SpeakerInvitation.speaker_id).where(
                SpeakerInvitation.speaker_id.in_(speaking),
                SpeakerInvitation.status == InvitationStatus.CONFIRMED,
            )
        )
    )
    unconfirmed = len(speaking - confirmed)
    if unconfirmed:
        items.append(
            Consequence(
                ngettext(
                    "%(num)d speaker has not confirmed (not invited or no answer yet).",
                    "%(num)d speakers have not confirmed (not invited or no answer yet).",
                    unconfirmed,
                ),
                url_for("manage_speakers.speakers", event_id=event.id),
            )
        )
    if get_settings(event) is None:
        items.append(
            Consequence(
                _("Registration is not set up: nobody can register."),
                url_for("registration_manage.settings", event_id=event.id),
            )
        )
    if not event.support_resources:
        items.append(
            Consequence(
                _("No helpline or support resource is listed."),
                url_for("manage_events.support", event_id=event.id),
            )
        )
    return items


def publish_event(event: Event) -> Ask:
    back = url_for("manage_events.overview", event_id=event.id)
    if request.form.get("publish") != "1":
        return Ask(
            _("Make “%(title)s” a draft again?", title=event.title),
            _("Unpublish"),
            back,
            [
                Consequence(
                    _("Its public pages, program, calendars and feeds answer “not found”.")
                ),
                Consequence(_("Speakers' and attendees' links stop working until you publish.")),
            ],
        )
    items = checklist(event)
    if not items:
        return Ask(
            _("Publish “%(title)s”?", title=event.title),
            _("Publish"),
            back,
            [Consequence(_("Everything on the checklist is ready."))],
        )
    return Ask(
        _("“%(title)s” is not ready on every point. Publish anyway?", title=event.title),
        _("Publish anyway"),
        back,
        items,
    )

"""Event setup rules: events, organizers, rooms, partners, support resources, publishing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from summit.audit.models import AccessAction
from summit.audit.services import Actor
from summit.audit.services import record
from summit.auth.models import Organizer
from summit.domain import DomainError
from summit.events.models import Event
from summit.events.models import EventOrganizer
from summit.events.models import EventStatus
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.events.models import TeamRole
from summit.events.revision import bump_revision
from summit.events.slugs import slug_from_title
from summit.events.slugs import unique_slug
from summit.extensions import db
from summit.uploads import StoredImage

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_EVENT_DAYS = 31


class EventError(DomainError):
    """A rule about events was broken."""


@dataclass
class EventData:
    title: str
    slug: str
    start_date: date
    end_date: date
    timezone: str
    tagline: str = ""
    description: str = ""
    venue_name: str = ""
    venue_address: str = ""
    city: str = ""
    country: str = ""
    languages: list[str] = field(default_factory=lambda: ["en"])
    contact_email: str = ""


@dataclass
class RoomData:
    name: str
    capacity: int | None = None
    accessibility_notes: str = ""


@dataclass
class PartnerData:
    name: str
    kind: str = "partner"
    url: str = ""
    description: str = ""


@dataclass
class SupportResourceData:
    name: str
    phone: str = ""
    url: str = ""
    description: str = ""


# Offered first, after the zones of the event's country.
COMMON_ZONES = ["Africa/Casablanca", "Europe/Paris", "Europe/London", "Africa/Cairo", "UTC"]


@cache
def _zone_table() -> list[tuple[str, str]]:
    """(country code, zone) rows of tzdata's zone.tab: canonical names, no old aliases."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return [(row[0], row[2]) for row in rows]


def timezone_choices(country: str = "") -> tuple[list[str], list[str]]:
    """The zones to offer first (the country's, then :data:`COMMON_ZONES`), then every
    other canonical zone, sorted."""
    table = _zone_table()
    everything = sorted({zone for _, zone in table} | {"UTC"})
    mine = [zone for code, zone in table if code == country.upper()]
    first = mine + [zone for zone in COMMON_ZONES if zone not in mine]
    return first, [zone for zone in everything if zone not in first]


def past_dates_warning(data: EventData, *, now: datetime) -> object | None:
    """What to tell an organizer who saves dates already past in the event's zone (saving
    them is allowed: an organizer may record a past event)."""
    today = now.astimezone(ZoneInfo(data.timezone)).date()
    if data.end_date < today:
        return _l(
            "Saved, but the event's dates are in the past (it ended on %(day)s). Correct them if that is a mistake.",
            day=data.end_date.isoformat(),
        )
    if data.start_date < today:
        return _l(
            "Saved, but the start date (%(day)s) is in the past. Correct it if that is a mistake.",
            day=data.start_date.isoformat(),
        )
    return None


def check_event_data(data: EventData) -> None:
    """:raises EventError: invalid dates, timezone, slug or languages."""
    if not data.slug:
        raise EventError(_l("Choose a short web address, e.g. casablanca-2024."), "slug")
    if not SLUG_PATTERN.match(data.slug):
        raise EventError(
            _l("Use lower-case letters, digits and single hyphens only, e.g. casablanca-2024."),
            "slug",
        )
    if data.end_date < data.start_date:
        raise EventError(_l("The end date must be on or after the start date."), "end_date")
    if (data.end_date - data.start_date).days >= MAX_EVENT_DAYS:
        raise EventError(
            _l("An event can last at most %(days)d days.", days=MAX_EVENT_DAYS), "end_date"
        )
    if data.timezone not in available_timezones():
        raise EventError(_l("Choose a time zone from the list."), "timezone")
    if not data.languages:
        raise EventError(_l("Choose at least one language."), "languages")


def _apply(event: Event, data: EventData) -> None:
    event.title = data.title.strip()
    event.slug = data.slug
    event.tagline = data.tagline.strip()
    event.description = data.description.strip()
    event.start_date = data.start_date
    event.end_date = data.end_date
    event.timezone = data.timezone
    event.venue_name = data.venue_name.strip()
    event.venue_address = data.venue_address.strip()
    event.city = data.city.strip()
    event.country = data.country.strip().upper()
    event.languages = " ".join(dict.fromkeys(data.languages))
    event.contact_email = data.contact_email.strip()


def _flush_unique(message: object, field_name: str) -> None:
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise EventError(message, field_name) from error


def create_event(data: EventData, *, organizer: Organizer, now: datetime) -> Event:
    """Create a draft event; ``organizer`` becomes its first owner (logged).

    An empty slug is made from the title and the start date, unique among events.

    :raises EventError: invalid dates, timezone or slug, or the slug is taken.
    """
    if not data.slug:
        data = replace(data, slug=unique_slug(slug_from_title(data.title, data.start_date)))
    check_event_data(data)
    event = Event(
        created_at=now, updated_at=now, revision=1, revised_at=now, status=EventStatus.DRAFT
    )
    _apply(event, data)
    event.memberships.append(EventOrganizer(organizer=organizer, role=TeamRole.OWNER, added_at=now))
    db.session.add(event)
    _flush_unique(_l("Another event already uses this address. Choose another slug."), "slug")
    record(
        event.id,
        AccessAction.MEMBER_JOINED,
        actor=Actor(organizer.id, organizer.email, TeamRole.OWNER.value),
        now=now,
        subject=organizer.email,
        detail="role: owner; sensitive answers: no (event created)",
    )
    return event


def update_event(event: Event, data: EventData, *, now: datetime) -> Event:
    """Save the event's details, dates included, as given.

    Sessions do not follow here: a change of dates or time zone goes through
    :func:`summit.schedule.event_changes.change_event`, which moves or checks them first.

    :raises EventError: as :func:`create_event`.
    """
    check_event_data(data)
    _apply(event, data)
    event.updated_at = now
    _flush_unique(_l("Another event already uses this address. Choose another slug."), "slug")
    bump_revision(event, now=now)
    return event


def set_published(event: Event, published: bool, *, now: datetime) -> Event:
    event.status = EventStatus.PUBLISHED if published else EventStatus.DRAFT
    event.updated_at = now
    bump_revision(event, now=now)
    return event


def memberships_of(organizer: Organizer) -> list[EventOrganizer]:
    """The organizer's places on events' teams, latest event first."""
    return list(
        db.session.execute(
            select(EventOrganizer)
            .join(Event)
            .where(EventOrganizer.organizer_id == organizer.id)
            .order_by(Event.start_date.desc(), Event.id)
        ).scalars()
    )


def membership_of(event_id: int, organizer: Organizer) -> EventOrganizer | None:
    """``organizer``'s place on the team of event ``event_id``, if any."""
    return db.session.execute(
        select(EventOrganizer).where(
            EventOrganizer.event_id == event_id, EventOrganizer.organizer_id == organizer.id
        )
    ).scalar_one_or_none()


def published_events() -> list[Event]:
    return list(
        db.session.execute(
            select(Event)
            .where(Event.status == EventStatus.PUBLISHED)
            .order_by(Event.start_date.desc(), Event.id)
        ).scalars()
    )


def published_event(slug: str) -> Event | None:
    return db.session.execute(
        select(Event).where(Event.slug == slug, Event.status == EventStatus.PUBLISHED)
    ).scalar_one_or_none()


def save_room(event: Event, data: RoomData, room: Room | None = None, *, now: datetime) -> Room:
    """Create or update a room. :raises EventError: the name is taken in this event."""
    if data.capacity is not None and data.capacity < 0:
        raise EventError(_l("Capacity cannot be negative."), "capacity")
    if room is None:
        room = Room(event=event, position=len(event.rooms))
        db.session.add(room)
    room.name = data.name.strip()
    room.capacity = data.capacity
    room.accessibility_notes = data.accessibility_notes.strip()
    _flush_unique(_l("This event already has a room with this name."), "name")
    bump_revision(event, now=now)
    return room


def save_partner(
    event: Event,
    data: PartnerData,
    logo: StoredImage | None,
    partner: Partner | None = None,
    *,
    now: datetime,
) -> Partner:
    """Create or update a partner; a new logo replaces the old one."""
    if partner is None:
        partner = Partner(event=event, position=len(event.partners))
        db.session.add(partner)
    partner.name = data.name.strip()
    partner.kind = data.kind
    partner.url = data.url.strip()
    partner.description = data.description.strip()
    if logo is not None:
        partner.logo = logo.data
        partner.logo_type = logo.content_type
        partner.logo_digest = logo.digest
    _flush_unique(_l("This event already has a partner with this name."), "name")
    bump_revision(event, now=now)
    return partner


def _delete_child(
    event: Event, child: Partner | SupportResource, siblings: list[Any], *, now: datetime
) -> None:
    siblings.remove(child)
    db.session.delete(child)
    db.session.flush()
    bump_revision(event, now=now)


def delete_partner(event: Event, partner: Partner, *, now: datetime) -> None:
    """:raises EventError: the partner belongs to another event."""
    if partner.event_id != event.id:
        raise EventError(_l("This partner belongs to another event."))
    _delete_child(event, partner, event.partners, now=now)


def save_support_resource(
    event: Event,
    data: SupportResourceData,
    resource: SupportResource | None = None,
    *,
    now: datetime,
) -> SupportResource:
    if not (data.phone.strip() or data.url.strip()):
        raise EventError(
            _l("Give a phone number or a web address so people can reach it."), "phone"
        )
    if resource is None:
        resource = SupportResource(event=event, position=len(event.support_resources))
        db.session.add(resource)
    resource.name = data.name.strip()
    resource.phone = data.phone.strip()
    resource.url = data.url.strip()
    resource.description = data.description.strip()
    db.session.flush()
    bump_revision(event, now=now)
    return resource


def delete_support_resource(event: Event, resource: SupportResource, *, now: datetime) -> None:
    """:raises EventError: the resource belongs to another event."""
    if resource.event_id != event.id:
        raise EventError(_l("This support resource belongs to another event."))
    _delete_child(event, resource, event.support_resources, now=now)

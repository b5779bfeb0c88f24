"""Notices that follow a change of published sessions, queued in the outbox.

Speakers hear when a session of theirs changes time, room or status, is deleted, or when
they are added to or removed from it. Attendees who chose a session hear when it moves,
changes room, is cancelled or deleted. Who chose a session is the registration
package's knowledge: it subscribes an *audience* (:func:`subscribe_audience`) when the
app is built, so this package never imports it.

Each person gets one e-mail per burst listing all their sessions that changed, held for
``SESSION_NOTICE_DELAY`` seconds: a further change inside that window rewrites the
queued mail (``coalesce_key``, one per event, kind and person) with every session of
the burst, as recorded in :class:`~summit.schedule.models.QueuedNoticeItem`, instead of
adding a second one.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask import Flask
from flask import current_app
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from summit.events.models import Event
from summit.extensions import db
from summit.i18n import zone_name
from summit.localized.fields import ContentEntity
from summit.localized.reading import localized
from summit.localized.reading import tr
from summit.mail import Mail
from summit.outbox.models import OutboxMessage
from summit.outbox.models import OutboxStatus
from summit.outbox.services import queue_mails
from summit.schedule.labels import role_label
from summit.schedule.models import QueuedNoticeItem
from summit.schedule.models import Session
from summit.schedule.models import SessionStatus
from summit.schedule.viewmodels import clock_label
from summit.schedule.viewmodels import day_label
from summit.urls import absolute_url

if TYPE_CHECKING:
    from summit.schedule.pipeline import SessionChange
    from summit.schedule.pipeline import SessionState

AUDIENCES = "summit.session_audiences"
SPEAKER_KIND = "speaker_session_changed"
ATTENDEE_KIND = "session_changed"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str


# session ids -> the people to tell about each of them
Audience = Callable[[Collection[int]], dict[int, list[Recipient]]]


def subscribe_audience(app: Flask, audience: Audience) -> None:
    """Let ``audience`` name more people to tell when sessions change (once per app)."""
    audiences: list[Audience] = app.extensions.setdefault(AUDIENCES, [])
    if audience not in audiences:
        audiences.append(audience)


def attendees_of(session_ids: Collection[int]) -> dict[int, list[Recipient]]:
    """Everyone the subscribed audiences name for ``session_ids``."""
    found: dict[int, list[Recipient]] = {}
    if not session_ids:
        return found
    for audience in current_app.extensions.get(AUDIENCES, []):
        for session_id, people in audience(session_ids).items():
            found.setdefault(session_id, []).extend(people)
    return found


@dataclass
class NoticeItem:
    """One session in a person's notice: what happened and, unless it is gone, its
    state now."""

    session_id: int
    public_id: str
    headline: str
    title: str
    when: str = ""
    room: str = ""
    cancelled: bool = False
    gone: bool = False
    url: str = ""


@dataclass
class _Notice:
    recipient: Recipient
    kind: str
    items: list[tuple[SessionChange, str]] = field(default_factory=list)


def _wanted_by_attendees(change: SessionChange) -> bool:
    return change.is_deleted or bool(change.changed & {"time", "room", "status"})


def _speaker_events(change: SessionChange) -> list[tuple[int, str]]:
    """(speaker id, what happened to them) for one change."""
    before, after = change.before, change.after
    if before is None:
        return [(s.speaker_id, "added") for s in after.speakers] if after else []
    if after is None:
        return [(s.speaker_id, "deleted") for s in before.speakers]
    events = [(i, "added") for i in sorted(after.speaker_ids - before.speaker_ids)]
    events += [(i, "removed") for i in sorted(before.speaker_ids - after.speaker_ids)]
    if change.changed & {"time", "room", "status"}:
        events += [(i, "changed") for i in sorted(after.speaker_ids & before.speaker_ids)]
    return events


def _plan(event: Event, changes: Sequence[SessionChange]) -> list[_Notice]:
    notices: dict[tuple[str, str], _Notice] = {}
    language = event.main_language

    def add(recipient: Recipient, kind: str, change: SessionChange, what: str) -> None:
        if not recipient.email:
            return
        notice = notices.setdefault(
            (kind, recipient.email.lower()), _Notice(recipient=recipient, kind=kind)
        )
        notice.items.append((change, what))

    for change in changes:
        slots = {
            s.speaker_id: s
            for state in (change.before, change.after)
            if state
            for s in state.speakers
        }
        for speaker_id, what in _speaker_events(change):
            slot = slots[speaker_id]
            add(Recipient(slot.email, slot.name, language), SPEAKER_KIND, change, what)
    wanted = [c for c in changes if _wanted_by_attendees(c) and not c.is_created]
    audience = attendees_of([c.session.id for c in wanted])
    for change in wanted:
        what = "deleted" if change.is_deleted else "changed"
        for person in audience.get(change.session.id, []):
            add(person, ATTENDEE_KIND, change, what)
    return list(notices.values())


def _when(event: Event, state: SessionState | Session, locale: str) -> str:
    if state.starts_at is None or state.ends_at is None:
        return _("Time to be announced")
    zone = ZoneInfo(event.timezone)
    start, end = state.starts_at.astimezone(zone), state.ends_at.astimezone(zone)
    return (
        f"{day_label(start.date(), locale)}, {clock_label(start.hour, start.minute, locale)}"
        f"–{clock_label(end.hour, end.minute, locale)} ({zone_name(event.timezone, locale)})"
    )


def _headline(change: SessionChange, what: str, recipient: Recipient) -> str:
    if what == "deleted":
        return _("Removed from the program.")
    if what == "removed":
        return _("You are no longer part of this session.")
    if what == "added":
        state = change.after
        assert state is not None
        role = next(
            (s.role for s in state.speakers if s.email.lower() == recipient.email.lower()), None
        )
        return _("You are part of this session: %(role)s.", role=role_label(role) if role else "")
    changed = change.changed
    if "status" in changed and change.after and change.after.status is SessionStatus.CANCELLED:
        return _("This session is cancelled.")
    if "status" in changed:
        return _("This session is back on the program.")
    if changed >= {"time", "room"}:
        return _("New time and room.")
    if "time" in changed:
        return _("New time.")
    return _("New room.")


def _item(event: Event, change: SessionChange, what: str, recipient: Recipient) -> NoticeItem:
    state = change.after or change.before
    assert state is not None
    item = NoticeItem(
        session_id=change.session.id,
        public_id=change.session.public_id,
        headline=_headline(change, what, recipient),
        title=_title(event, change.session.id, state.title),
        gone=what in ("deleted", "removed"),
        cancelled=state.status is SessionStatus.CANCELLED,
    )
    if not item.gone:
        item.when = _when(event, state, recipient.language)
        item.room = state.room_name
    return item


def _title(event: Event, session_id: int, title: str) -> str:
    """The title in the recipient's language (the locale is forced to it), else as written."""
    return localized(event).text(ContentEntity.SESSION, session_id, "title", title)


def session_url(event: Event, public_id: str) -> str:
    """The public page of a session, absolute under SUMMIT_BASE_URL."""
    return absolute_url("schedule.session", slug=event.slug, public_id=public_id)


def _refreshed(event: Event, item: QueuedNoticeItem, recipient: Recipient) -> NoticeItem:
    """A session told about earlier in the burst, as it is now."""
    told = NoticeItem(item.session_ref, item.public_id, item.headline, item.title, gone=item.gone)
    session = None if item.gone else db.session.get(Session, item.session_ref)
    if session is None or session.event_id != event.id:
        if not told.gone:
            told.headline, told.gone = _("Removed from the program."), True
        return told
    told.title = _title(event, session.id, session.title)
    told.cancelled = session.status is SessionStatus.CANCELLED
    told.when = _when(event, session, recipient.language)
    told.room = session.room.name if session.room is not None else ""
    return told


def _mail(
    event: Event, notice: _Notice, earlier: list[QueuedNoticeItem]
) -> tuple[Mail, list[NoticeItem]]:
    recipient = notice.recipient
    with force_locale(recipient.language):
        items = [_item(event, change, what, recipient) for change, what in notice.items]
        now_told = {item.session_id for item in items}
        items = [
            _refreshed(event, old, recipient) for old in earlier if old.session_ref not in now_told
        ] + items
        for item in items:
            if not item.gone:
                item.url = session_url(event, item.public_id)
        if len(items) == 1:
            subject = _("A session in your agenda changed: %(title)s", title=items[0].title)
        else:
            subject = _("Sessions in your agenda changed: %(event)s", event=tr(event, "title"))
        text = render_template(
            "schedule/mail/session_notice.txt",
            event=event,
            recipient=recipient,
            items=items,
            speaker=notice.kind == SPEAKER_KIND,
        )
    mail = Mail(
        to=recipient.email,
        subject=subject,
        text=text,
        language=recipient.language,
        reply_to=event.contact_email or None,
        sender_name=tr(event, "title", recipient.language),
    )
    return mail, items


def coalesce_key(event: Event, kind: str) -> str:
    """One pending notice per event, kind and person (queue_mails matches the recipient)."""
    return f"{kind}:{event.id}"


def _pending_items(
    keys: Collection[str], emails: Collection[str]
) -> dict[tuple[str, str], list[QueuedNoticeItem]]:
    """What each person's notice still waiting in the outbox already tells, in two
    queries for everyone: (key, recipient) -> items in order."""
    rows = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.coalesce_key, OutboxMessage.recipient).where(
            OutboxMessage.coalesce_key.in_(list(keys)),
            OutboxMessage.recipient.in_(list(emails)),
            OutboxMessage.status == OutboxStatus.QUEUED,
            OutboxMessage.attempts == 0,
        )
    ).all()
    by_row = {row_id: (str(key), recipient) for row_id, key, recipient in rows}
    found: dict[tuple[str, str], list[QueuedNoticeItem]] = {}
    if not by_row:
        return found
    for item in db.session.scalars(
        select(QueuedNoticeItem)
        .where(QueuedNoticeItem.outbox_id.in_(list(by_row)))
        .order_by(QueuedNoticeItem.outbox_id, QueuedNoticeItem.position)
    ):
        found.setdefault(by_row[item.outbox_id], []).append(item)
    return found


def queue_session_notices(event: Event, changes: Sequence[SessionChange], *, now: datetime) -> int:
    """Queue one notice per person for ``changes``, folded into that person's notice still
    waiting from earlier changes; returns how many people are told."""
    notices = _plan(event, changes)
    if not notices:
        return 0
    config = current_app.config
    delay = timedelta(seconds=int(config.get("SESSION_NOTICE_DELAY", 300)))
    pending = _pending_items(
        {coalesce_key(event, n.kind) for n in notices}, {n.recipient.email for n in notices}
    )
    for kind in (SPEAKER_KIND, ATTENDEE_KIND):
        group = [n for n in notices if n.kind == kind]
        if not group:
            continue
        key = coalesce_key(event, kind)
        earlier = [pending.get((key, n.recipient.email), []) for n in group]
        built = [_mail(event, n, old) for n, old in zip(group, earlier, strict=True)]
        # One recipient per mail here, so queue_mails' look-up of each one's pending
        # row need not flush the rows added before it: one batched insert, not one each.
        with db.session.no_autoflush:
            rows = queue_mails(
                [mail for mail, _items in built],
                kind=kind,
                event_id=event.id,
                now=now,
                not_before=now + delay,
                coalesce_key=key,
            )
        for old in earlier:
            for item in old:
                db.session.delete(item)
        db.session.flush()  # the old items go before the new ones take their keys
        db.session.add_all(
            QueuedNoticeItem(
                outbox_id=row.id,
                session_ref=item.session_id,
                public_id=item.public_id,
                title=item.title[:200],
                headline=item.headline,
                gone=item.gone,
                position=position,
            )
            for row, (_mail_, items) in zip(rows, built, strict=True)
            for position, item in enumerate(items)
        )
    db.session.flush()
    return len(notices)


def notice_counts(event: Event, changes: Sequence[SessionChange]) -> tuple[int, int]:
    """(attendees, speakers) who would be e-mailed for ``changes``, sending nothing."""
    if not event.is_published:
        return 0, 0
    notices = _plan(event, changes)
    attendees = sum(1 for n in notices if n.kind == ATTENDEE_KIND)
    return attendees, len(notices) - attendees

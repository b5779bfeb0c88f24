"""Validators and a shared store for exports.

An export's version is a digest of the event's last change, computed with one aggregate
query: the latest ``updated_at`` of the event, its sessions and speakers, the latest
schedule change, plus row counts and id sums that reveal deletions and new links (a
removed session or role leaves no newer timestamp behind). The digest is the ETag, the
latest timestamp is Last-Modified, and the digest keys the stored rendering.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from functools import cache
from typing import Any

from flask import Request
from flask import Response
from sqlalchemy import Integer
from sqlalchemy import Select
from sqlalchemy import bindparam
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import literal_column
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from summit.events.models import Event
from summit.events.models import EventStatus
from summit.events.models import Partner
from summit.events.models import Room
from summit.events.models import SupportResource
from summit.exports.models import ExportFile
from summit.extensions import db
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole

# Bump when a builder's output changes, so stored files and client caches renew.
BUILDERS_VERSION = "2"


@dataclass(frozen=True)
class ExportVersion:
    last_modified: datetime
    digest: str

    def for_kind(self, *parts: str) -> str:
        """The digest of this version for one file (kind, language, base URL...)."""
        return hashlib.sha256("\x1f".join((self.digest, *parts)).encode()).hexdigest()


# A role's kind enters the digest: swapping moderator and panelist changes the version.
_ROLE_WEIGHT = case(
    (SessionRole.role == SpeakerRole.MODERATOR, 1),
    (SessionRole.role == SpeakerRole.PANELIST, 2),
    (SessionRole.role == SpeakerRole.SPEAKER, 3),
    else_=4,
)


def _latest(*values: object) -> datetime:
    moments = [v for v in values if isinstance(v, datetime)]
    return max(moments)


def _rows_text(model: Any, event_id: int, *columns: Any) -> Any:
    """One string of every row's ``columns`` for the event, in position order.

    ``aggregate_strings`` is group_concat on SQLite and string_agg on PostgreSQL; the
    ordered inner query fixes the order so equal content gives an equal string.
    """
    text: Any = literal_column("''")
    for column in columns:
        text = text + func.coalesce(column, "") + "\x1e"
    inner = (
        select(text.label("row_text"))
        .where(model.event_id == event_id)
        .order_by(model.position, model.id)
        .subquery()
    )
    return select(func.aggregate_strings(inner.c.row_text, "\x1d")).scalar_subquery()


def _version_columns(event_id: Any) -> list[Any]:
    """The aggregate columns; ``event_id`` is a value or an SQL expression."""
    in_event = Session.event_id == event_id
    return [
        Event.updated_at,
        Event.status,
        select(func.max(Session.updated_at)).where(in_event).scalar_subquery(),
        select(func.count(Session.id)).where(in_event).scalar_subquery(),
        select(func.coalesce(func.sum(Session.sequence), 0)).where(in_event).scalar_subquery(),
        select(func.max(Speaker.updated_at)).where(Speaker.event_id == event_id).scalar_subquery(),
        select(func.count(Speaker.id)).where(Speaker.event_id == event_id).scalar_subquery(),
        select(func.max(ScheduleChange.changed_at))
        .where(ScheduleChange.event_id == event_id)
        .scalar_subquery(),
        select(func.count(ScheduleChange.id))
        .where(ScheduleChange.event_id == event_id)
        .scalar_subquery(),
        select(func.count(SessionRole.id))
        .join(Session, Session.id == SessionRole.session_id)
        .where(in_event)
        .scalar_subquery(),
        select(func.coalesce(func.sum(SessionRole.id * _ROLE_WEIGHT + SessionRole.position), 0))
        .join(Session, Session.id == SessionRole.session_id)
        .where(in_event)
        .scalar_subquery(),
        # Partners, rooms and helplines carry no timestamp: their text is the version.
        _rows_text(
            Partner,
            event_id,
            Partner.name,
            Partner.kind,
            Partner.url,
            Partner.description,
            Partner.logo_digest,
        ),
        _rows_text(Room, event_id, Room.name, Room.accessibility_notes),
        _rows_text(
            SupportResource,
            event_id,
            SupportResource.name,
            SupportResource.phone,
            SupportResource.url,
            SupportResource.description,
        ),
    ]


def _version(event_id: int, values: tuple[Any, ...]) -> ExportVersion:
    last = _latest(*values)
    digest = hashlib.sha256(
        "\x1f".join([BUILDERS_VERSION, str(event_id), *map(_plain, values)]).encode()
    ).hexdigest()
    return ExportVersion(last.astimezone(UTC), digest)


@cache
def _by_id_statement() -> Select[Any]:
    # Built once: composing this statement costs more than running it (~3 ms vs ~1 ms).
    event_id = bindparam("event_id", type_=Integer)
    return select(*_version_columns(event_id)).where(Event.id == event_id)


@cache
def _by_slug_statement() -> Select[Any]:
    published = Event.slug == bindparam("slug"), Event.status == EventStatus.PUBLISHED
    event_id = select(Event.id).where(*published).scalar_subquery()
    return select(Event.id, *_version_columns(event_id)).where(*published)


def export_version(event_id: int) -> ExportVersion:
    """The version of everything an event's exports show, in one query."""
    row = db.session.execute(_by_id_statement(), {"event_id": event_id}).one()
    return _version(event_id, tuple(row))


def published_version(slug: str) -> tuple[int, ExportVersion] | None:
    """The id and export version of the published event ``slug``, in one query; None
    for drafts and unknown slugs. A 304 then costs one query and loads no rows."""
    row = db.session.execute(_by_slug_statement(), {"slug": slug}).one_or_none()
    if row is None:
        return None
    return row[0], _version(row[0], tuple(row)[1:])


def _plain(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value)


def stored_file(
    event_id: int, kind: str, version: str, build: Callable[[], bytes], *, now: datetime
) -> tuple[bytes, bool]:
    """The stored rendering of ``kind`` at ``version``, or a fresh one that replaces it.

    Flushes (the caller commits when the flag says something was written). Two servers
    rendering the same new version at once both succeed; the loser's insert is dropped.

    :returns: the content and whether it was written now.
    """
    content = db.session.execute(
        select(ExportFile.content).where(
            ExportFile.event_id == event_id, ExportFile.kind == kind, ExportFile.version == version
        )
    ).scalar_one_or_none()
    if content is not None:
        return content, False
    content = build()
    try:
        with db.session.begin_nested():
            row = db.session.execute(
                select(ExportFile).where(ExportFile.event_id == event_id, ExportFile.kind == kind)
            ).scalar_one_or_none()
            if row is None:
                row = ExportFile(event_id=event_id, kind=kind)
                db.session.add(row)
            row.version = version
            row.content = content
            row.created_at = now
    except IntegrityError:
        return content, False
    return content, True


@dataclass(frozen=True)
class StoredRendering:
    id: int
    version: str
    created_at: datetime


def stored_rendering(event_id: int, kind: str) -> StoredRendering | None:
    """Which version of ``kind`` is stored (whatever the current one is), without its bytes."""
    row = db.session.execute(
        select(ExportFile.id, ExportFile.version, ExportFile.created_at).where(
            ExportFile.event_id == event_id, ExportFile.kind == kind
        )
    ).one_or_none()
    return StoredRendering(row.id, row.version, row.created_at) if row else None


def stored_content(file_id: int) -> bytes:
    content: bytes = db.session.execute(
        select(ExportFile.content).where(ExportFile.id == file_id)
    ).scalar_one()
    return content


def not_modified(request: Request, etag: str, last_modified: datetime) -> bool:
    """True when the client's copy (If-None-Match, else If-Modified-Since) is current."""
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    if request.if_modified_since is not None:
        return last_modified.replace(microsecond=0) <= request.if_modified_since
    return False


def export_response(
    request: Request,
    version: str,
    last_modified: datetime,
    build: Callable[[], bytes],
    *,
    mimetype: str,
    filename: str,
    private: bool = False,
    max_age: int = 300,
) -> Response:
    """Stream an export with ETag and Last-Modified; 304 without building when current."""
    etag = version[:40]
    if not_modified(request, etag, last_modified):
        response = Response(status=304)
    else:
        response = Response(build(), mimetype=mimetype)
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(etag)
    response.last_modified = last_modified
    if private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response

"""Validators and a shared store for exports.

An export's version is the event's one revision (raised by every write service, see
:mod:`summit.events.revision`) plus what the file is of: kind, language, base URL. That
string, hashed, is the ETag and the key of the stored rendering; ``revised_at`` is
Last-Modified. Reading it is one query on the event row, and a new field shown in an
export needs no change here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime

from flask import Request
from flask import Response
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from summit.events.models import Event
from summit.events.models import EventStatus
from summit.exports.models import ExportFile
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.extensions import db

# Bump when a builder's output changes, so stored files and client caches renew.
BUILDERS_VERSION = "2"


@dataclass(frozen=True)
class ExportVersion:
    event_id: int
    revision: int
    last_modified: datetime

    def for_kind(self, *parts: str) -> str:
        """The version of one file (kind, language, base URL...) of this revision."""
        key = "\x1f".join((BUILDERS_VERSION, str(self.event_id), str(self.revision), *parts))
        return hashlib.sha256(key.encode()).hexdigest()


def _version(event_id: int, revision: int, revised_at: datetime) -> ExportVersion:
    return ExportVersion(event_id, revision, revised_at.astimezone(UTC))


def export_version(event_id: int) -> ExportVersion:
    """The version of everything an event's exports show, in one query."""
    revision, revised_at = db.session.execute(
        select(Event.revision, Event.revised_at).where(Event.id == event_id)
    ).one()
    return _version(event_id, revision, revised_at)


def published_version(slug: str) -> tuple[int, ExportVersion] | None:
    """The id and export version of the published event ``slug``, in one query; None
    for drafts and unknown slugs. A 304 then costs one query and loads no rows."""
    row = db.session.execute(
        select(Event.id, Event.revision, Event.revised_at).where(
            Event.slug == slug, Event.status == EventStatus.PUBLISHED
        )
    ).one_or_none()
    if row is None:
        return None
    return row[0], _version(*row)


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


def forget_files(event_id: int, kind_prefix: str) -> None:
    """Delete the stored files of ``event_id`` whose kind starts with ``kind_prefix``
    (e.g. ``speaker-12.``): a personal file goes with its person (flushes).

    Their closed rendering requests go too: a request is unique per version, so a done
    one left behind would turn away the next ask for a file still wanted at that version
    (a ticket of the link kept when the others are revoked). One still waiting or running
    stays; the worker closes it unrendered if its file is no longer wanted.
    """
    db.session.execute(
        delete(ExportFile).where(
            ExportFile.event_id == event_id, ExportFile.kind.startswith(kind_prefix)
        )
    )
    db.session.execute(
        delete(ExportRendering).where(
            ExportRendering.event_id == event_id,
            ExportRendering.kind.startswith(kind_prefix),
            ExportRendering.status.in_((RenderingStatus.DONE, RenderingStatus.FAILED)),
        )
    )


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

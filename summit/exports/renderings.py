"""PDFs rendered by the background worker, once per version, never in a request.

Programs, and the personal files registered with
:func:`~summit.exports.documents.register_document` (a speaker's schedule, a ticket...):
each kind says how its version is computed and how its HTML is built.

A visitor asking for a program that is not rendered at the current version calls
:func:`request_rendering`: an insert that meets every concurrent one on the
``(event, kind, version)`` unique key, so 200 visitors right after a change leave one
waiting row. The worker calls :func:`render_next`, which claims that row with a lease
(a worker killed mid-render leaves it to expire and another takes it over), renders in a
child process (:mod:`summit.exports.pdf_child`) and stores the file where every app
server reads it (:class:`~summit.exports.models.ExportFile`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from summit.events.models import Event
from summit.events.models import EventStatus
from summit.exports.caching import export_version
from summit.exports.documents import Document
from summit.exports.documents import document_for
from summit.exports.documents import register_document
from summit.exports.loading import agenda_sessions
from summit.exports.loading import event_speakers
from summit.exports.loading import partners_with_logos
from summit.exports.models import ExportFile
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.exports.pdf_child import RenderFailed
from summit.exports.pdf_child import render_pdf
from summit.exports.program import render_program_html
from summit.exports.sealing import SealBroken
from summit.exports.sealing import open_secret
from summit.exports.sealing import seal_file
from summit.extensions import db
from summit.tasks import after_commit

log = logging.getLogger(__name__)

PROGRAM = "program.pdf"
# Longer than the slowest rendering (a 200-page program takes ~15 s on two cores).
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 3


PREVIEW = "preview"


def program_kind(language: str | None = None, *, preview: bool = False) -> str:
    """The stored kind of a program: ``program.pdf`` in the event's main language,
    ``program.ar.pdf`` in another interface language (each rendered and kept on its own).

    :param preview: a draft's program for its organizers, ``preview.pdf`` (or
        ``preview.ar.pdf``): kept under its own kind, which no public route serves, so
        what was rendered of a draft never reaches a visitor, even once it is published.
    """
    name = PREVIEW if preview else "program"
    return f"{name}.{language}.pdf" if language else f"{name}.pdf"


def is_preview_kind(kind: str) -> bool:
    return kind.split(".")[0] == PREVIEW


def kind_language(kind: str) -> str | None:
    """The language of a program kind made by :func:`program_kind` (None: the main one)."""
    parts = kind.split(".")
    return parts[1] if len(parts) == 3 else None


def program_version(event_id: int, kind: str = PROGRAM) -> str:
    """The version key of an event's program: it changes with anything the program shows."""
    return export_version(event_id).for_kind(kind)


@dataclass(frozen=True)
class StoredFile:
    version: str
    content: bytes


def stored_program(event_id: int, kind: str = PROGRAM) -> StoredFile | None:
    """The last rendered program of the event, whatever its version."""
    row = db.session.execute(
        select(ExportFile.version, ExportFile.content).where(
            ExportFile.event_id == event_id, ExportFile.kind == kind
        )
    ).one_or_none()
    return None if row is None else StoredFile(row.version, row.content)


def request_rendering(
    event_id: int, kind: str, version: str, *, now: datetime, sealed_secret: bytes | None = None
) -> bool:
    """Ask the worker for ``kind`` at ``version``; a no-op when already asked (flushes).

    :param sealed_secret: what a sealed document is made from, sealed with the app's key.
    :returns: whether this call asked (False: someone had already).
    """
    values = {
        "event_id": event_id,
        "kind": kind,
        "version": version,
        "status": RenderingStatus.WAITING,
        "attempts": 0,
        "requested_at": now,
        "claimed_by": "",
        "error": "",
        "sealed_secret": sealed_secret,
    }
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(ExportRendering)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(ExportRendering.id)
    )
    asked = db.session.execute(statement).scalar_one_or_none() is not None
    if asked:
        # The worker renders it at once (not at its next tick) when this commits.
        after_commit(db.session(), _render_soon)
    return asked


def _render_soon() -> None:
    from summit.tasks import render_soon

    render_soon()


def rendering_failed(event_id: int, kind: str, version: str) -> bool:
    """True when the worker gave up on ``kind`` at ``version`` (a new version is asked
    afresh), so a page waiting for it can say so instead of reloading for ever."""
    return (
        db.session.execute(
            select(ExportRendering.id).where(
                ExportRendering.event_id == event_id,
                ExportRendering.kind == kind,
                ExportRendering.version == version,
                ExportRendering.status == RenderingStatus.FAILED,
            )
        ).first()
        is not None
    )


def request_stale_programs(*, now: datetime) -> int:
    """Ask for the program of every published event whose stored one is out of date, so
    visitors find it rendered after a change instead of waiting for it (flushes).

    :returns: how many events were asked for.
    """
    event_ids = db.session.execute(
        select(Event.id).where(Event.status == EventStatus.PUBLISHED)
    ).scalars()
    asked = 0
    for event_id in event_ids:
        version = program_version(event_id)
        stored = stored_version(event_id)
        if stored != version:
            request_rendering(event_id, PROGRAM, version, now=now)
            asked += 1
    return asked


def stored_version(event_id: int, kind: str = PROGRAM) -> str | None:
    """The version of the stored file of ``kind``, without loading the file."""
    return db.session.execute(
        select(ExportFile.version).where(ExportFile.event_id == event_id, ExportFile.kind == kind)
    ).scalar_one_or_none()


def _claim(*, worker: str, now: datetime, lease: timedelta) -> ExportRendering | None:
    """Take the oldest waiting rendering (or one whose worker's lease ran out); commits,
    so the lease is visible to other workers before the long rendering starts."""
    claimable = or_(
        ExportRendering.status == RenderingStatus.WAITING,
        (ExportRendering.status == RenderingStatus.RUNNING) & (ExportRendering.claimed_until < now),
    )
    candidates = db.session.execute(
        select(ExportRendering.id).where(claimable).order_by(ExportRendering.requested_at).limit(5)
    ).scalars()
    for rendering_id in list(candidates):
        taken = db.session.execute(
            update(ExportRendering)
            .where(ExportRendering.id == rendering_id, claimable)
            .values(
                status=RenderingStatus.RUNNING,
                claimed_by=worker,
                claimed_until=now + lease,
                attempts=ExportRendering.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return db.session.get(ExportRendering, rendering_id)
    return None


def program_html(event: Event, language: str | None = None) -> str:
    version = export_version(event.id)
    return render_program_html(
        event,
        agenda_sessions(event),
        event_speakers(event),
        partners_with_logos(event),
        generated_at=version.last_modified,
        language=language,
    )


def _store(rendering: ExportRendering, content: bytes, *, now: datetime) -> None:
    row = db.session.execute(
        select(ExportFile).where(
            ExportFile.event_id == rendering.event_id, ExportFile.kind == rendering.kind
        )
    ).scalar_one_or_none()
    if row is None:
        row = ExportFile(event_id=rendering.event_id, kind=rendering.kind)
        db.session.add(row)
    row.version = rendering.version
    row.content = content
    row.created_at = now
    if not is_preview_kind(rendering.kind):
        # A public program means the event is published: what was rendered of its draft
        # has no reader left (no route serves it then), so it is not kept either.
        db.session.execute(
            delete(ExportFile).where(
                ExportFile.event_id == rendering.event_id,
                ExportFile.kind.startswith(f"{PREVIEW}."),
            )
        )


def _supersede(
    rendering: ExportRendering, event: Event | None, *, now: datetime
) -> ExportRendering:
    """Close a request whose version is no longer current; ask for the current one."""
    rendering.status = RenderingStatus.DONE
    rendering.error = "superseded"
    rendering.finished_at = now
    rendering.sealed_secret = None
    document = document_for(rendering.kind)
    # Only what is still wanted: a program while published, a preview while a draft.
    if (
        event is not None
        and document is not None
        and document.ask_again
        and event.is_published != is_preview_kind(rendering.kind)
    ):
        version = document.version(event.id, rendering.kind)
        if version is not None:
            request_rendering(event.id, rendering.kind, version, now=now)
    db.session.commit()
    return rendering


def render_next(*, worker: str, now: datetime, lease: timedelta = LEASE) -> ExportRendering | None:
    """Render the oldest requested file, if any; commits.

    A request for a version that is no longer current is closed without rendering (and
    the current version asked for instead): the content loaded now would not match it.

    :returns: the rendering handled, or None when nothing was waiting.
    """
    rendering = _claim(worker=worker, now=now, lease=lease)
    if rendering is None:
        return None
    event = db.session.get(Event, rendering.event_id)
    document = document_for(rendering.kind)
    current = (
        document.version(rendering.event_id, rendering.kind)
        if event is not None and document is not None
        else None
    )
    if event is None or document is None or current != rendering.version:
        return _supersede(rendering, event, now=now)
    started = time.monotonic()
    try:
        secret = _opened_secret(rendering, document)
        html = document.html(event, rendering.kind, secret)
        db.session.commit()  # no transaction stays open during the long rendering
        pdf = render_pdf(html, fetcher=document.fetcher)
    except (RenderFailed, SealBroken) as error:
        return _failed(rendering, error, give_up=isinstance(error, SealBroken))
    finished = now + timedelta(seconds=time.monotonic() - started)
    if document.version(rendering.event_id, rendering.kind) != rendering.version:
        return _supersede(rendering, event, now=finished)  # changed meanwhile
    content = pdf.content if secret is None else seal_file(pdf.content, secret=secret)
    _store(rendering, content, now=finished)
    rendering.status = RenderingStatus.DONE
    rendering.finished_at = finished
    rendering.sealed_secret = None
    rendering.seconds = round(pdf.seconds, 3)
    rendering.pages = pdf.pages
    rendering.peak_rss_kib = pdf.peak_rss_kib
    rendering.error = ""
    db.session.commit()
    log.info(
        "rendered %s of event %s: %d pages in %.1f s, child peak %d MiB",
        rendering.kind,
        event.id,
        pdf.pages,
        pdf.seconds,
        pdf.peak_rss_kib // 1024,
    )
    return rendering


def _opened_secret(rendering: ExportRendering, document: Document) -> str | None:
    """The secret a sealed document is made from (None for the others).

    :raises SealBroken: it is missing, or sealed with another app key (rotated since).
    """
    if not document.sealed:
        return None
    if rendering.sealed_secret is None:
        raise SealBroken("a sealed document was asked for without its secret")
    return open_secret(rendering.sealed_secret, app_key=str(current_app.config["SECRET_KEY"]))


def _failed(rendering: ExportRendering, error: Exception, *, give_up: bool) -> ExportRendering:
    """Ask again later, or give up after the last attempt (or at once: a broken seal does
    not mend by retrying); commits."""
    log.error("rendering %s of event %s failed: %s", rendering.kind, rendering.event_id, error)
    rendering.error = str(error)[:2000]
    if give_up or rendering.attempts >= MAX_ATTEMPTS:
        rendering.status = RenderingStatus.FAILED
        rendering.sealed_secret = None
    else:
        rendering.status = RenderingStatus.WAITING
    db.session.commit()
    return rendering


def _program_html(event: Event, kind: str, _secret: str | None = None) -> str:
    return program_html(event, kind_language(kind))


for _family in ("program", PREVIEW):
    register_document(
        _family, Document(version=program_version, html=_program_html, ask_again=True)
    )

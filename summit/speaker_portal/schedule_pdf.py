"""A speaker's own schedule PDF, rendered by the worker under ``speaker-<id>.pdf``
(``speaker-<id>.<lang>.pdf`` in another of the event's languages): the id makes it theirs,
and only the portal behind their private link serves it."""

from __future__ import annotations

from summit.events.models import Event
from summit.exports.caching import export_version
from summit.exports.documents import Document
from summit.exports.documents import register_document
from summit.exports.loading import speaker_sessions
from summit.exports.program import render_program_html
from summit.exports.renderings import kind_language
from summit.extensions import db
from summit.schedule.models import Speaker

FAMILY = "speaker"


def speaker_kind(speaker_id: int, language: str | None = None) -> str:
    return f"{FAMILY}-{speaker_id}.{language}.pdf" if language else f"{FAMILY}-{speaker_id}.pdf"


def _speaker(event_id: int, kind: str) -> Speaker | None:
    speaker_id = kind.split(".")[0].removeprefix(f"{FAMILY}-")
    speaker = db.session.get(Speaker, int(speaker_id)) if speaker_id.isdigit() else None
    return speaker if speaker is not None and speaker.event_id == event_id else None


def schedule_version(event_id: int, kind: str) -> str | None:
    """Every change to the speaker, their sessions or co-speakers raises the revision."""
    if _speaker(event_id, kind) is None:
        return None  # removed from the event: nobody to render it for
    return export_version(event_id).for_kind(kind)


def schedule_html(event: Event, kind: str, _secret: str | None = None) -> str:
    speaker = _speaker(event.id, kind)
    assert speaker is not None  # schedule_version said it is there
    sessions = speaker_sessions(speaker)
    co_speakers = {
        r.speaker.id: r.speaker for s in sessions for r in s.roles if r.speaker_id != speaker.id
    }
    return render_program_html(
        event,
        sessions,
        sorted(co_speakers.values(), key=lambda s: (s.name, s.id)),
        [],
        generated_at=export_version(event.id).last_modified,
        personal_for=speaker,
        language=kind_language(kind),
    )


register_document(FAMILY, Document(version=schedule_version, html=schedule_html))

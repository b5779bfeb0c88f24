"""The printable program (and a speaker's own schedule) as HTML, then PDF by WeasyPrint.

:func:`render_program_html` is plain Jinja; :func:`render_program_pdf` hands that HTML to
WeasyPrint (:mod:`summit.exports.pdf`, in a child process) with its ``StaticOnlyFetcher``,
which serves ``data:`` URIs and files under
``summit/static`` and refuses everything else (no network, no other files), so neither
an organizer's text nor a partner's URL can make the server fetch anything.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import force_locale

from summit.events.models import Event
from summit.events.models import Partner
from summit.exports.paths import STATIC_ROOT
from summit.exports.pdf_child import render_pdf
from summit.i18n import RTL_LANGUAGES
from summit.schedule.labels import kind_label
from summit.schedule.labels import role_label
from summit.schedule.models import Session
from summit.schedule.models import Speaker


def data_uri(content: bytes, content_type: str | None) -> str:
    encoded = base64.b64encode(content).decode()
    return f"data:{content_type or 'application/octet-stream'};base64,{encoded}"


@dataclass
class ProgramDay:
    day: date
    sessions: list[Session] = field(default_factory=list)


def group_by_day(event: Event, sessions: Iterable[Session]) -> list[ProgramDay]:
    zone = ZoneInfo(event.timezone)
    days: dict[date, ProgramDay] = {}
    for session in sessions:
        if session.starts_at is None:
            continue
        local = session.starts_at.astimezone(zone).date()
        days.setdefault(local, ProgramDay(local)).sessions.append(session)
    return [days[d] for d in sorted(days)]


def speaker_sessions_map(sessions: Iterable[Session]) -> dict[int, list[tuple[Session, str]]]:
    """Speaker id → their (session, role label) pairs, in agenda order."""
    result: dict[int, list[tuple[Session, str]]] = {}
    for session in sessions:
        for role in session.roles:
            result.setdefault(role.speaker_id, []).append((session, role_label(role.role)))
    return result


def render_program_html(
    event: Event,
    sessions: Iterable[Session],
    speakers: Iterable[Speaker],
    partners: Iterable[Partner],
    *,
    generated_at: datetime,
    personal_for: Speaker | None = None,
    language: str | None = None,
) -> str:
    """The program as print HTML, in ``language`` (default: the event's main language).

    The interface language is the document's ``lang`` (so the PDF's /Lang) and direction;
    event text written in another language is marked with its own ``lang``.

    :param personal_for: render one speaker's own schedule instead of the whole program.
    :param generated_at: the agenda's last change, shown in the footer and PDF metadata.
    """
    sessions = list(sessions)
    language = language or event.main_language
    with force_locale(language):
        return render_template(
            "exports/program.html",
            event=event,
            language=language,
            direction="rtl" if language in RTL_LANGUAGES else "ltr",
            days=group_by_day(event, sessions),
            speakers=list(speakers),
            partners=[
                (partner, data_uri(partner.logo, partner.logo_type) if partner.logo else None)
                for partner in partners
            ],
            by_speaker=speaker_sessions_map(sessions),
            kind_label=kind_label,
            role_label=role_label,
            personal_for=personal_for,
            generated_at=generated_at,
            stylesheet=(STATIC_ROOT / "exports" / "program.css").as_uri(),
        )


def render_program_pdf(html: str) -> bytes:
    """The PDF of :func:`render_program_html`'s output: fonts embedded, text kept as text.

    WeasyPrint runs in a child process that exits afterwards, so its peak memory is never
    kept by the caller (see :mod:`summit.exports.pdf_child`).
    """
    return render_pdf(html).content


def program_filename(slug: str) -> str:
    return f"{slug}-program.pdf"


__all__ = [
    "program_filename",
    "render_program_html",
    "render_program_pdf",
]

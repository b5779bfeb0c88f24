"""``flask export-program``, ``export-calendar`` and ``export-feeds``: the exports of an
event written to files, drafts included (organizers prepare them before publishing)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from summit.events.models import Event
from summit.exports.caching import export_version
from summit.exports.calendar import build_calendar
from summit.exports.frab import build_frab_json
from summit.exports.frab import build_frab_xml
from summit.exports.loading import agenda_sessions
from summit.exports.loading import event_speakers
from summit.exports.loading import partners_with_logos
from summit.exports.program import render_program_html
from summit.exports.program import render_program_pdf
from summit.exports.settings import uid_domain
from summit.exports.views import agenda_calendar_name
from summit.extensions import db
from summit.urls import base_url


def _event(slug: str) -> Event:
    event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
    if event is None:
        raise click.ClickException(
            f"No event has the slug {slug!r}. Check it in the organizer area."
        )
    return event


def _base_url(value: str | None) -> str:
    return value.rstrip("/") if value else base_url()


BASE_URL = click.option(
    "--base-url",
    default=None,
    help="Scheme and host for links, e.g. https://summit.example.org (default: SUMMIT_BASE_URL).",
)


def write_program(event: Event, out: Path, language: str | None = None) -> None:
    version = export_version(event.id)
    html = render_program_html(
        event,
        agenda_sessions(event),
        event_speakers(event),
        partners_with_logos(event),
        generated_at=version.last_modified,
        language=language,
    )
    out.write_bytes(render_program_pdf(html))


def write_calendar(event: Event, out: Path, base_url: str) -> None:
    name = agenda_calendar_name(event)
    out.write_bytes(
        build_calendar(
            event, agenda_sessions(event), name=name, base_url=base_url, uid_domain=uid_domain()
        )
    )


@click.command("export-program")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option(
    "--language",
    default=None,
    help="Interface language of the program, e.g. ar (default: the event's main language).",
)
def export_program_command(slug: str, out: Path, language: str | None) -> None:
    """Write the program PDF of the event SLUG to OUT."""
    if language is not None and language not in current_app.config["SUMMIT_LANGUAGES"]:
        raise click.BadParameter(
            f"choose one of {' '.join(current_app.config['SUMMIT_LANGUAGES'])}"
        )
    write_program(_event(slug), out, language)
    click.echo(f"Program written to {out}.")


@click.command("export-calendar")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@BASE_URL
def export_calendar_command(slug: str, out: Path, base_url: str | None) -> None:
    """Write the agenda of the event SLUG as an iCalendar file OUT."""
    write_calendar(_event(slug), out, _base_url(base_url))
    click.echo(f"Calendar written to {out}.")


@click.command("export-feeds")
@click.argument("slug")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@BASE_URL
def export_feeds_command(slug: str, outdir: Path, base_url: str | None) -> None:
    """Write program.pdf, schedule.ics, schedule.xml and schedule.json of SLUG to OUTDIR."""
    event = _event(slug)
    base = _base_url(base_url)
    outdir.mkdir(parents=True, exist_ok=True)
    sessions = agenda_sessions(event)
    write_program(event, outdir / "program.pdf")
    write_calendar(event, outdir / "schedule.ics", base)
    (outdir / "schedule.xml").write_bytes(
        build_frab_xml(event, sessions, base_url=base, uid_domain=uid_domain())
    )
    (outdir / "schedule.json").write_bytes(
        build_frab_json(event, sessions, base_url=base, uid_domain=uid_domain())
    )
    click.echo(f"program.pdf, schedule.ics, schedule.xml and schedule.json written to {outdir}.")


COMMANDS = [export_program_command, export_calendar_command, export_feeds_command]

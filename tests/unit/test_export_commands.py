from __future__ import annotations

import json
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import icalendar
from flask import Flask
from lxml import etree
from pypdf import PdfReader

from summit.imports.reading import SCHEMAS
from tests.export_factories import make_session
from tests.factories import make_event


def test_export_commands_write_a_drafts_program_calendar_and_feeds(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    event = make_event(published=False, slug="draft-summit", languages=["en"])
    session = make_session(event, datetime(2024, 12, 12, 9, tzinfo=UTC), title="Sleep and stress")

    pdf = tmp_path / "program.pdf"
    result = runner.invoke(args=["export-program", "draft-summit", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "Sleep and stress" in "".join(p.extract_text() for p in PdfReader(pdf).pages)

    ics = tmp_path / "agenda.ics"
    result = runner.invoke(
        args=["export-calendar", "draft-summit", str(ics), "--base-url", "https://summit.example"]
    )
    assert result.exit_code == 0, result.output
    (component,) = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert str(component["uid"]) == f"session-{session.public_id}@summit.test"
    assert str(component["url"]).startswith("https://summit.example/events/draft-summit/")

    out = tmp_path / "feeds"
    result = runner.invoke(args=["export-feeds", "draft-summit", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "program.pdf",
        "schedule.ics",
        "schedule.json",
        "schedule.xml",
    ]
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    assert schema.validate(etree.parse(str(out / "schedule.xml")))
    assert json.loads((out / "schedule.json").read_text())["schedule"]["conference"]["acronym"]


def test_export_of_an_unknown_slug_says_what_to_check(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    result = runner.invoke(args=["export-program", "nope", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "No event has the slug 'nope'" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_export_program_in_another_language_sets_its_lang(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    make_event(published=True, slug="sommet", languages=["fr", "ar"])
    pdf = tmp_path / "program-ar.pdf"
    result = runner.invoke(args=["export-program", "sommet", str(pdf), "--language", "ar"])
    assert result.exit_code == 0, result.output
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "ar"

    result = runner.invoke(args=["export-program", "sommet", str(pdf), "--language", "xx"])
    assert result.exit_code != 0
    assert "choose one of en fr ar" in result.output

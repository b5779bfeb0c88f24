"""Program, speaker schedule and ticket are tagged PDF/UA-1 documents that a screen reader
can walk: structure tree, PDF/UA identifier, document title shown, the right language,
alt text on every image, and a font for every character (emoji included)."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from collections import Counter
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from summit.demo.seed import seed_demo
from summit.exports.loading import speaker_sessions
from summit.exports.program import render_program_html
from summit.exports.program import render_program_pdf
from summit.extensions import db
from tests.export_factories import clear_agenda
from tests.export_factories import make_demo_agenda
from tests.export_factories import make_session
from tests.export_factories import png_logo
from tests.export_factories import program_pdf
from tests.factories import NOW
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.rendering_helpers import render_ticket


@pytest.fixture
def demo(app: Flask) -> dict[str, Any]:
    event = seed_demo(now=NOW).event
    clear_agenda(event)
    event.languages = "en"
    partner = event.partners[0]
    partner.logo, partner.logo_type, partner.logo_digest = png_logo(), "image/png", "d1"
    db.session.commit()
    return {"event": event, **make_demo_agenda(event)}


def schedule_pdf(event: Any, speaker: Any) -> bytes:
    sessions = speaker_sessions(speaker)
    co_speakers = {role.speaker.id: role.speaker for s in sessions for role in s.roles}
    html = render_program_html(
        event, sessions, co_speakers.values(), [], generated_at=NOW, personal_for=speaker
    )
    return render_program_pdf(html)


def ticket_pdf(event: Any, language: str) -> bytes:
    open_registration(event)
    signup = sign_up(event, f"{language}@example.org", name="Salma Idrissi", language=language)
    return render_ticket(event, signup.registration, "https://summit.test/manage/checkin/x")


def structure(reader: PdfReader) -> tuple[Counter[str], list[tuple[str, str]]]:
    """Counts of each structure type, and (type, alt text) of every Figure."""
    kinds: Counter[str] = Counter()
    figures: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            kind = str(node["/S"])
            kinds[kind] += 1
            if kind == "/Figure":
                figures.append((kind, str(node.get("/Alt", ""))))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return kinds, figures


def assert_tagged_pdf_ua(pdf: bytes, tmp_path: Path, lang: str) -> PdfReader:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    # pypdf reads PDF booleans as BooleanObject, whose text is "True".
    assert str(root["/MarkInfo"]["/Marked"]) == "True"
    assert str(root["/ViewerPreferences"]["/DisplayDocTitle"]) == "True"
    assert root["/Lang"] == lang
    xmp = etree.fromstring(root["/Metadata"].get_object().get_data())
    ua = {"pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}
    assert xmp.xpath("//@pdfuaid:part | //pdfuaid:part/text()", namespaces=ua) == ["1"]
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "poppler-utils (pdfinfo) is missing: see scripts/system-deps"
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, timeout=60)
    assert "Tagged:          yes" in info.stdout
    return reader


def embedded_fonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    pdffonts = shutil.which("pdffonts")
    assert pdffonts, "poppler-utils (pdffonts) is missing: see scripts/system-deps"
    return subprocess.run(
        [pdffonts, str(path)], capture_output=True, text=True, timeout=60, check=True
    ).stdout


def test_the_program_is_tagged_pdf_ua_with_headings_lists_links_and_alt_text(
    demo: dict[str, Any], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = program_pdf(demo["event"])
    # WeasyPrint logs each PDF/UA requirement it cannot meet (an image without alt text…).
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    reader = assert_tagged_pdf_ua(pdf, tmp_path, "en")
    kinds, figures = structure(reader)
    assert kinds["/H1"] == 1 and kinds["/H2"] >= 3 and kinds["/H3"] >= 5
    assert kinds["/L"] >= 2 and kinds["/LI"] >= 4
    assert kinds["/Link"] >= 1
    partner = demo["event"].partners[0].name
    assert ("/Figure", partner) in figures  # the cover's logo
    assert ("/Figure", f"Logo of {partner}") in figures  # the partners page
    assert all(alt for _, alt in figures)


def test_a_speakers_schedule_is_tagged_pdf_ua_in_the_events_language(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    pdf = schedule_pdf(demo["event"], demo["speakers"]["bahri"])
    reader = assert_tagged_pdf_ua(pdf, tmp_path, "en")
    assert reader.metadata is not None and "Bahri" in str(reader.metadata.title)
    kinds, _ = structure(reader)
    assert kinds["/H1"] == 1 and kinds["/LI"] >= 1


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Ticket no."), ("fr", "Billet n°")],
)
def test_the_ticket_declares_the_language_it_is_written_in_and_describes_its_qr_code(
    demo: dict[str, Any], tmp_path: Path, language: str, text: str
) -> None:
    pdf = ticket_pdf(demo["event"], language)
    reader = assert_tagged_pdf_ua(pdf, tmp_path, language)
    assert text in reader.pages[0].extract_text()
    _, figures = structure(reader)
    assert len(figures) == 1 and figures[0][1]


def test_emoji_in_a_title_are_drawn_with_the_emoji_font_not_as_empty_boxes(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    event = demo["event"]
    make_session(event, datetime(2024, 12, 12, 17, 0, tzinfo=UTC), title="Pause 🧘 et thé 🍵")
    pdf = program_pdf(event)
    assert "🧘" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Emoji" in embedded_fonts(pdf, tmp_path), "no emoji font: scripts/system-deps run"

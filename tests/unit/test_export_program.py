from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import Image
from pypdf import PdfReader

from summit.demo.seed import seed_demo
from summit.exports.loading import agenda_sessions
from summit.exports.loading import event_speakers
from summit.exports.loading import partners_with_logos
from summit.exports.loading import speaker_sessions
from summit.exports.paths import STATIC_ROOT
from summit.exports.pdf import StaticOnlyFetcher
from summit.exports.program import render_program_html
from summit.exports.program import render_program_pdf
from summit.extensions import db
from tests.export_factories import clear_agenda
from tests.export_factories import make_demo_agenda
from tests.export_factories import png_logo
from tests.factories import NOW


@pytest.fixture
def demo(app: Flask) -> dict[str, Any]:
    event = seed_demo(now=NOW).event
    # A controlled agenda (with moderators and a cancelled workshop) replaces the demo's.
    clear_agenda(event)
    event.languages = "en"  # English labels whatever the catalogs say
    partner = event.partners[0]
    partner.logo, partner.logo_type, partner.logo_digest = png_logo(), "image/png", "d1"
    db.session.commit()
    agenda = make_demo_agenda(event)
    return {"event": event, **agenda}


def program(event: Any) -> bytes:
    html = render_program_html(
        event,
        agenda_sessions(event),
        event_speakers(event),
        partners_with_logos(event),
        generated_at=NOW,
    )
    return render_program_pdf(html)


def outline_titles(reader: PdfReader) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def walk(items: Any, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title))

    walk(reader.outline, 1)
    return found


def test_program_pdf_has_sessions_speakers_roles_partners_and_helplines_as_text(
    demo: dict[str, Any],
) -> None:
    reader = PdfReader(io.BytesIO(program(demo["event"])))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in (
        "Santé mentale à l’ère numérique",
        "Exploiter les réseaux sociaux pour un impact positif",
        "Pause respiration guidée",
    ):
        assert title in text
    for name in ("Pr Jallal Toufiq", "Dr Imane Kendili", "Malak Jaafar", "Myriam Bahri"):
        assert name in text
    assert "MODERATOR" in text and "PANELIST" in text  # roles, set in small capitals
    assert "UM6P" in text and "Hôpital Ar-Razi" in text
    # 08:30 UTC is 9:30 in Casablanca in December (UTC+1); no UTC time leaks through.
    assert "9:30\u202fAM" in text and "8:30\u202fAM" not in text
    assert "Content note:" in text and "automutilation" in text
    assert "CANCELLED" in text and "Atelier parents" in text
    assert "Psychiatre renommé" in text  # speaker index with bios
    assert "Nightline France" in text and "SAMU" in text and "141" in text
    # cover, one agenda page, speakers, partners + support
    assert len(reader.pages) == 4
    assert "2 / 4" in reader.pages[1].extract_text()  # page numbers in the margin


def test_program_pdf_has_bookmarks_for_the_day_and_each_session(demo: dict[str, Any]) -> None:
    reader = PdfReader(io.BytesIO(program(demo["event"])))
    titles = outline_titles(reader)
    assert (1, "Thursday, December 12, 2024") in titles
    assert (2, "Santé mentale à l’ère numérique") in titles
    assert (2, "Atelier parents : accompagner les ados") in titles
    assert (1, "Speakers") in titles
    sessions = [t for level, t in titles if level == 2]
    assert len(sessions) == 6


def test_program_pdf_sets_title_author_language_and_embeds_its_fonts(
    demo: dict[str, Any],
) -> None:
    reader = PdfReader(io.BytesIO(program(demo["event"])))
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "Sommet sur la santé mentale — Casablanca — program"
    assert metadata.author == "Sommet sur la santé mentale — Casablanca"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.append((font["/BaseFont"], "/FontFile2" in descriptor))
    assert fonts and all(embedded for _, embedded in fonts)


def test_a_speakers_own_schedule_has_only_their_sessions_and_co_panelists(
    demo: dict[str, Any],
) -> None:
    event, bahri = demo["event"], demo["speakers"]["bahri"]
    sessions = speaker_sessions(bahri)
    co_speakers = {role.speaker.id: role.speaker for s in sessions for role in s.roles}
    html = render_program_html(
        event, sessions, co_speakers.values(), [], generated_at=NOW, personal_for=bahri
    )
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_program_pdf(html))).pages
    )
    assert "Exploiter les réseaux sociaux" in text and "Adil Taouil" in text
    assert "Santé mentale à l’ère numérique" not in text
    assert "Personal schedule".upper() in text.upper()


def test_a_program_page_renders_to_an_image_with_content(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils (pdftoppm) is missing: see scripts/system-deps"
    pdf = tmp_path / "program.pdf"
    pdf.write_bytes(program(demo["event"]))
    subprocess.run(
        [pdftoppm, "-r", "40", "-png", "-f", "2", "-l", "2", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("page-*.png")
    image = Image.open(png).convert("L")
    assert image.size[1] > image.size[0]  # portrait A4
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > 500  # text was drawn, not a blank page


def test_the_fetcher_serves_data_uris_and_our_static_files_only(tmp_path: Path) -> None:
    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch((STATIC_ROOT / "exports" / "program.css").as_uri())
    try:
        assert b"@page" in css.read()
    finally:
        css.close()
    data = fetcher.fetch("data:text/plain;base64,aGk=")
    try:
        assert data.read() == b"hi"
    finally:
        data.close()
    secret = tmp_path / "secret.txt"
    secret.write_text("nope")
    for url in (
        "http://127.0.0.1:9/logo.png",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        secret.as_uri(),
        "file:///etc/passwd",
        (STATIC_ROOT / ".." / "config.py").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_organizer_text_cannot_inject_markup_into_the_program(demo: dict[str, Any]) -> None:
    session = demo["sessions"]["welcome"]
    session.description = '<img src="http://127.0.0.1:9/track.png"> hello'
    db.session.commit()
    html = render_program_html(
        demo["event"], agenda_sessions(demo["event"]), [], [], generated_at=NOW
    )
    assert '<img src="http://127.0.0.1:9' not in html
    assert "&lt;img" in html


def test_an_arabic_program_is_right_to_left_with_an_embedded_arabic_font(app: Flask) -> None:
    from datetime import UTC
    from datetime import datetime

    from tests.export_factories import make_session
    from tests.factories import make_event

    event = make_event(published=True, title="قمة الصحة النفسية", languages=["ar", "fr"])
    make_session(
        event, datetime(2024, 12, 12, 9, tzinfo=UTC), title="الصحة النفسية في العصر الرقمي"
    )
    html = render_program_html(event, agenda_sessions(event), [], [], generated_at=NOW)
    assert '<html lang="ar" dir="rtl">' in html
    reader = PdfReader(io.BytesIO(render_program_pdf(html)))
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Arabic" in name for name in fonts), fonts

"""The program and the ticket in Arabic: right to left, shaped with an embedded Arabic font,
/Lang ar, and text that pdftotext reads back in logical order."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import defaultdict
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from summit.exports.program import render_program_pdf
from summit.extensions import db
from summit.localized.fields import ContentEntity
from summit.localized.services import save_translations
from summit.schedule.models import Session
from tests.export_factories import make_session
from tests.export_factories import make_support
from tests.export_factories import program_html
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.rendering_helpers import render_ticket

# Interface text of the program's support section, as the Arabic catalog has it
# ("هذه الخدمات تُصغي إليك، مجانًا وبسرية:"), in the two runs pdftotext keeps intact: it moves
# the space before a comma, and writes a lam-alef ligature's two letters in reverse ("إلى").
KNOWN_PHRASES = ["هذه الخدمات تُصغي إليك", "مجانًا وبسرية:"]
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture
def french_event(app: Flask) -> Any:
    event = make_event(published=True, title="Sommet de la santé mentale", languages=["fr", "ar"])
    make_session(event, datetime(2024, 12, 12, 9, tzinfo=UTC), title="Santé mentale et écrans")
    make_support(event, "Allo Écoute")
    return event


def arabic_program(event: Any) -> tuple[str, bytes]:
    html = program_html(event, "ar")
    return html, render_program_pdf(html)


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is missing: see scripts/system-deps"
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60, check=True
    )
    # pdftotext marks each run's direction with embeddings (U+202A-U+202C); the letters
    # between them are what we compare.
    return re.sub("[\u202a-\u202e]", "", result.stdout.decode())


def arabic_fonts(reader: PdfReader) -> dict[str, Any]:
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "Arabic" in str(font["/BaseFont"]):
                fonts[str(font["/BaseFont"])] = font
    return fonts


def glyphs_per_letter(font: Any) -> dict[str, set[str]]:
    """Letter → the glyph ids that stand for it, read from the font's ToUnicode map."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    found: dict[str, set[str]] = defaultdict(set)
    for glyph, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]{4})>", cmap):
        found[chr(int(text, 16))].add(glyph)
    return found


def test_the_arabic_program_of_a_french_event_is_rtl_and_marks_the_french_text(
    french_event: Any,
) -> None:
    html, pdf = arabic_program(french_event)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 class="event-title" lang="fr" dir="ltr">Sommet de la santé mentale</h1>' in html
    assert '<h3 class="session-title" lang="fr" dir="ltr">Santé mentale et écrans</h3>' in html
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "ar"


def test_pdftotext_reads_the_arabic_program_in_logical_order(
    french_event: Any, tmp_path: Path
) -> None:
    _html, pdf = arabic_program(french_event)
    text = pdftotext(pdf, tmp_path)
    for phrase in KNOWN_PHRASES:  # logical order: first letter first, words in reading order
        assert phrase in text
    assert "التحدث مع شخص ما؟" in text  # the question mark after the last word
    assert not PRESENTATION_FORMS.search(text)  # the text layer holds letters, not glyph forms
    assert "Sommet de la santé mentale" in text


def test_arabic_letters_are_shaped_with_an_embedded_arabic_font(french_event: Any) -> None:
    _html, pdf = arabic_program(french_event)
    fonts = arabic_fonts(PdfReader(io.BytesIO(pdf)))
    assert fonts, "no Arabic font in the PDF"
    for font in fonts.values():
        descendant = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert any(key in descendant for key in ("/FontFile2", "/FontFile3"))  # embedded
    # Shaped text uses several glyphs for one letter (initial, medial, final forms).
    letters = defaultdict(set)
    for font in fonts.values():
        for letter, glyphs in glyphs_per_letter(font).items():
            letters[letter] |= glyphs
    assert len(letters["ت"]) >= 2 and len(letters["س"]) >= 2, dict(letters)


def test_an_arabic_ticket_is_rtl_with_the_arabic_font(french_event: Any, tmp_path: Path) -> None:
    open_registration(french_event)
    # No lam-alef in the name: poppler writes a ligature's two letters in reverse.
    signup = sign_up(french_event, "salma@example.org", name="سلمى بناني", language="ar")
    pdf = render_ticket(french_event, signup.registration, "https://summit.test/manage/checkin/x")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert arabic_fonts(reader)
    text = pdftotext(pdf, tmp_path)
    assert "سلمى بناني" in text
    assert "اعرض هذا الرمز عند المدخل" in text


def test_the_arabic_program_and_ticket_carry_the_events_arabic_content(
    french_event: Any, tmp_path: Path
) -> None:
    event = french_event
    session = db.session.scalars(select(Session).where(Session.event_id == event.id)).one()
    open_registration(event, categories=["Étudiant"])
    save_translations(
        event,
        "ar",
        {
            (ContentEntity.EVENT, event.id, "title"): "ملتقى الصحة النفسية",
            (ContentEntity.SESSION, session.id, "title"): "الصحة النفسية والشاشات",
            (ContentEntity.REGISTRATION, event.id, "categories"): "طالب",
        },
        now=NOW,
    )
    html, pdf = arabic_program(event)
    # Translated: in the document's language, so no lang of its own.
    assert '<h1 class="event-title">ملتقى الصحة النفسية</h1>' in html
    assert '<h3 class="session-title">الصحة النفسية والشاشات</h3>' in html
    text = pdftotext(pdf, tmp_path)
    assert "الصحة النفسية والشاشات" in text and "Santé mentale et écrans" not in text
    signup = sign_up(event, "salma@example.org", name="سلمى بناني", language="ar")
    ticket = pdftotext(render_ticket(event, signup.registration, "https://summit.test/x"), tmp_path)
    assert "ملتقى الصحة النفسية" in ticket and "طالب" in ticket


def margin_words(pdf: bytes, tmp_path: Path) -> list[tuple[int, float, float, str]]:
    """(page, x, y, word) of every word in the page margins (top and bottom 15 mm)."""
    path = tmp_path / "bbox.pdf"
    path.write_bytes(pdf)
    tool = shutil.which("pdftotext")
    assert tool
    out = subprocess.run(
        [tool, "-bbox", str(path), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    words = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        for x, y, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<', page):
            if float(y) < 42 or float(y) > height - 42:
                words.append((number, float(x), float(y), word))
    return words


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_margin_headers_mirror_in_a_right_to_left_program(
    french_event: Any, tmp_path: Path, language: str
) -> None:
    pdf = render_program_pdf(program_html(french_event, language))
    words = [w for w in margin_words(pdf, tmp_path) if w[0] == 2]
    half = 595 / 2  # A4 width in points
    title = [x for _page, x, y, word in words if word == "Sommet" and y < 42]
    page_number = [x for _page, x, y, word in words if word == "/" and y > 42]
    assert title and page_number, words
    if language == "ar":  # title top right, page number bottom left
        assert title[0] > half and page_number[0] < half
    else:
        assert title[0] < half and page_number[0] > half

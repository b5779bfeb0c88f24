from __future__ import annotations

from pathlib import Path
from typing import Any

import icalendar
from pypdf import PdfReader
from sqlalchemy import select

from summit.demo.seed import seed_demo
from summit.extensions import db
from summit.schedule.models import Speaker
from summit.speaker_portal.services import invite_speaker
from tests.browser.conftest import LiveServer
from tests.browser.rendered_files import pdf_after_waiting
from tests.factories import NOW


def test_a_demo_speaker_opens_their_link_confirms_and_downloads_pdf_and_calendar(
    page: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    with live_server.app.app_context():
        event = seed_demo(now=NOW).event
        event.languages = "en"
        # The demo's own panelist; the articles give no e-mail, so the organizer adds one.
        kendili = db.session.execute(
            select(Speaker).where(Speaker.event_id == event.id, Speaker.name == "Imane Kendili")
        ).scalar_one()
        kendili.email = "kendili@example.org"
        db.session.commit()
        _, token = invite_speaker(kendili, secret=live_server.app.config["SECRET_KEY"], now=NOW)
        db.session.commit()
        slug = event.slug

    page.goto(f"/events/{slug}/speaker/{token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Dr Imane Kendili"
    assert page.get_by_text("Santé mentale à l’ère numérique").is_visible()
    assert page.get_by_text("Your role: Panelist").is_visible()
    assert page.get_by_text("Malak Jaafar").is_visible()

    page.get_by_role("button", name="I confirm").click()
    page.get_by_text("Thank you, your participation is confirmed.").wait_for()
    assert page.get_by_text("You have confirmed. Thank you!").is_visible()

    # The worker renders the PDF (in a fresh process); the speaker waits on a page that
    # checks, then opens it from there.
    page.get_by_role("link", name="Download my schedule (PDF)").click()
    pdf = pdf_after_waiting(
        page, live_server, heading="Your schedule is being prepared", link="Open your schedule"
    )
    pdf_path = tmp_path / "schedule.pdf"
    pdf_path.write_bytes(pdf)
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Santé mentale à l’ère numérique" in text and "Pr Jallal Toufiq" in text
    page.get_by_role("link", name="Back to my speaker page").click()

    with page.expect_download() as ics_download:
        page.get_by_role("link", name="Download my calendar (.ics)").click()
    ics_path = tmp_path / "schedule.ics"
    ics_download.value.save_as(ics_path)
    (component,) = icalendar.Calendar.from_ical(ics_path.read_bytes()).walk("VEVENT")
    assert str(component["summary"]) == "Santé mentale à l’ère numérique"

    webcal = page.get_by_role("link", name="Subscribe in my calendar app").get_attribute("href")
    assert (
        webcal
        == f"webcal://{live_server.url.split('://')[1]}/events/{slug}/speaker/{token}/schedule.ics"
    )

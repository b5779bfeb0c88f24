from __future__ import annotations

import re
from email import message_from_bytes
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from summit.db import utcnow
from summit.demo.seed import DEMO_SLUG
from summit.demo.seed import seed_demo
from summit.extensions import db
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.registration.services import SettingsData
from summit.registration.services import save_settings
from tests.browser.conftest import LiveServer
from tests.browser.rendered_files import pdf_after_waiting
from tests.outbox_helpers import send_queued


def outbox(server: LiveServer) -> list[EmailMessage]:
    """What the worker delivered (it runs here, in the test's thread)."""
    with server.app.app_context():
        send_queued()
    folder = Path(server.app.config["MAIL_FILE_DIR"])
    files = sorted(folder.glob("*.eml"), key=lambda f: f.stat().st_mtime_ns)
    return [
        message_from_bytes(f.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for f in files
    ]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def test_a_newcomer_registers_downloads_ticket_and_calendar_cancels_and_the_next_is_promoted(
    page: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    with live_server.app.app_context():
        event = seed_demo(now=utcnow()).event
        # One seat, so the second person waits.
        save_settings(
            event,
            SettingsData(
                is_open=True,
                capacity=1,
                categories=["Professional", "Student", "Parent", "Content creator"],
                ask_accessibility=True,
                consent_texts=["I agree to the code of conduct."],
            ),
            now=utcnow(),
        )
        db.session.commit()

    page.goto(f"/events/{DEMO_SLUG}/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Full name").fill("Aïcha Benjelloun")
    page.get_by_label("E-mail").fill("aicha@example.org")
    page.get_by_label("I am attending as").select_option("Student")
    page.get_by_label("Accessibility needs", exact=True).fill("Step-free access")
    page.get_by_role("button", name="Register").click()
    # The consent box was missed: a clear message beside it and in the summary, nothing saved.
    page.get_by_text("Tick this box to register.", exact=True).wait_for()
    assert page.locator("#form-errors").get_by_role("link").count() == 1
    page.get_by_label("I agree to the code of conduct.").check()
    page.get_by_role("button", name="Register").click()
    # A sensitive answer needs the consent that names it.
    error = page.locator("#sensitive_consent-error")
    error.wait_for()
    assert "Tick the consent for sensitive answers" in error.inner_text()
    page.get_by_label(re.compile("use my answers about accessibility needs")).check()
    page.get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    [welcome] = outbox(live_server)
    assert welcome["To"] == "aicha@example.org"
    link = re.search(r"http://\S+/my/\S+/", text_of(welcome))
    assert link is not None

    # Someone else arrives, in another browser, once the only seat is taken.
    other = page.context.browser.new_context(base_url=live_server.url, locale="en-GB")
    karim_page = other.new_page()
    karim_page.goto(f"/events/{DEMO_SLUG}/register")
    karim_page.get_by_label("Full name").fill("Karim Tazi")
    karim_page.get_by_label("E-mail").fill("karim@example.org")
    karim_page.get_by_label("I am attending as").select_option("Parent")
    karim_page.get_by_label("I agree to the code of conduct.").check()
    karim_page.get_by_role("button", name="Register").click()
    karim_page.get_by_role("heading", name="Check your e-mail").wait_for()
    other.close()

    page.goto(link.group(0))
    page.get_by_role("heading", name="My registration").wait_for()
    assert page.get_by_text("Confirmed: your seat is booked.").is_visible()

    # The page asked the worker for the ticket; until it has run, the link opens the
    # waiting page, which says when the ticket is ready, then gives it.
    page.get_by_role("link", name="Download my ticket (PDF)").click()
    ticket = pdf_after_waiting(
        page, live_server, heading="Your ticket is being prepared", link="Open my ticket"
    )
    assert ticket.startswith(b"%PDF")
    page.get_by_role("link", name="Back to my registration").click()
    page.get_by_role("heading", name="My registration").wait_for()
    # Rendered now: the same link downloads the ticket at once.
    with page.expect_download() as ticket_download:
        page.get_by_role("link", name="Download my ticket (PDF)").click()
    assert Path(ticket_download.value.path()).read_bytes() == ticket

    with page.expect_download() as calendar_download:
        page.get_by_role("link", name="My agenda as a calendar file (.ics)").click()
    calendar = Path(calendar_download.value.path()).read_text()
    assert calendar.startswith("BEGIN:VCALENDAR")

    page.get_by_role("link", name="Cancel my registration").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    page.get_by_text("Your registration is cancelled.").first.wait_for()
    assert page.get_by_text("Cancelled.", exact=True).is_visible()

    with live_server.app.app_context():
        karim = db.session.execute(
            db.select(Registration).where(Registration.email == "karim@example.org")
        ).scalar_one()
        assert karim.status is RegistrationStatus.CONFIRMED

    promoted = [m for m in outbox(live_server) if m["To"] == "karim@example.org"]
    assert [str(m["Subject"]).split(":")[0] for m in promoted] == [
        "You are on the waiting list",
        "A seat is free for you",
    ]

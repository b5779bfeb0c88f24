"""An attendee of two round tables gives feedback, downloads the certificate, and the
QR code printed on it opens a page that verifies it."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from summit.certificates.models import AttendanceMethod
from summit.certificates.services import record_attendance
from summit.db import utcnow
from summit.demo.seed import DEMO_SLUG
from summit.demo.seed import seed_demo
from summit.extensions import db
from summit.registration.demo import DEMO_CATEGORIES
from summit.registration.services import AttendeeData
from summit.registration.services import get_settings
from summit.registration.services import register_attendee
from summit.schedule.models import Session
from summit.schedule.models import SessionKind
from tests.browser.conftest import LiveServer


def decode_qr(png: Path) -> str:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.fail("zbarimg is missing: run scripts/system-deps test (Debian package zbar-tools)")
    return subprocess.run(
        [zbarimg, "--raw", "-q", str(png)], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_an_attendee_gives_feedback_downloads_the_certificate_and_its_qr_code_verifies_it(
    page: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    with live_server.app.app_context():
        event = seed_demo(now=utcnow()).event
        event.languages = "en"
        signup = register_attendee(
            event,
            AttendeeData(
                name="Salma Bennani",
                email="salma@example.org",
                category=DEMO_CATEGORIES[1],
                consents=get_settings(event).consent_list,  # type: ignore[union-attr]
            ),
            key=live_server.app.config["SECRET_KEY"],
            now=utcnow(),
        )
        round_tables = db.session.scalars(
            select(Session)
            .where(Session.event_id == event.id, Session.kind == SessionKind.ROUND_TABLE)
            .order_by(Session.starts_at)
        ).all()
        assert len(round_tables) == 2
        # Checked in at both round tables; she left the second one 30 minutes early.
        record_attendance(
            signup.registration,
            round_tables[0],
            now=utcnow(),
            actor=None,
            method=AttendanceMethod.SCAN,
        )
        record_attendance(
            signup.registration,
            round_tables[1],
            now=utcnow(),
            actor=None,
            method=AttendanceMethod.MANUAL,
            minutes_left_early=30,
        )
        titles = [s.title for s in round_tables]
        db.session.commit()
        token = signup.token

    page.goto(f"/events/{DEMO_SLUG}/my/{token}/")
    page.get_by_role("link", name=f"Give feedback on “{titles[0]}”").click()
    page.get_by_label("4 — good").check()
    page.get_by_label("What worked well?").fill("Des témoignages concrets")
    page.get_by_role("button", name="Send my feedback").click()
    assert page.get_by_text("your feedback was saved anonymously").is_visible()
    assert page.get_by_text(f"{titles[0]}: feedback sent").is_visible()

    page.get_by_role("link", name="Give feedback on the event").click()
    page.get_by_label("5 — excellent").check()
    page.get_by_role("button", name="Send my feedback").click()
    assert page.get_by_text("Event feedback sent. Thank you!").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my certificate of attendance (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "Salma Bennani" in text and "Formation continue" in text
    qr = next(image for image in reader.pages[0].images if image.image.width == image.image.height)
    png = tmp_path / "qr.png"
    qr.image.save(png)
    verify_url = decode_qr(png)
    assert verify_url.startswith(live_server.url + "/certificates/")
    assert verify_url.rsplit("/", 1)[1] in text

    page.goto(verify_url)
    assert page.get_by_text("This certificate is valid.").is_visible()
    assert page.get_by_text("Salma Bennani").is_visible()

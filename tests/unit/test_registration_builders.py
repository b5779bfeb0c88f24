from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from icalendar import Calendar
from pypdf import PdfReader

from summit import models  # noqa: F401  (every mapper known before building one)
from summit.events.models import Event
from summit.exports.pdf_child import render_pdf
from summit.registration.calendar import event_calendar
from summit.registration.ticket import qr_png
from tests.factories import NOW


def test_the_event_calendar_is_one_all_day_event_over_the_event_dates() -> None:
    event = Event(
        id=7,
        title="Sommet santé mentale",
        slug="s",
        start_date=date(2024, 12, 12),
        end_date=date(2024, 12, 13),
        timezone="Africa/Casablanca",
        venue_name="Palais",
        venue_address="",
        city="Casablanca",
        tagline="",
    )
    calendar = Calendar.from_ical(event_calendar(event, stamp=NOW, uid_domain="summit.example.org"))
    [entry] = calendar.walk("VEVENT")
    assert entry["UID"] == "event-7@summit.example.org"
    assert entry.decoded("DTSTART") == date(2024, 12, 12)
    assert entry.decoded("DTEND") == date(2024, 12, 14)  # exclusive end
    assert str(entry["SUMMARY"]) == "Sommet santé mentale"
    assert str(entry["LOCATION"]) == "Palais, Casablanca"


def test_ticket_rendering_reads_inline_data_but_never_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(qr_png("secret"))
    import base64

    inline = "data:image/png;base64," + base64.b64encode(qr_png("ok")).decode()
    html = f'<p>ticket</p><img src="{inline}"><img src="file://{secret}">'
    pdf = render_pdf(html, fetcher="data").content
    images = list(PdfReader(io.BytesIO(pdf)).pages[0].images)
    assert len(images) == 1

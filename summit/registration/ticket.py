"""The ticket PDF: event, attendee name and a QR code holding the check-in address."""

from __future__ import annotations

import base64
import io

import qrcode
from flask import render_template
from flask_babel import force_locale
from qrcode.image.pil import PilImage

from summit.events.models import Event
from summit.exports.pdf_child import render_pdf
from summit.i18n import RTL_LANGUAGES
from summit.registration.models import Registration


def qr_png(data: str) -> bytes:
    image = qrcode.make(data, image_factory=PilImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def render_ticket(event: Event, registration: Registration, checkin_url: str) -> bytes:
    """The ticket in the attendee's saved language (not the visitor's browser), which is
    also the document's ``lang`` and so the PDF's /Lang."""
    qr = base64.b64encode(qr_png(checkin_url)).decode()
    language = registration.language or event.main_language
    with force_locale(language):
        html = render_template(
            "registration/ticket.html",
            event=event,
            registration=registration,
            qr_data_url=f"data:image/png;base64,{qr}",
            language=language,
            direction="rtl" if language in RTL_LANGUAGES else "ltr",
        )
    # Inline data only: a ticket never fetches from the network or the file system,
    # whatever ends up in its HTML. Rendered in a child process, like every PDF.
    return render_pdf(html, fetcher="data").content

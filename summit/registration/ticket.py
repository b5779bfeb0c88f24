"""The ticket PDF: event, attendee name and a QR code holding the check-in address."""

from __future__ import annotations

import base64
import io

import qrcode
from flask import render_template
from qrcode.image.pil import PilImage

from summit.events.models import Event
from summit.exports.pdf_child import render_pdf
from summit.registration.models import Registration


def qr_png(data: str) -> bytes:
    image = qrcode.make(data, image_factory=PilImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def render_ticket(event: Event, registration: Registration, checkin_url: str) -> bytes:
    qr = base64.b64encode(qr_png(checkin_url)).decode()
    html = render_template(
        "registration/ticket.html",
        event=event,
        registration=registration,
        qr_data_url=f"data:image/png;base64,{qr}",
    )
    # Inline data only: a ticket never fetches from the network or the file system,
    # whatever ends up in its HTML. Rendered in a child process, like every PDF.
    return render_pdf(html, fetcher="data").content

"""The ticket PDF: event, attendee name and a QR code holding the check-in address.

Rendered by the worker under ``ticket-<registration>-<link>.pdf``: one per private link,
since each link's ticket carries its own check-in code. The code derives from the link's
token, which the database keeps only as a hash, so the document is *sealed*
(:mod:`summit.exports.sealing`): the attendee's request hands the code to the worker and
opens the stored file with it. Its version covers what it prints: the event (its
revision), the link's code, the name, category and language, and the base URL.
"""

from __future__ import annotations

import base64
import io

import qrcode
from flask import render_template
from flask_babel import force_locale
from qrcode.image.pil import PilImage

from summit.events.models import Event
from summit.exports.caching import export_version
from summit.exports.caching import forget_files
from summit.exports.documents import Document
from summit.exports.documents import register_document
from summit.extensions import db
from summit.i18n import RTL_LANGUAGES
from summit.registration.models import Registration
from summit.registration.models import RegistrationLink
from summit.registration.models import RegistrationStatus
from summit.urls import absolute_url
from summit.urls import base_url

FAMILY = "ticket"


def qr_png(data: str) -> bytes:
    image = qrcode.make(data, image_factory=PilImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def ticket_page(event: Event, registration: Registration, checkin_url: str) -> str:
    """The ticket's print HTML in the attendee's saved language (not the visitor's
    browser), which is also the document's ``lang`` and so the PDF's /Lang.

    It loads inline data only (the worker renders it with the ``data`` fetcher): a ticket
    never fetches from the network or the file system, whatever ends up in its HTML.
    """
    qr = base64.b64encode(qr_png(checkin_url)).decode()
    language = registration.language or event.main_language
    with force_locale(language):
        return render_template(
            "registration/ticket.html",
            event=event,
            registration=registration,
            qr_data_url=f"data:image/png;base64,{qr}",
            language=language,
            direction="rtl" if language in RTL_LANGUAGES else "ltr",
        )


def ticket_kind(link: RegistrationLink) -> str:
    return f"{FAMILY}-{link.registration_id}-{link.id}.pdf"


def _link(event_id: int, kind: str) -> RegistrationLink | None:
    """The live link of a confirmed registration of the event that ``kind`` names."""
    parts = kind.split(".")[0].split("-")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    link = db.session.get(RegistrationLink, int(parts[2]))
    if link is None or link.registration_id != int(parts[1]):
        return None
    registration = link.registration
    if registration.event_id != event_id or registration.status is not RegistrationStatus.CONFIRMED:
        return None
    return link


def ticket_version(event_id: int, kind: str) -> str | None:
    """None once the link is revoked or the registration is no longer confirmed."""
    link = _link(event_id, kind)
    if link is None:
        return None
    registration = link.registration
    return export_version(event_id).for_kind(
        kind,
        link.checkin_hash,
        registration.name,
        registration.category,
        registration.language,
        base_url(),
    )


def checkin_url(event: Event, code: str) -> str:
    return absolute_url("registration_door.checkin_ticket", event_id=event.id, code=code)


def _html(event: Event, kind: str, code: str | None) -> str:
    link = _link(event.id, kind)
    assert link is not None and code is not None  # its version, and the sealed document
    return ticket_page(event, link.registration, checkin_url(event, code))


def forget_tickets(registration: Registration) -> None:
    """Delete the stored tickets of every link of ``registration`` (flushes): called when
    links are revoked, so no file outlives the link whose code it prints. A link still
    live has its ticket rendered again when next asked."""
    forget_files(registration.event_id, f"{FAMILY}-{registration.id}-")


register_document(FAMILY, Document(version=ticket_version, html=_html, fetcher="data", sealed=True))

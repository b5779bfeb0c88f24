"""The certificate PDF: a pure builder from the issued record (and the event's signer)."""

from __future__ import annotations

import base64
from zoneinfo import ZoneInfo

from flask import render_template

from summit.certificates.issuing import statement_lines
from summit.certificates.models import Certificate
from summit.certificates.models import CertificateSettings
from summit.events.models import Event
from summit.registration.ticket import qr_png


def _data_url(data: bytes, mimetype: str) -> str:
    return f"data:{mimetype};base64,{base64.b64encode(data).decode()}"


def certificate_html(
    certificate: Certificate,
    event: Event,
    settings: CertificateSettings,
    *,
    verify_url: str,
    preview: bool = False,
) -> str:
    signature = (
        _data_url(settings.signature, settings.signature_type or "image/png")
        if settings.signature
        else None
    )
    return render_template(
        "certificates/certificate.html",
        event=event,
        certificate=certificate,
        settings=settings,
        lines=statement_lines(certificate),
        verify_url=verify_url,
        qr_data_url=_data_url(qr_png(verify_url), "image/png"),
        signature_data_url=signature,
        preview=preview,
        issued_on=certificate.issued_at.astimezone(ZoneInfo(event.timezone)).date(),
    )

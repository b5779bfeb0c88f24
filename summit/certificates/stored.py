"""The attendance certificate's PDF, rendered by the worker under ``certificate-<id>.pdf``.

The id is the issued record's, so the file is its holder's: only the holder's private link
and the certificate's own code (which the PDF prints) serve it. Its version covers what it
shows: the event (its revision), the issued record, the signer and the base URL of the
verification link; a revoked certificate has none, so it is never served nor rendered.
"""

from __future__ import annotations

import hashlib

from flask_babel import force_locale

from summit.certificates.models import Certificate
from summit.certificates.models import CertificateSettings
from summit.certificates.pdf import certificate_html
from summit.certificates.services import get_certificate_settings
from summit.events.models import Event
from summit.exports.caching import export_version
from summit.exports.documents import Document
from summit.exports.documents import register_document
from summit.extensions import db
from summit.urls import absolute_url
from summit.urls import base_url

FAMILY = "certificate"


def certificate_kind(certificate: Certificate) -> str:
    return f"{FAMILY}-{certificate.id}.pdf"


def verify_url(code: str) -> str:
    return absolute_url("certificates.verify", code=code)


def _certificate(event_id: int, kind: str) -> Certificate | None:
    certificate_id = kind.split(".")[0].removeprefix(f"{FAMILY}-")
    if not certificate_id.isdigit():
        return None
    certificate = db.session.get(Certificate, int(certificate_id))
    if certificate is None or certificate.event_id != event_id or certificate.is_revoked:
        return None
    return certificate


def signature_digest(settings: CertificateSettings) -> str:
    """What a rendered certificate's version keeps of the signature image (any change to
    it makes a new file), without the image itself."""
    return hashlib.sha256(settings.signature or b"").hexdigest()


def certificate_version(event_id: int, kind: str) -> str | None:
    certificate = _certificate(event_id, kind)
    settings = get_certificate_settings(certificate.event) if certificate else None
    if certificate is None or settings is None:
        return None
    return export_version(event_id).for_kind(
        kind,
        certificate.code,
        certificate.holder_name,
        certificate.language,
        settings.signer_name,
        settings.signer_title,
        settings.signature_type or "",
        signature_digest(settings),
        base_url(),
    )


def _html(event: Event, kind: str, _secret: str | None = None) -> str:
    certificate = _certificate(event.id, kind)
    settings = get_certificate_settings(event)
    assert certificate is not None and settings is not None  # its version said so
    with force_locale(certificate.language):
        return certificate_html(
            certificate, event, settings, verify_url=verify_url(certificate.code)
        )


register_document(FAMILY, Document(version=certificate_version, html=_html, fetcher="data"))

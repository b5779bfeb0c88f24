"""The certificate PDF goes through the worker: asked once per version, served only to its
holder's link and its own code, never out of date and never once revoked."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import func
from sqlalchemy import select

from summit.certificates.issuing import revoke_certificate
from summit.certificates.models import Certificate
from summit.events.models import Event
from summit.exports import pdf_child
from summit.exports.models import ExportFile
from summit.exports.models import ExportRendering
from summit.exports.models import RenderingStatus
from summit.extensions import db
from tests.certificate_factories import attend
from tests.certificate_factories import credit
from tests.certificate_factories import enable_certificates
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.rendering_helpers import rendered_pdf
from tests.rendering_helpers import renderings_asked
from tests.rendering_helpers import run_worker
from tests.schedule_factories import make_session


@dataclass(frozen=True)
class Attendees:
    event: Event
    urls: list[str]  # each attendee's certificate.pdf, behind their private link


@pytest.fixture
def attendees(app: Flask) -> Attendees:
    event = make_event(published=True)
    open_registration(event, capacity=50)
    session = make_session(event, title="Santé mentale", start=time(9), end=time(11))
    credit(session, "2")
    enable_certificates(event)
    urls = []
    for name in ("Amina El Idrissi", "Omar Alaoui"):
        signup = sign_up(event, f"{name.split()[0].lower()}@example.org", name=name)
        attend(signup.registration, session)
        urls.append(f"/events/{event.slug}/my/{signup.token}/certificate.pdf")
    return Attendees(event, urls)


def text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_first_requests_ask_the_worker_once_and_wait_on_a_private_page(
    client: FlaskClient, attendees: Attendees, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(pdf_child.subprocess, "run", lambda *a, **k: pytest.fail("rendered"))
        responses = [client.get(attendees.urls[0]) for _ in range(20)]
    assert {r.status_code for r in responses} == {503}
    waiting = responses[0]
    assert waiting.headers["Cache-Control"] == "no-store, private"
    assert waiting.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "The certificate is being prepared" in waiting.text
    assert ">Back to my registration</a>" in waiting.text
    (certificate,) = db.session.scalars(select(Certificate)).all()  # issued once
    assert renderings_asked() == [(f"certificate-{certificate.id}.pdf", RenderingStatus.WAITING)]
    assert run_worker() == 1
    pdf = client.get(attendees.urls[0])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "no-store, private"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    assert "Amina El Idrissi" in text(pdf.data)
    by_code = client.get(f"/certificates/{certificate.code}/certificate.pdf")
    assert by_code.data == pdf.data  # the same stored file, not rendered again
    assert db.session.scalar(select(func.count()).select_from(ExportRendering)) == 1


def test_another_attendees_link_never_gets_the_file(
    client: FlaskClient, attendees: Attendees
) -> None:
    assert "Amina El Idrissi" in text(rendered_pdf(client, attendees.urls[0]).data)
    assert client.get(attendees.urls[1]).status_code == 503  # theirs is asked for
    run_worker()
    theirs = text(client.get(attendees.urls[1]).data)
    assert "Omar Alaoui" in theirs and "Amina" not in theirs
    assert (
        client.get(f"/events/{attendees.event.slug}/my/not-a-token/certificate.pdf").status_code
        == 404
    )


def test_a_new_signer_or_a_revocation_is_never_served_the_old_file(
    client: FlaskClient, attendees: Attendees
) -> None:
    first = rendered_pdf(client, attendees.urls[0])
    assert "Pr Nadia Kadiri" in text(first.data)
    enable_certificates(attendees.event, signer_name="Pr Jallal Toufiq")
    assert client.get(attendees.urls[0]).status_code == 503
    run_worker()
    assert "Pr Jallal Toufiq" in text(client.get(attendees.urls[0]).data)
    certificate = db.session.scalars(select(Certificate)).first()
    assert certificate is not None
    revoke_certificate(certificate, now=NOW, reason="Recorded by mistake")
    db.session.commit()
    kinds = db.session.scalars(select(ExportFile.kind)).all()
    assert f"certificate-{certificate.id}.pdf" not in kinds  # not kept either
    assert client.get(f"/certificates/{certificate.code}/certificate.pdf").status_code == 404
    reissued = client.get(attendees.urls[0])  # a new certificate, a new file
    assert reissued.status_code == 503
    assert renderings_asked()[-1][0] != f"certificate-{certificate.id}.pdf"

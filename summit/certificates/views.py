"""Public pages of certificates: the holder's download and anyone's verification."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import make_response
from flask import render_template
from flask import url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from summit.certificates.issuing import certificate_by_code
from summit.certificates.issuing import issue_certificate
from summit.certificates.issuing import statement_lines
from summit.certificates.models import Certificate
from summit.certificates.services import CertificateError
from summit.certificates.stored import certificate_kind
from summit.certificates.stored import certificate_version
from summit.db import utcnow
from summit.exports.personal import Waiting
from summit.exports.personal import personal_pdf
from summit.extensions import db
from summit.feedback.services import has_answered
from summit.registration.access import attendee_or_404
from summit.security import private

bp = Blueprint("certificates", __name__)


def _key() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.app_template_filter("credit_hours")
def credit_hours_filter(value: object) -> str:
    """Hours in the reader's locale, without needless decimals: "2", "1,25"."""
    return format_decimal(Decimal(str(value)), format="0.##")


@bp.get("/events/<slug>/my/<token>/certificate.pdf")
def download(slug: str, token: str) -> BaseResponse:
    event, registration = attendee_or_404(slug, token)
    try:
        certificate = issue_certificate(
            registration,
            now=utcnow(),
            feedback_given=has_answered(registration, None, key=_key()),
        )
    except CertificateError as error:
        db.session.rollback()
        page = render_template(
            "certificates/not_ready.html", event=event, token=token, reason=error.message
        )
        return private(make_response(page, 409))
    db.session.commit()
    back = url_for("registration.attendee", slug=slug, token=token)
    return _certificate_pdf(
        certificate, f"certificate-{event.slug}.pdf", back, _("Back to my registration")
    )


@bp.get("/certificates/<code>/certificate.pdf")
def pdf(code: str) -> BaseResponse:
    """The PDF of a valid certificate: it states nothing the verification page does not."""
    certificate = certificate_by_code(code)
    if certificate is None or certificate.is_revoked:
        abort(404)
    back = url_for(".verify", code=certificate.code)
    return _certificate_pdf(
        certificate,
        f"certificate-{certificate.code}.pdf",
        back,
        _("Back to the certificate's verification page"),
    )


def _certificate_pdf(
    certificate: Certificate, filename: str, back_url: str, back: str
) -> BaseResponse:
    """The stored PDF (no-store, as before), or the waiting page while the worker renders."""
    kind = certificate_kind(certificate)
    version = certificate_version(certificate.event_id, kind)
    if version is None:  # certificates switched off since it was issued
        abort(404)
    response = personal_pdf(
        certificate.event_id,
        kind,
        version,
        last_modified=certificate.issued_at,
        filename=filename,
        attachment=True,
        waiting=Waiting(
            heading=_("The certificate is being prepared"),
            link=_("Open the certificate"),
            back_url=back_url,
            back=back,
        ),
    )
    return private(response)


@bp.get("/certificates/<code>")
def verify(code: str) -> BaseResponse:
    certificate = certificate_by_code(code)
    if certificate is None:
        page = render_template("certificates/verify.html", certificate=None, code=code[:40])
        return private(make_response(page, 404))
    page = render_template(
        "certificates/verify.html",
        certificate=certificate,
        event=certificate.event,
        lines=statement_lines(certificate),
        code=certificate.code,
    )
    response = make_response(page)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-cache"
    return response

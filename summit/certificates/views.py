"""Public pages of certificates: the holder's download and anyone's verification."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import make_response
from flask import render_template
from flask_babel import force_locale
from flask_babel import format_decimal
from werkzeug.wrappers import Response as BaseResponse

from summit.certificates.issuing import certificate_by_code
from summit.certificates.issuing import issue_certificate
from summit.certificates.issuing import statement_lines
from summit.certificates.pdf import render_certificate
from summit.certificates.services import CertificateError
from summit.certificates.services import get_certificate_settings
from summit.db import utcnow
from summit.events.views import public_event_or_404
from summit.extensions import db
from summit.feedback.services import has_answered
from summit.registration.links import registration_by_token
from summit.security import private
from summit.urls import absolute_url

bp = Blueprint("certificates", __name__)


def _key() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.app_template_filter("credit_hours")
def credit_hours_filter(value: object) -> str:
    """Hours in the reader's locale, without needless decimals: "2", "1,25"."""
    return format_decimal(Decimal(str(value)), format="0.##")


def verify_url(code: str) -> str:
    return absolute_url("certificates.verify", code=code)


@bp.get("/events/<slug>/my/<token>/certificate.pdf")
def download(slug: str, token: str) -> BaseResponse:
    event = public_event_or_404(slug)
    registration = registration_by_token(event, token)
    if registration is None:
        abort(404)
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
    settings = get_certificate_settings(event)
    assert settings is not None
    with force_locale(certificate.language):
        pdf = render_certificate(
            certificate, event, settings, verify_url=verify_url(certificate.code)
        )
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="certificate-{event.slug}.pdf"'
    return private(response)


@bp.get("/certificates/<code>/certificate.pdf")
def pdf(code: str) -> BaseResponse:
    """The PDF of a valid certificate: it states nothing the verification page does not."""
    certificate = certificate_by_code(code)
    if certificate is None or certificate.is_revoked:
        abort(404)
    settings = get_certificate_settings(certificate.event)
    if settings is None:
        abort(404)
    with force_locale(certificate.language):
        body = render_certificate(
            certificate, certificate.event, settings, verify_url=verify_url(certificate.code)
        )
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.code}.pdf"'
    )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


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

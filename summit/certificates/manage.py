"""Organizer pages: certificate settings and list, and attendance per session."""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from summit.certificates.forms import AttendanceMarkForm
from summit.certificates.forms import AttendanceScanForm
from summit.certificates.forms import CertificateSettingsForm
from summit.certificates.forms import CreditForm
from summit.certificates.forms import RevokeForm
from summit.certificates.issuing import revoke_certificate
from summit.certificates.mails import queue_certificate_mails
from summit.certificates.models import AttendanceMethod
from summit.certificates.models import Certificate
from summit.certificates.preview import sample_kind
from summit.certificates.preview import sample_version
from summit.certificates.services import CertificateError
from summit.certificates.services import attendance_of_session
from summit.certificates.services import get_certificate_settings
from summit.certificates.services import parse_hours
from summit.certificates.services import record_attendance
from summit.certificates.services import remove_attendance
from summit.certificates.services import save_certificate_settings
from summit.certificates.services import session_credits
from summit.certificates.services import set_session_credit
from summit.db import utcnow
from summit.events.access import child_or_404
from summit.events.access import requires
from summit.events.forms import ConfirmForm
from summit.events.models import Event
from summit.events.permissions import Permission
from summit.exports.caching import export_version
from summit.exports.personal import Waiting
from summit.exports.personal import personal_pdf
from summit.extensions import db
from summit.forms import show_domain_error
from summit.localized.reading import page_language
from summit.registration.links import registration_by_checkin_code
from summit.registration.models import Registration
from summit.registration.models import RegistrationStatus
from summit.schedule.models import Session
from summit.uploads import UploadError
from summit.uploads import read_image

bp = Blueprint("manage_certificates", __name__)


@bp.route("/events/<int:event_id>/certificates/", methods=["GET", "POST"])
@requires(Permission.MANAGE_REGISTRATIONS)
def certificates(event: Event) -> BaseResponse | str:
    settings = get_certificate_settings(event)
    form = CertificateSettingsForm()
    if request.method == "GET" and settings is not None:
        form.load(settings)
    if form.validate_on_submit():
        data = form.to_data()
        try:
            upload = form.signature.data
            if upload:
                data.signature = read_image(
                    upload.stream, max_bytes=int(current_app.config["UPLOAD_MAX_BYTES"])
                )
            save_certificate_settings(event, data, now=utcnow())
        except UploadError as error:
            db.session.rollback()
            form.signature.errors = [str(error)]
        except CertificateError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Certificate settings saved."), "success")
            return redirect(url_for(".certificates", event_id=event.id))
    issued = list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.event_id == event.id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )
    status = 400 if form.errors else 200
    return render_template(
        "certificates/manage.html",
        event=event,
        form=form,
        settings=settings,
        issued=issued,
        confirm=ConfirmForm(),
        revoke_form=RevokeForm(formdata=None),
    ), status  # type: ignore[return-value]


@bp.get("/events/<int:event_id>/certificates/preview.pdf")
@requires(Permission.MANAGE_REGISTRATIONS)
def preview(event: Event) -> BaseResponse:
    """The sample certificate as the worker rendered it (the waiting page meanwhile)."""
    kind = sample_kind(page_language())
    version = sample_version(event.id, kind)
    if version is None:
        return Response(_("Save the certificate settings first."), status=409)
    return personal_pdf(
        event.id,
        kind,
        version,
        last_modified=export_version(event.id).last_modified,
        filename="certificate-sample.pdf",
        waiting=Waiting(
            heading=_("The sample certificate is being prepared"),
            link=_("Open the sample certificate"),
            back_url=url_for(".certificates", event_id=event.id),
            back=_("Back to the certificate settings"),
        ),
    )


@bp.post("/events/<int:event_id>/certificates/<int:certificate_id>/revoke")
@requires(Permission.MANAGE_REGISTRATIONS)
def revoke(event: Event, certificate_id: int) -> BaseResponse:
    certificate = child_or_404(Certificate, event, certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            revoke_certificate(certificate, now=utcnow(), reason=form.reason.data or "")
        except CertificateError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("Certificate revoked. The attendee can download a new one."), "success")
    else:
        flash(_("Say why the certificate is revoked."), "error")
    return redirect(url_for(".certificates", event_id=event.id))


@bp.post("/events/<int:event_id>/certificates/send")
@requires(Permission.MANAGE_REGISTRATIONS)
def send_all(event: Event) -> BaseResponse:
    if ConfirmForm().validate_on_submit():
        queued = queue_certificate_mails(
            event, now=utcnow(), key=str(current_app.config["SECRET_KEY"])
        )
        db.session.commit()
        flash(
            _("%(n)d e-mails are being sent with the link to each certificate.", n=queued),
            "success",
        )
    return redirect(url_for(".certificates", event_id=event.id))


def _registration_from_scan(event: Event, text: str) -> Registration | None:
    # The ticket's QR code holds the door's check-in address; its last segment is the code.
    code = text.strip().rstrip("/").rsplit("/", 1)[-1]
    registration = registration_by_checkin_code(code)
    if registration is None or registration.event_id != event.id:
        return None
    return registration


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@requires(Permission.CHECK_IN)
def attendance(event: Event, session_id: int) -> BaseResponse | tuple[str, int]:
    session = child_or_404(Session, event, session_id)
    scan = AttendanceScanForm(prefix="scan")
    result: tuple[bool, str] | None = None
    status = 200
    if request.method == "POST" and "scan-code" in request.form and scan.validate_on_submit():
        registration = _registration_from_scan(event, scan.code.data or "")
        if registration is None:
            result, status = (False, _("Unknown ticket for this event.")), 404
        else:
            try:
                outcome = record_attendance(
                    registration,
                    session,
                    now=utcnow(),
                    actor=current_user,
                    method=AttendanceMethod.SCAN,
                )
            except CertificateError as error:
                db.session.rollback()
                result, status = (False, f"{registration.name}: {error.message}"), 409
            else:
                db.session.commit()
                result = (outcome.created, f"{registration.name}: {outcome.message}")
        scan = AttendanceScanForm(prefix="scan", formdata=None)
    return _attendance_page(event, session, scan, result), status


def _attendance_page(
    event: Event, session: Session, scan: AttendanceScanForm, result: tuple[bool, str] | None
) -> str:
    attendees = list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.erased_at.is_(None),
            )
            .order_by(Registration.name, Registration.id)
        )
    )
    credit = session_credits(event).get(session.id)
    return render_template(
        "certificates/attendance.html",
        event=event,
        session=session,
        scan=scan,
        result=result,
        attendees=attendees,
        present=attendance_of_session(session),
        credit_form=CreditForm(formdata=None, hours=str(credit) if credit else ""),
        confirm=ConfirmForm(),
    )


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/attendance/mark")
@requires(Permission.CHECK_IN)
def mark(event: Event, session_id: int) -> BaseResponse:
    session = child_or_404(Session, event, session_id)
    form = AttendanceMarkForm()
    back = url_for(".attendance", event_id=event.id, session_id=session.id)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return redirect(back)
    registration = child_or_404(Registration, event, form.registration_id.data or 0)
    try:
        if form.present.data:
            record_attendance(
                registration,
                session,
                now=utcnow(),
                actor=current_user,
                method=AttendanceMethod.MANUAL,
                minutes_late=form.minutes_late.data or 0,
                minutes_left_early=form.minutes_left_early.data or 0,
            )
        else:
            remove_attendance(registration, session)
    except CertificateError as error:
        db.session.rollback()
        flash(f"{registration.name}: {error.message}", "error")
    else:
        db.session.commit()
        flash(_("Attendance of %(name)s saved.", name=registration.name), "success")
    return redirect(back + f"#attendee-{registration.id}")


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/credit")
@requires(Permission.EDIT_CONTENT)
def credit(event: Event, session_id: int) -> BaseResponse:
    session = child_or_404(Session, event, session_id)
    form = CreditForm()
    if form.validate_on_submit():
        try:
            set_session_credit(session, parse_hours(form.hours.data or ""))
        except CertificateError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("Credit hours saved."), "success")
    return redirect(url_for(".attendance", event_id=event.id, session_id=session.id))

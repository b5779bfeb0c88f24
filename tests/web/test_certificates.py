"""Attendance by scan and by hand, certificates, their verification and their retention."""

from __future__ import annotations

import io
import re
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time

import pytest
from flask import Flask
from flask import g
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from summit.auth.models import Organizer
from summit.certificates.issuing import purge_expired_certificates
from summit.certificates.models import Certificate
from summit.certificates.models import SessionAttendance
from summit.events.models import Event
from summit.exports import pdf_child
from summit.extensions import db
from summit.outbox.models import OutboxMessage
from summit.registration.links import checkin_code
from summit.registration.privacy import erase_registration
from summit.schedule.models import SessionStatus
from tests.certificate_factories import attend
from tests.certificate_factories import credit
from tests.certificate_factories import enable_certificates
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_organizer
from tests.registration_factories import KEY
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up
from tests.rendering_helpers import rendered_pdf
from tests.rendering_helpers import renderings_asked
from tests.schedule_factories import make_session


@pytest.fixture
def organizer(app: Flask) -> Organizer:
    return make_organizer()


@pytest.fixture
def event(organizer: Organizer) -> Event:
    event = make_event(organizer, published=True)
    open_registration(event, capacity=50)
    return event


@pytest.fixture
def sessions(event: Event) -> list:
    morning = make_session(
        event, title="Santé mentale à l'ère numérique", start=time(9), end=time(11)
    )
    afternoon = make_session(
        event, title="Exploiter les réseaux sociaux", start=time(14), end=time(15, 30)
    )
    credit(morning, "2")
    credit(afternoon, "1.5")
    return [morning, afternoon]


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _certificate(registration_id: int) -> Certificate:
    return db.session.scalars(
        select(Certificate).where(
            Certificate.registration_id == registration_id, Certificate.revoked_at.is_(None)
        )
    ).one()


def test_staff_mark_attendance_by_scanning_the_ticket_at_the_room(
    client: FlaskClient, auth: AuthActions, organizer: Organizer, event: Event, sessions: list
) -> None:
    signup = sign_up(event, "amina@example.org", name="Amina El Idrissi")
    auth.login(organizer.email)
    url = f"/manage/events/{event.id}/sessions/{sessions[0].id}/attendance"
    ticket_link = (
        f"https://summit.test/manage/events/{event.id}/checkin/{checkin_code(signup.token, KEY)}"
    )

    first = client.post(url, data={"scan-code": ticket_link})
    again = client.post(url, data={"scan-code": ticket_link})
    unknown = client.post(url, data={"scan-code": "not-a-ticket"})

    assert first.status_code == 200 and "Amina El Idrissi: Marked present." in first.text
    assert "Already marked present" in again.text
    assert unknown.status_code == 404 and "Unknown ticket" in unknown.text
    rows = db.session.scalars(select(SessionAttendance)).all()
    assert [(r.registration_id, r.session_id, r.method.value) for r in rows] == [
        (signup.registration.id, sessions[0].id, "scan")
    ]


def test_the_organizer_marks_partial_attendance_by_hand_and_bad_minutes_are_refused(
    client: FlaskClient, auth: AuthActions, organizer: Organizer, event: Event, sessions: list
) -> None:
    signup = sign_up(event, "omar@example.org", name="Omar")
    auth.login(organizer.email)
    url = f"/manage/events/{event.id}/sessions/{sessions[0].id}/attendance/mark"
    rid = signup.registration.id

    client.post(url, data={"registration_id": rid, "present": "y", "minutes_late": "30"})
    refused = client.post(
        url,
        data={
            "registration_id": rid,
            "present": "y",
            "minutes_late": "60",
            "minutes_left_early": "60",
        },
        follow_redirects=True,
    )

    row = db.session.scalars(select(SessionAttendance)).one()
    assert (row.minutes_late, row.minutes_left_early, row.method.value) == (30, 0, "manual")
    assert "must be less than the session" in refused.text

    client.post(url, data={"registration_id": rid})  # unticked: not present after all
    assert db.session.scalars(select(SessionAttendance)).all() == []


def test_a_certificate_states_name_hours_and_a_code_whose_page_verifies_it(
    client: FlaskClient, event: Event, sessions: list
) -> None:
    enable_certificates(event)
    signup = sign_up(event, "amina@example.org", name="Amina El Idrissi")
    attend(signup.registration, sessions[0], minutes_late=30)  # 1.5 of 2 h
    attend(signup.registration, sessions[1])  # 1.5 h

    response = rendered_pdf(client, f"/events/{event.slug}/my/{signup.token}/certificate.pdf")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store, private"
    certificate = _certificate(signup.registration.id)
    text = _pdf_text(response.data)
    assert "Amina El Idrissi" in text
    assert re.search(r"Total\s+3\b", text) and "CME category 1" in text
    assert certificate.total_hours == 3
    assert certificate.readable_code in text  # in groups of four, as people read it out
    assert certificate.readable_code.replace("-", "") == certificate.code
    # Typed as printed (dashes, lower case) it finds the same certificate.
    typed = client.get(f"/certificates/{certificate.readable_code.lower()}")
    assert typed.status_code == 200 and "Amina El Idrissi" in typed.text
    page = client.get(f"/certificates/{certificate.code}")
    assert page.status_code == 200
    assert "This certificate is valid." in page.text and "Amina El Idrissi" in page.text
    assert "<dd>3 · CME category 1</dd>" in page.text
    # Downloading again gives the same certificate, not a new code.
    client.get(f"/events/{event.slug}/my/{signup.token}/certificate.pdf")
    assert _certificate(signup.registration.id).code == certificate.code


def test_codes_are_random_long_and_unrelated_to_the_private_link(
    app: Flask, event: Event, sessions: list
) -> None:
    enable_certificates(event)
    codes, tokens = set(), set()
    from summit.certificates.issuing import issue_certificate

    for n in range(20):
        signup = sign_up(event, f"p{n}@example.org", name=f"Person {n}")
        attend(signup.registration, sessions[0])
        codes.add(
            issue_certificate(signup.registration, now=datetime.now(UTC), feedback_given=False).code
        )
        tokens.add(signup.token)
    assert len(codes) == 20
    assert all(re.fullmatch(r"[A-Z2-7]{20}", code) for code in codes)
    assert not any(
        code.lower() in token.lower() or token[:8] in code for code in codes for token in tokens
    )


def test_a_revoked_certificate_says_so_and_the_attendee_gets_a_new_code(
    client: FlaskClient, auth: AuthActions, organizer: Organizer, event: Event, sessions: list
) -> None:
    enable_certificates(event)
    signup = sign_up(event, "amina@example.org", name="Amina")
    attend(signup.registration, sessions[0])
    client.get(f"/events/{event.slug}/my/{signup.token}/certificate.pdf")
    old = _certificate(signup.registration.id)
    auth.login(organizer.email)

    no_reason = client.post(f"/manage/events/{event.id}/certificates/{old.id}/revoke", data={})
    assert no_reason.status_code == 302 and old.revoked_at is None
    client.post(
        f"/manage/events/{event.id}/certificates/{old.id}/revoke",
        data={"reason": "Attendance recorded by mistake"},
    )

    page = client.get(f"/certificates/{old.code}")
    assert "This certificate is revoked." in page.text
    assert "Attendance recorded by mistake" in page.text
    client.get(f"/events/{event.slug}/my/{signup.token}/certificate.pdf")
    assert _certificate(signup.registration.id).code != old.code


def test_more_attendance_later_supersedes_the_certificate(
    client: FlaskClient, event: Event, sessions: list
) -> None:
    enable_certificates(event)
    signup = sign_up(event, "amina@example.org", name="Amina")
    attend(signup.registration, sessions[0])
    client.get(f"/events/{event.slug}/my/{signup.token}/certificate.pdf")
    first = _certificate(signup.registration.id)
    attend(signup.registration, sessions[1])

    client.get(f"/events/{event.slug}/my/{signup.token}/certificate.pdf")

    assert "A newer certificate replaced it." in client.get(f"/certificates/{first.code}").text
    assert str(_certificate(signup.registration.id).total_hours) == "3.50"


def test_no_certificate_without_attendance_or_before_the_event_has_ended(
    client: FlaskClient, organizer: Organizer
) -> None:
    future = make_event(
        organizer,
        published=True,
        start_date=datetime.now(UTC).date().replace(year=2090),
        end_date=datetime.now(UTC).date().replace(year=2090),
    )
    open_registration(future)
    enable_certificates(future)
    session = make_session(future)
    early = sign_up(future, "early@example.org")
    attend(early.registration, session)

    assert client.get(f"/events/{future.slug}/my/{early.token}/certificate.pdf").status_code == 409
    nobody = sign_up(future, "absent@example.org")
    response = client.get(f"/events/{future.slug}/my/{nobody.token}/certificate.pdf")
    assert response.status_code == 409 and "No attendance has been recorded" in response.text
    assert db.session.scalars(select(Certificate)).all() == []


def test_the_evaluation_gate_waits_for_the_event_feedback(
    client: FlaskClient, event: Event, sessions: list
) -> None:
    enable_certificates(event, requires_feedback=True)
    signup = sign_up(event, "amina@example.org", name="Amina")
    attend(signup.registration, sessions[0])
    base = f"/events/{event.slug}/my/{signup.token}"

    assert client.get(f"{base}/certificate.pdf").status_code == 409
    client.post(f"{base}/feedback/", data={"rating": "4"})
    assert rendered_pdf(client, f"{base}/certificate.pdf").status_code == 200


def test_erasure_keeps_the_record_only_where_the_event_declared_it(
    app: Flask, organizer: Organizer, sessions: list, event: Event
) -> None:
    from summit.certificates.issuing import issue_certificate

    enable_certificates(event, keep_after_erasure=True)
    kept = sign_up(event, "kept@example.org", name="Kept Person")
    attend(kept.registration, sessions[0])
    kept_code = issue_certificate(
        kept.registration, now=datetime.now(UTC), feedback_given=False
    ).code
    other = make_event(organizer, published=True)
    open_registration(other)
    enable_certificates(other, keep_after_erasure=False)
    other_session = make_session(other)
    gone = sign_up(other, "gone@example.org", name="Gone Person")
    attend(gone.registration, other_session)
    gone_code = issue_certificate(
        gone.registration, now=datetime.now(UTC), feedback_given=False
    ).code
    db.session.commit()

    erase_registration(kept.registration, now=NOW)
    erase_registration(gone.registration, now=NOW)
    db.session.commit()

    by_code = {c.code: c for c in db.session.scalars(select(Certificate))}
    assert by_code[kept_code].holder_name == "Kept Person" and not by_code[kept_code].is_revoked
    assert by_code[kept_code].registration_id is None
    assert by_code[gone_code].holder_name == "" and by_code[gone_code].is_revoked


def test_records_past_their_retention_are_purged(app: Flask, event: Event, sessions: list) -> None:
    from summit.certificates.issuing import issue_certificate

    enable_certificates(event, retention_years=6)
    signup = sign_up(event, "amina@example.org")
    attend(signup.registration, sessions[0])
    issued = datetime(2024, 12, 20, 9, 0, tzinfo=UTC)
    certificate = issue_certificate(signup.registration, now=issued, feedback_given=False)
    db.session.commit()
    assert certificate.retain_until == date(2030, 12, 20)

    assert purge_expired_certificates(now=datetime(2030, 12, 20, 23, 0, tzinfo=UTC)) == 0
    assert purge_expired_certificates(now=datetime(2030, 12, 21, 0, 0, tzinfo=UTC)) == 1


def test_e_mail_all_issues_and_queues_one_message_per_eligible_attendee(
    client: FlaskClient, auth: AuthActions, organizer: Organizer, event: Event, sessions: list
) -> None:
    enable_certificates(event)
    present = sign_up(event, "present@example.org", name="Present", language="fr")
    sign_up(event, "absent@example.org", name="Absent")
    attend(present.registration, sessions[0])
    auth.login(organizer.email)

    client.post(f"/manage/events/{event.id}/certificates/send")
    client.post(f"/manage/events/{event.id}/certificates/send")  # again: nothing new

    (message,) = db.session.scalars(select(OutboxMessage)).all()
    assert message.recipient == "present@example.org" and message.kind == "certificate"
    code = _certificate(present.registration.id).code
    assert code in message.body.decode()
    assert rendered_pdf(client, f"/certificates/{code}/certificate.pdf").status_code == 200


def test_certificate_settings_are_validated_and_the_worker_renders_the_preview(
    client: FlaskClient,
    auth: AuthActions,
    organizer: Organizer,
    event: Event,
    sessions: list,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    auth.login(organizer.email)
    url = f"/manage/events/{event.id}/certificates/"
    unsigned = client.post(
        url, data={"enabled": "y", "retention_years": "6", "issue_mode": "after_event"}
    )
    too_long = client.post(
        url,
        data={
            "enabled": "y",
            "signer_name": "Dr X",
            "retention_years": "99",
            "issue_mode": "after_event",
        },
    )
    assert unsigned.status_code == 400 and "Name the person who signs" in unsigned.text
    assert too_long.status_code == 400 and "Between 1 and 30 years." in too_long.text

    saved = client.post(
        url,
        data={
            "enabled": "y",
            "signer_name": "Pr Nadia Kadiri",
            "retention_years": "6",
            "issue_mode": "after_event",
            "accreditation_label": "CME category 1",
        },
    )
    assert saved.status_code == 302
    preview_url = f"/manage/events/{event.id}/certificates/preview.pdf"
    with monkeypatch.context() as patched:  # asked of the worker, never rendered here
        patched.setattr(pdf_child.subprocess, "run", lambda *a, **k: pytest.fail("rendered"))
        waiting = client.get(preview_url)
    assert waiting.status_code == 503
    assert "The sample certificate is being prepared" in waiting.text
    assert "Back to the certificate settings" in waiting.text
    preview = rendered_pdf(client, preview_url)
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    text = _pdf_text(preview.data)
    assert "Preview" in text and "Pr Nadia Kadiri" in text
    assert db.session.scalars(select(Certificate)).all() == []  # a preview is never issued

    # Saved again with another signer: the old sample is not shown, a new one is made.
    client.post(
        url,
        data={
            "enabled": "y",
            "signer_name": "Dr Omar Tazi",
            "retention_years": "6",
            "issue_mode": "after_event",
        },
    )
    assert client.get(preview_url).status_code == 503
    assert "Dr Omar Tazi" in _pdf_text(rendered_pdf(client, preview_url).data)


def test_attendance_and_certificate_pages_are_the_events_organizers_only(
    client: FlaskClient, auth: AuthActions, event: Event, sessions: list
) -> None:
    urls = [
        f"/manage/events/{event.id}/certificates/",
        f"/manage/events/{event.id}/sessions/{sessions[0].id}/attendance",
        f"/manage/events/{event.id}/feedback/",
    ]
    assert all(client.get(u).status_code == 302 for u in urls)
    auth.login(make_organizer().email)
    assert all(client.get(u).status_code == 404 for u in urls)


def test_unknown_or_malformed_codes_answer_404(client: FlaskClient) -> None:
    for code in ["AAAAAAAAAAAAAAAAAAAA", "x", "../../etc", "A" * 300]:
        assert client.get(f"/certificates/{code}").status_code == 404


def test_cancelled_sessions_cannot_be_attended(
    client: FlaskClient, auth: AuthActions, organizer: Organizer, event: Event, sessions: list
) -> None:
    sessions[0].status = SessionStatus.CANCELLED
    db.session.commit()
    signup = sign_up(event, "a@example.org")
    auth.login(organizer.email)
    response = client.post(
        f"/manage/events/{event.id}/sessions/{sessions[0].id}/attendance/mark",
        data={"registration_id": signup.registration.id, "present": "y"},
        follow_redirects=True,
    )
    assert "has no time or is cancelled" in response.text
    assert db.session.scalars(select(SessionAttendance)).all() == []


def test_the_registration_form_says_how_long_certificate_records_are_kept(
    client: FlaskClient, event: Event
) -> None:
    assert "certificate of attendance" not in client.get(f"/events/{event.slug}/register").text
    enable_certificates(event, retention_years=6)
    page = client.get(f"/events/{event.slug}/register").text
    assert "is kept for 6 years after it is issued" in page


def test_the_sample_certificate_is_in_the_organizers_language_one_file_per_language(
    client: FlaskClient, auth: AuthActions, organizer: Organizer, event: Event, sessions: list
) -> None:
    enable_certificates(event)
    auth.login(organizer.email)
    url = f"/manage/events/{event.id}/certificates/preview.pdf"
    files = {}
    for language in ("ar", "en"):
        g.pop("_flask_babel", None)  # the tests' app context outlives requests
        files[language] = rendered_pdf(client, url, headers={"Accept-Language": language})
    arabic, english = files["ar"], files["en"]
    assert arabic.status_code == english.status_code == 200
    assert "Preview" in _pdf_text(english.data) and "Preview" not in _pdf_text(arabic.data)
    assert PdfReader(io.BytesIO(arabic.data)).trailer["/Root"]["/Lang"] == "ar"
    assert sorted(kind for kind, _ in renderings_asked()) == [
        "certificate_sample.ar.pdf",
        "certificate_sample.en.pdf",
    ]


def test_the_sample_needs_saved_settings_and_asks_the_worker_for_nothing_before(
    client: FlaskClient, auth: AuthActions, organizer: Organizer, event: Event
) -> None:
    auth.login(organizer.email)
    response = client.get(f"/manage/events/{event.id}/certificates/preview.pdf")
    assert response.status_code == 409 and "Save the certificate settings first." in response.text
    assert renderings_asked() == []

"""An attendee who registered in Arabic gets a right-to-left HTML e-mail and a plain-text
part whose paragraphs start right to left even when they begin with a French title."""

from __future__ import annotations

from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from flask import Flask

from summit.events.models import EventOrganizer
from summit.events.models import TeamRole
from summit.extensions import db
from summit.mail import build_message
from summit.registration.mails import attendee_mail
from summit.teams.mails import invitation_mail
from summit.teams.services import invite_member
from tests.factories import NOW
from tests.factories import make_event
from tests.registration_factories import open_registration
from tests.registration_factories import sign_up

FSI, PDI = "\u2068", "\u2069"


def delivered(app: Flask, language: str, kind: str = "confirmed") -> EmailMessage:
    event = make_event(published=True, title="Sommet de la santé mentale", languages=["fr", "ar"])
    open_registration(event, capacity=0 if kind == "waitlisted" else 10)
    result = sign_up(event, f"{language}@example.org", name="Salma Bennani", language=language)
    mail = attendee_mail(result.registration, kind, token="t0ken")
    raw = build_message(mail, "Summit <summit@example.org>").as_bytes()
    message = message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> tuple[str, str]:
    html = message.get_body(preferencelist=("html",))
    text = message.get_body(preferencelist=("plain",))
    assert html is not None and text is not None
    return html.get_content(), text.get_content()


def test_an_arabic_registration_mail_is_right_to_left(app: Flask) -> None:
    message = delivered(app, "ar")
    html, text = parts(message)
    assert message["Content-Language"] == "ar"
    assert message["Subject"] == "مقعدك مؤكَّد: Sommet de la santé mentale"
    assert '<html lang="ar" dir="rtl">' in html
    # The title has no Arabic translation: isolated and marked French.
    assert 'مقعدك في <bdi lang="fr" dir="ltr">Sommet de la santé mentale</bdi> مؤكَّد.' in html
    assert "مرحبًا <bdi>Salma Bennani</bdi>،" in html
    assert f"مقعدك في {FSI}Sommet de la santé mentale{PDI} مؤكَّد." in text


def test_a_waitlisted_arabic_mail_starting_with_the_title_keeps_it_isolated(app: Flask) -> None:
    _html, text = parts(delivered(app, "ar", "waitlisted"))
    # The paragraph's first strong letter is Arabic (isolates are skipped), so it reads RTL.
    assert f"{FSI}Sommet de la santé mentale{PDI} ممتلئة حاليًا." in text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_left_to_right_mails_have_no_isolates(app: Flask, language: str) -> None:
    message = delivered(app, language)
    html, text = parts(message)
    assert f'<html lang="{language}" dir="ltr">' in html
    assert FSI not in text and PDI not in text


def test_a_team_invitation_for_an_arabic_event_is_right_to_left(app: Flask) -> None:
    event = make_event(published=True, title="قمة الصحة النفسية", languages=["ar", "fr"])
    owner = db.session.query(EventOrganizer).filter_by(event_id=event.id).one()
    invitation, token = invite_member(
        event, "new@example.org", TeamRole.EDITOR, may_see_sensitive=False, actor=owner, now=NOW
    )
    raw = build_message(invitation_mail(invitation, token), "s@example.org").as_bytes()
    message = message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    html, _text = parts(message)
    assert '<html lang="ar" dir="rtl">' in html

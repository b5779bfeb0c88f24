"""Nothing in a subject, a name or an address can break a mail header or the build."""

from __future__ import annotations

import email
import email.policy

import pytest

from summit.mail import Mail
from summit.mail import build_message
from summit.mail import clean_address
from summit.mail import header_text

NASTY = {
    "CR": "\r",
    "LF": "\n",
    "CRLF": "\r\n",
    "NUL": "\x00",
    "U+2028": "\u2028",
    "U+2029": "\u2029",
    "NEL": "\x85",
    "ESC": "\x1b",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "PDI": "\u2069",
    "BOM": "\ufeff",
}


@pytest.mark.parametrize("char", NASTY.values(), ids=NASTY.keys())
def test_a_control_character_in_the_subject_and_names_still_builds_one_clean_header(
    char: str,
) -> None:
    title = f"Sommet{char}Bcc: evil@example.com{char}2026"
    message = build_message(
        Mail(
            to=f"salma@example.org{char}",
            subject=f"Your seat is confirmed: {title}",
            text=f"Welcome to {title}",
            reply_to=f"contact@example.org{char}",
        ),
        f"{title} <no-reply@summit.test>",
    )
    raw = bytes(message)
    headers = raw.split(b"\n\n", 1)[0].decode()
    assert "\r" not in headers.replace("\r\n", "\n")
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Bcc"] is None
    assert parsed["To"] == "salma@example.org"
    assert parsed["Reply-To"] == "contact@example.org"
    subject = str(parsed["Subject"])
    assert subject.startswith("Your seat is confirmed: Sommet")
    assert not set(subject) & set(NASTY.values())
    assert parsed["From"].addresses[0].addr_spec == "no-reply@summit.test"
    assert not parsed.defects


def test_header_text_keeps_letters_of_every_script_and_joins_lines() -> None:
    assert header_text("Santé mentale\u2028et bien-être — الصحة النفسية") == (
        "Santé mentale et bien-être — الصحة النفسية"
    )
    assert header_text("  a\t\tb  \r\n c ") == "a b c"


@pytest.mark.parametrize(
    "value",
    ["", "not an address", "a@b.org, c@d.org", "Name <a@b.org>", "a@b@c.org", "a@b.org\nBcc: x@y"],
)
def test_anything_but_one_bare_address_is_no_address(value: str) -> None:
    assert clean_address(value) == ""


def test_a_bare_address_survives_cleaning() -> None:
    assert clean_address(" ünïcode.name+tag@exämple.org\u2028") == "ünïcode.name+tag@exämple.org"


def test_the_event_name_is_the_display_name_of_the_configured_sender() -> None:
    message = build_message(
        Mail(to="a@example.org", subject="s", text="t", sender_name="Sommet\u2028\u202e 2026"),
        "Summit <no-reply@summit.test>",
        domain="summit.test",
    )
    (sender,) = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Sommet 2026", "no-reply@summit.test")


def test_a_transactional_mail_is_auto_submitted_and_has_only_a_text_part_when_no_html() -> None:
    message = build_message(
        Mail(to="a@example.org", subject="s", text="t\u2028u\x0bv\x00"), "no-reply@summit.test"
    )
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] is None
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == "t\nu\nv\n"
    assert message["Content-Language"] == "en"


def test_an_announcement_carries_one_click_unsubscribe_and_no_auto_submitted() -> None:
    url = "https://summit.example.org/events/s/unsubscribe/abc"
    message = build_message(
        Mail(to="a@example.org", subject="s", text="t", html="<p>t</p>", unsubscribe_url=url),
        "no-reply@summit.test",
    )
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] is None
    assert message.get_body(preferencelist=("plain",)) is not None

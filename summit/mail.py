"""Outgoing e-mail: every message is built here, with all its headers, in one place.

Services build :class:`Mail` values and queue them in the outbox (summit.outbox) in the
transaction of the change; the background worker sends them after the commit
(:mod:`summit.outbox.transport`, which also signs them with DKIM when configured).
"""

from __future__ import annotations

import html
import re
import smtplib
import ssl
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from email.utils import make_msgid
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask import has_app_context

from summit.i18n import RTL_LANGUAGES


@dataclass
class Attachment:
    filename: str
    content: bytes
    mimetype: str  # e.g. "text/calendar; method=PUBLISH"


@dataclass
class Mail:
    """One message to one person. ``html`` is what goes inside ``<body>``: the builder
    writes the document around it (language, direction, title)."""

    to: str
    subject: str
    text: str
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    reply_to: str | None = None
    language: str | None = None
    # The From display name (the event's title); the address is always the configured one.
    sender_name: str | None = None
    # Announcements only (organizers' messages to a segment): the recipient's one-click
    # unsubscribe address. Mail without it is transactional (Auto-Submitted).
    unsubscribe_url: str | None = None


# Characters that end or fold a header line, or that a reader cannot see: a title pasted
# with a line break (or U+2028) must not add a header, cut one or make building fail, and
# bidi overrides must not disguise a subject or a name. In a header line breaks become
# spaces and the rest goes; in a body line breaks stay line breaks and controls go.
_LINE_BREAK_CHARS = "\r\n\v\f\x1c-\x1e\x85\u2028\u2029"
_CONTROL_CHARS = "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff"
_BIDI_CHARS = "\u202a-\u202e\u2066-\u2069"
_BREAKS = re.compile(f"[{_LINE_BREAK_CHARS}]+")
_INVISIBLE = re.compile(f"[{_CONTROL_CHARS}{_BIDI_CHARS}]")
_BODY_BREAKS = re.compile(f"\r\n|[{_LINE_BREAK_CHARS}]")
_BODY_CONTROLS = re.compile(f"[{_CONTROL_CHARS}]")
_SPACES = re.compile(r"[\t ]{2,}|\t")


def header_text(value: str) -> str:
    """``value`` made safe for one line: a header (a subject, a display name) or a name in
    a greeting. Templates use it as the ``one_line`` filter."""
    value = _INVISIBLE.sub("", _BREAKS.sub(" ", value))
    return _SPACES.sub(" ", value).strip()


def body_text(value: str) -> str:
    """A body with one kind of line break and no control character (a name imported
    from another tool may carry them; PostgreSQL and mail readers choke on some)."""
    return _BODY_CONTROLS.sub("", _BODY_BREAKS.sub("\n", value))


_ADDR_SPEC = re.compile(r"[^\s<>,;:\"()\[\]\\@]+@[^\s<>,;:\"()\[\]\\@]+")


def clean_address(value: str) -> str:
    """A bare address (``name@domain``) made safe for a header and an SMTP envelope; empty
    when ``value`` is not one address (never half-parsed into another one)."""
    value = header_text(value)
    return value if _ADDR_SPEC.fullmatch(value) else ""


def _mailbox(value: str, name: str | None = None) -> Address | str:
    """``Name <address>`` (the configured sender) or a bare address, cleaned. The name
    is everything before the last ``<``: a colon or comma in it stays part of the name.
    ``name``, when given, replaces the configured display name."""
    value = header_text(value)
    configured, _, address = value[:-1].rpartition("<") if value.endswith(">") else ("", "", value)
    address = clean_address(address)
    if not address:
        return ""
    display = header_text(name or "") or header_text(configured.strip().strip('"'))
    try:
        return Address(display_name=display, addr_spec=address)
    except (ValueError, IndexError, HeaderParseError):
        return address


def mail_domain(sender: str) -> str:
    """The domain of Message-IDs: SUMMIT_MAIL_DOMAIN, else SUMMIT_BASE_URL's host, else
    the sender's domain."""
    config = current_app.config if has_app_context() else {}
    configured = config.get("SUMMIT_MAIL_DOMAIN")
    host = urlsplit(str(config.get("SUMMIT_BASE_URL") or "")).hostname
    return str(configured or host or clean_address(sender).rpartition("@")[2] or "localhost")


def _direction(language: str) -> str:
    return "rtl" if language.split("-")[0].split("_")[0] in RTL_LANGUAGES else "ltr"


def _html_document(body: str, *, title: str, language: str) -> str:
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(language)}" dir="{_direction(language)}">\n'
        '<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>\n"
        '<body style="font-family: sans-serif; line-height: 1.5; color: #1d2430;">\n'
        f"{body}\n</body>\n</html>\n"
    )


def build_message(
    mail: Mail, sender: str, *, now: datetime | None = None, domain: str | None = None
) -> EmailMessage:
    """The complete message, every header included. Never fails on its text: headers
    and bodies are cleaned first, so a title with control characters still gives a
    sendable e-mail.

    :param sender: the configured sender, ``Name <address>`` or a bare address.
    :param now: the ``Date`` (when the message was written, i.e. queued).
    :param domain: the Message-ID domain; :func:`mail_domain` by default.
    """
    language = header_text(mail.language or "") or "en"
    subject = header_text(mail.subject)
    message = EmailMessage()
    message["From"] = _mailbox(sender, mail.sender_name)
    message["To"] = clean_address(mail.to)
    message["Subject"] = subject
    message["Date"] = format_datetime((now or datetime.now(UTC)).astimezone(UTC))
    message["Message-ID"] = make_msgid(domain=domain or mail_domain(sender))
    reply_to = clean_address(mail.reply_to or "")
    if reply_to:
        message["Reply-To"] = reply_to
    if mail.unsubscribe_url:
        # RFC 2369 and RFC 8058: mailbox providers show an unsubscribe button that POSTs.
        message["List-Unsubscribe"] = f"<{header_text(mail.unsubscribe_url)}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    else:
        # RFC 3834: no auto-replies or out-of-office answers to transactional mail.
        message["Auto-Submitted"] = "auto-generated"
    message.set_content(body_text(mail.text))
    if mail.html:
        message.add_alternative(
            _html_document(body_text(mail.html), title=subject, language=language),
            subtype="html",
        )
    for attachment in mail.attachments:
        maintype, _, rest = attachment.mimetype.partition("/")
        subtype, _, params = rest.partition(";")
        extra: dict[str, Any] = {}
        for param in filter(None, (p.strip() for p in params.split(";"))):
            key, _, value = param.partition("=")
            extra[key.strip()] = value.strip()
        message.add_attachment(
            attachment.content,
            maintype=maintype,
            subtype=subtype.strip(),
            filename=attachment.filename,
            params=extra,
        )
    # Last: set_content() drops Content-* headers set before it.
    message["Content-Language"] = language
    return message


def open_smtp(config: Any) -> smtplib.SMTP:
    """A connection to the configured server, TLS and login done; the caller closes it."""
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), config["MAIL_TIMEOUT"]
    smtp: smtplib.SMTP
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        smtp.close()
        raise
    return smtp

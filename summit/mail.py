"""Outgoing e-mail: SMTP in production, .eml files in the instance folder in development.

Services build messages and queue them in the outbox (summit.outbox) in the transaction
of the change; the background worker sends them after the commit.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from dataclasses import field
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from flask import current_app


@dataclass
class Attachment:
    filename: str
    content: bytes
    mimetype: str  # e.g. "text/calendar; method=PUBLISH"


@dataclass
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    reply_to: str | None = None
    language: str | None = None


# Characters that end or fold a header line, or that a reader cannot see: a title pasted
# with a line break (or U+2028) must not add a header, cut one or make building fail, and
# bidi overrides must not disguise a subject. Line breaks become spaces; the rest goes.
_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_SPACES = re.compile(r"[\t ]{2,}|\t")


def header_text(value: str) -> str:
    """``value`` made safe for one header line (a subject, a display name)."""
    value = _INVISIBLE.sub("", _BREAKS.sub(" ", value))
    return _SPACES.sub(" ", value).strip()


_ADDR_SPEC = re.compile(r"[^\s<>,;:\"()\[\]\\@]+@[^\s<>,;:\"()\[\]\\@]+")


def clean_address(value: str) -> str:
    """A bare address (``name@domain``) made safe for a header and an SMTP envelope; empty
    when ``value`` is not one address (never half-parsed into another one)."""
    value = header_text(value)
    return value if _ADDR_SPEC.fullmatch(value) else ""


def _mailbox(value: str) -> Address | str:
    """``Name <address>`` (the configured sender) or a bare address, cleaned. The name
    is everything before the last ``<``: a colon or comma in it stays part of the name."""
    value = header_text(value)
    name, _, address = value[:-1].rpartition("<") if value.endswith(">") else ("", "", value)
    name = name.strip().strip('"').strip()
    address = clean_address(address)
    if not address:
        return ""
    try:
        return Address(display_name=header_text(name), addr_spec=address)
    except (ValueError, IndexError, HeaderParseError):
        return address


def build_message(mail: Mail, sender: str) -> EmailMessage:
    """The complete message. Never fails on its text: headers are cleaned first, so a
    title with control characters still gives a sendable e-mail."""
    message = EmailMessage()
    message["From"] = _mailbox(sender)
    message["To"] = clean_address(mail.to)
    message["Subject"] = header_text(mail.subject)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip(">") or None)
    reply_to = clean_address(mail.reply_to or "")
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
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
    if mail.language:
        message["Content-Language"] = header_text(mail.language)
    return message


def send(mails: list[Mail]) -> None:
    """Send messages with the configured backend ("smtp" or "file")."""
    if not mails:
        return
    config = current_app.config
    messages = [build_message(mail, config["MAIL_DEFAULT_SENDER"]) for mail in mails]
    if config["MAIL_BACKEND"] == "smtp":
        _send_smtp(messages, config)
    else:
        _write_files(
            messages,
            Path(config.get("MAIL_FILE_DIR") or os.path.join(current_app.instance_path, "outbox")),
        )


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


def _send_smtp(messages: list[EmailMessage], config: Any) -> None:
    with open_smtp(config) as smtp:
        for message in messages:
            smtp.send_message(message)


def _write_files(messages: list[EmailMessage], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for message in messages:
        (folder / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))

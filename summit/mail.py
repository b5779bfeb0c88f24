"""Outgoing e-mail: SMTP in production, .eml files in the instance folder in development.

Callers build messages inside the request and send them only after the database commit,
so a rolled-back change never e-mails anyone.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from dataclasses import field
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


def build_message(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip(">") or None)
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
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
        message["Content-Language"] = mail.language
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

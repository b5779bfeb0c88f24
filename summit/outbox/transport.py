"""Handing one built message to the mail server (or to a .eml file in development).

Only the worker calls this: a request never waits for SMTP. Each worker thread keeps its
SMTP connection open between messages (a burst of sign-ups is one connection, not one per
mail) and drops it after an error or a short idle time.
"""

from __future__ import annotations

import os
import re
import smtplib
import threading
import time
import uuid
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from flask import current_app

from summit.mail import open_smtp
from summit.outbox.signing import SigningError
from summit.outbox.signing import sign

# An idle connection older than this is closed rather than reused: servers drop idle
# clients after a while, and a dropped one costs a failed attempt to find out.
IDLE_SECONDS = 20.0


class TransientError(Exception):
    """Try again later: the server is down, slow, or answered 4xx."""


class PermanentError(Exception):
    """The server refused this message for good (5xx): retrying cannot help.
    ``address_refused``: the refusal is about the recipient's address (unknown mailbox),
    not the content or our sender, so the address bounces."""

    def __init__(self, message: str, *, address_refused: bool = False) -> None:
        super().__init__(message)
        self.address_refused = address_refused


@dataclass
class _Connection:
    smtp: smtplib.SMTP
    key: tuple[Any, ...]
    used_at: float


_local = threading.local()
_BARE_LF = re.compile(rb"\r?\n")


def _config_key(config: Any) -> tuple[Any, ...]:
    return tuple(
        config[name]
        for name in (
            "MAIL_SERVER",
            "MAIL_PORT",
            "MAIL_USE_SSL",
            "MAIL_USE_TLS",
            "MAIL_USERNAME",
            "MAIL_TIMEOUT",
        )
    )


def _quietly_close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.close()
    except OSError:
        pass


def close_connection() -> None:
    """Close this thread's SMTP connection, if any (end of a batch, worker shutdown)."""
    connection: _Connection | None = getattr(_local, "connection", None)
    _local.connection = None
    if connection is not None:
        try:
            connection.smtp.quit()
        except (OSError, smtplib.SMTPException):
            _quietly_close(connection.smtp)


def _connection(config: Any) -> tuple[smtplib.SMTP, bool]:
    """This thread's connection, and whether it is a reused one."""
    key = _config_key(config)
    connection: _Connection | None = getattr(_local, "connection", None)
    now = time.monotonic()
    if connection is not None and (
        connection.key != key or now - connection.used_at > IDLE_SECONDS
    ):
        close_connection()
        connection = None
    if connection is not None:
        connection.used_at = now
        return connection.smtp, True
    _local.connection = _Connection(open_smtp(config), key, now)
    return _local.connection.smtp, False


def _permanent(code: int) -> bool:
    return 500 <= code < 600


# RFC 3463: 5.1.x is a bad destination address, 5.2.x a mailbox that cannot take mail.
_ADDRESS_STATUS = re.compile(r"^5\.[12]\.\d{1,3}\b")
_ANY_STATUS = re.compile(r"^\d\.\d{1,3}\.\d{1,3}\b")


def _about_the_address(error: smtplib.SMTPResponseException) -> bool:
    """A 5xx after the data that names the mailbox (RFC 3463 5.1.x/5.2.x, or a bare
    550/551/553 from a server without enhanced codes). A refused sender is our fault."""
    if isinstance(error, smtplib.SMTPSenderRefused):
        return False
    text = _text(error.smtp_error).strip()
    if _ADDRESS_STATUS.match(text):
        return True
    return not _ANY_STATUS.match(text) and error.smtp_code in (550, 551, 553)


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _smtp_send(config: Any, sender: str, recipient: str, body: bytes) -> None:
    for _ in range(2):
        smtp, reused = _connection(config)
        try:
            smtp.sendmail(sender, [recipient], body)
            return
        except smtplib.SMTPServerDisconnected:
            close_connection()
            if not reused:  # a fresh connection dropped: the server is in trouble
                raise
            # A reused connection the server had closed: once more on a new one.
        except BaseException:
            close_connection()
            raise


def send_raw(recipient: str, body: bytes) -> None:
    """Send one complete RFC 5322 message to ``recipient``.

    :raises PermanentError: a 5xx answer to this message (sender, recipient or content).
    :raises TransientError: anything else (refused connection, timeout, 4xx, drop).
    """
    config = current_app.config
    if config["MAIL_BACKEND"] != "smtp":
        folder = Path(
            config.get("MAIL_FILE_DIR") or os.path.join(current_app.instance_path, "outbox")
        )
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{uuid.uuid4().hex}.eml").write_bytes(body)
        return
    sender = parseaddr(config["MAIL_DEFAULT_SENDER"])[1]
    # SMTP wants CRLF line ends; stored messages may have bare LF (bytes(EmailMessage)).
    body = _BARE_LF.sub(b"\r\n", body)
    try:
        body = sign(body, config)
    except SigningError as error:
        # The installation's fault, not the message's: it leaves once the key is fixed.
        raise TransientError(str(error)) from error
    try:
        _smtp_send(config, sender, recipient, body)
    except smtplib.SMTPAuthenticationError as error:
        # Wrong credentials are the installation's fault, not the message's: keep it
        # queued so it leaves once the administrator fixes the settings.
        raise TransientError(_describe(error)) from error
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _message in error.recipients.values()]
        if codes and all(map(_permanent, codes)):
            raise PermanentError(_describe(error), address_refused=True) from error
        raise TransientError(_describe(error)) from error
    except smtplib.SMTPResponseException as error:
        if _permanent(error.smtp_code):
            raise PermanentError(
                _describe(error), address_refused=_about_the_address(error)
            ) from error
        raise TransientError(_describe(error)) from error
    except (OSError, smtplib.SMTPException) as error:
        raise TransientError(_describe(error)) from error

"""Secrets a personal file is made from, kept only where their holder can open them.

A ticket's QR code holds a check-in code derived from the attendee's private token, which
the database keeps only as a hash. The worker cannot derive it, so the request that
asks for the file hands it over *sealed* with the app's key (``SECRET_KEY``), and the
worker drops it when the request closes. The PDF it renders prints the code, so it is
stored encrypted with a key derived from the code itself: a copy of the database, even
with the app's key, reads no ticket once rendered, and only a request that holds the
token (which gives the code) opens it.

Fernet (``cryptography``): authenticated encryption (AES-CBC and HMAC-SHA256) with
versioned tokens, a well-kept recipe rather than hand-made cipher code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken


class SealBroken(Exception):
    """What was sealed cannot be opened with this key (another key, or altered)."""


def _fernet(key_material: str, purpose: bytes) -> Fernet:
    # A key per purpose, derived by HMAC-SHA256: the app's key is never used as is, and a
    # file key is never the key of another purpose.
    derived = hmac.new(key_material.encode(), purpose, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def seal_secret(secret: str, *, app_key: str) -> bytes:
    """``secret`` for the worker: only a process holding the app's key opens it."""
    return _fernet(app_key, b"summit rendering secret").encrypt(secret.encode())


def open_secret(sealed: bytes, *, app_key: str) -> str:
    """:raises SealBroken: sealed with another key, or altered."""
    try:
        return _fernet(app_key, b"summit rendering secret").decrypt(sealed).decode()
    except InvalidToken as error:
        raise SealBroken("the rendering's secret does not open with this key") from error


def seal_file(content: bytes, *, secret: str) -> bytes:
    """A file only its holder opens: the key is derived from their ``secret``."""
    return _fernet(secret, b"summit personal file").encrypt(content)


def open_file(sealed: bytes, *, secret: str) -> bytes:
    """:raises SealBroken: another holder's file, or altered."""
    try:
        return _fernet(secret, b"summit personal file").decrypt(sealed)
    except InvalidToken as error:
        raise SealBroken("the file does not open with this secret") from error

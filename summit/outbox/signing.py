"""DKIM signatures on outgoing mail (dkimpy), when the installation has a key.

Signed at send time, just before SMTP, so the stored message stays what was queued and
a key change applies to everything still waiting. The public key goes in DNS as
``<selector>._domainkey.<domain>`` (README, "Running for real").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import dkim

# Beside dkimpy's defaults: the headers a receiver shows or acts on. RFC 8058 asks that
# List-Unsubscribe and List-Unsubscribe-Post be covered by the signature.
EXTRA_HEADERS = (b"list-unsubscribe-post", b"auto-submitted", b"content-language")


class SigningError(Exception):
    """DKIM is configured but cannot sign (no key file, unreadable key)."""


def dkim_settings(config: Any) -> tuple[str, str, str] | None:
    """(selector, domain, key file) when all three are set, else None (no signing)."""
    values = (config.get("DKIM_SELECTOR"), config.get("DKIM_DOMAIN"), config.get("DKIM_KEY_FILE"))
    return (str(values[0]), str(values[1]), str(values[2])) if all(values) else None


@lru_cache(maxsize=4)
def _key(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


def sign(body: bytes, config: Any) -> bytes:
    """``body`` (CRLF line ends) with a ``DKIM-Signature`` header in front, or unchanged
    when DKIM is not configured.

    :raises SigningError: configured, but the key cannot be read or used.
    """
    settings = dkim_settings(config)
    if settings is None:
        return body
    selector, domain, key_file = settings
    try:
        key = _key(key_file, Path(key_file).stat().st_mtime)
    except OSError as error:
        raise SigningError(f"DKIM key file {key_file}: {error.strerror or error}") from error
    headers = [name.lower() for name, _colon, _rest in _header_names(body)]
    include = [h for h in (*dkim.DKIM.SHOULD, *EXTRA_HEADERS) if h in headers]
    try:
        signature = dkim.sign(
            body,
            selector.encode(),
            domain.encode(),
            key,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=include,
        )
    except dkim.DKIMException as error:
        raise SigningError(f"DKIM signing failed: {error}") from error
    return bytes(signature) + body


def _header_names(body: bytes) -> list[tuple[bytes, bytes, bytes]]:
    head = body.split(b"\r\n\r\n", 1)[0]
    return [line.partition(b":") for line in head.split(b"\r\n") if line and not line[:1].isspace()]

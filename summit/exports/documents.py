"""What the background worker knows how to render: one :class:`Document` per family of
stored files (``program``, ``speaker``, ``ticket``...), registered by the feature that
owns it, so :mod:`summit.exports.renderings` renders any of them without importing it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from summit.events.models import Event


@dataclass(frozen=True)
class Document:
    """How the worker makes one family of stored files (kinds starting with its name).

    :param version: the current version of a kind of the event, None when it is no
        longer wanted (its person is gone): such a request is closed without rendering.
    :param html: the print HTML of a kind of the event, at the current version.
    :param fetcher: what the child may load (``data``: inline data only, for personal files).
    :param ask_again: a request for a superseded version is asked again at the current one
        (programs, which every visitor reads); a personal file is asked when its holder asks.
    :param sealed: made from a secret only its holder's request knows (a ticket's check-in
        code): the request hands it over sealed, ``html`` receives it opened, and the file
        is stored encrypted with a key derived from it (:mod:`summit.exports.sealing`).
    """

    version: Callable[[int, str], str | None]
    # (event, kind, secret): the secret is None unless the document is sealed.
    html: Callable[[Event, str, str | None], str]
    fetcher: str = "static"
    ask_again: bool = False
    sealed: bool = False


_DOCUMENTS: dict[str, Document] = {}


def register_document(family: str, document: Document) -> None:
    _DOCUMENTS[family] = document


def kind_family(kind: str) -> str:
    """``program`` for ``program.ar.pdf``, ``speaker`` for ``speaker-12.pdf``."""
    return re.split(r"[.-]", kind, maxsplit=1)[0]


def document_for(kind: str) -> Document | None:
    return _DOCUMENTS.get(kind_family(kind))

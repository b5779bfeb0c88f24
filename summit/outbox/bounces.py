"""Addresses that bounce: a permanent refusal of the address (5xx) is told to whoever
keeps addresses (registration subscribes in ``create_app``; the outbox, lower, never
imports it), and later messages to a bouncing address are not attempted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from flask import current_app

BOUNCES = "summit.outbox.bounces"


@dataclass(frozen=True)
class BounceBook:
    """What a package that keeps addresses tells the outbox; each takes the event and
    the address as the outbox row has them."""

    # The server refused the address for good: remember it, with the server's answer.
    mark: Callable[[int, str, str, datetime], None]
    # When the address bounced and why, or None if it does not (any more).
    bouncing: Callable[[int, str], tuple[datetime, str] | None]
    # An organizer sends a failed message again: try the address once more.
    clear: Callable[[int, str], None]


def subscribe_bounces(app: Flask, book: BounceBook) -> None:
    books: list[BounceBook] = app.extensions.setdefault(BOUNCES, [])
    if book not in books:
        books.append(book)


def _books() -> list[BounceBook]:
    return list(current_app.extensions.get(BOUNCES, []))


def mark_bounce(event_id: int | None, address: str, reason: str, now: datetime) -> None:
    if event_id is not None:
        for book in _books():
            book.mark(event_id, address, reason, now)


def bounce_of(event_id: int | None, address: str) -> tuple[datetime, str] | None:
    if event_id is not None:
        for book in _books():
            found = book.bouncing(event_id, address)
            if found is not None:
                return found
    return None


def clear_bounce(event_id: int | None, address: str) -> None:
    if event_id is not None:
        for book in _books():
            book.clear(event_id, address)

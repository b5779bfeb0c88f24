"""Web addresses proposed from an event's title when the organizer leaves the slug empty."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from sqlalchemy import select

from summit.events.models import Event
from summit.extensions import db

MAX_SLUG_LENGTH = 80
# Letters NFKD does not split into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def slug_from_title(title: str, start_date: date) -> str:
    """A valid slug from ``title``: accents dropped, other digits made ASCII, words joined
    by hyphens. A title with no Latin letters (Arabic, say) gives ``event-<its digits or start date>``."""
    text = unicodedata.normalize("NFKD", title.translate(_LIGATURES))
    # Arabic-Indic and other decimal digits become 0-9 so a year survives.
    text = "".join(
        str(unicodedata.decimal(char)) if unicodedata.decimal(char, None) is not None else char
        for char in text
    )
    words = re.findall(r"[a-z0-9]+", text.encode("ascii", "ignore").decode().lower())
    slug = "-".join(words)[: MAX_SLUG_LENGTH - 10].strip("-")
    if not re.search(r"[a-z]", slug):
        # Only digits or nothing left: still readable, and a valid slug.
        slug = f"event-{slug or start_date.isoformat()}"
    return slug


def unique_slug(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever no event uses yet."""
    taken = set(
        db.session.execute(
            select(Event.slug).where(Event.slug.startswith(base, autoescape=True))
        ).scalars()
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug

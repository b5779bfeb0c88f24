"""Organizer accounts: creation and password checks, independent of the web layer."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from summit.auth.models import Organizer
from summit.extensions import db

MIN_PASSWORD_LENGTH = 10


class AccountError(Exception):
    """An organizer account could not be created or changed; ``field`` names the form
    field the message belongs to, when there is one."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def normalize_email(email: str) -> str:
    """NFKC then lower case: one address, however it was typed, is one account."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email.strip()).lower())


def create_organizer(email: str, password: str, *, name: str = "", now: datetime) -> Organizer:
    """Create an organizer account.

    :raises AccountError: the password is too short or the e-mail is taken.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    organizer = Organizer(email=normalize_email(email), name=name.strip(), created_at=now)
    organizer.set_password(password)
    try:
        # Added inside the savepoint so a failed insert leaves nothing pending behind.
        with db.session.begin_nested():
            db.session.add(organizer)
            db.session.flush()
    except IntegrityError as error:
        raise AccountError(f"An organizer with the e-mail {organizer.email} exists.") from error
    return organizer


def find_organizer(email: str) -> Organizer | None:
    return db.session.execute(
        select(Organizer).where(Organizer.email == normalize_email(email))
    ).scalar_one_or_none()


def authenticate(email: str, password: str) -> Organizer | None:
    """The active organizer with these credentials, or None. Timing does not reveal
    whether the e-mail exists: a dummy hash is checked when it does not."""
    organizer = find_organizer(email)
    if organizer is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not organizer.active or not organizer.check_password(password):
        return None
    return organizer


def change_password(organizer: Organizer, current: str, new: str) -> None:
    """Set a new password and end every session of the account (the caller signs the
    current device in again).

    :raises AccountError: the current password is wrong, or the new one too short.
    """
    if not organizer.check_password(current):
        raise AccountError(_l("Your current password is not right. Type it again."), "current")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise AccountError(_l("Use at least 10 characters (and at most 200)."), "password")
    organizer.set_password(new)
    organizer.end_sessions()
    db.session.flush()


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no account has this password")

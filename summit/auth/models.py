from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask import has_app_context
from flask_login import UserMixin
from sqlalchemy import CheckConstraint
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from summit.extensions import db


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


if TYPE_CHECKING:
    from summit.events.models import EventOrganizer


class Organizer(UserMixin, db.Model):  # type: ignore[name-defined]
    """A person who signs in to set up events. E-mail is stored lower-cased."""

    __tablename__ = "organizers"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lowercase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    # Part of the id Flask-Login keeps in the session and the remember cookie: a new
    # value (sign-out, password change, "sign out everywhere") ends every session at once.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    memberships: Mapped[list[EventOrganizer]] = relationship(
        back_populates="organizer", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def end_sessions(self) -> None:
        """Every session and remember cookie of this account stops working."""
        self.session_token = new_session_token()

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

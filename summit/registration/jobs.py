"""The registration's periodic jobs: the retention erasures, nightly."""

from __future__ import annotations

import logging

from huey import crontab

from summit.db import utcnow
from summit.extensions import db
from summit.registration.privacy import erase_expired
from summit.registration.sensitive import erase_expired_sensitive_answers
from summit.tasks import app_context
from summit.tasks import huey

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="17", hour="3"))
def erase_expired_registrations() -> None:
    """The same as ``flask erase-expired-registrations``, run by the worker."""
    with app_context():
        erased = erase_expired(now=utcnow())
        db.session.commit()
        log.info("erased the personal data of %d registration(s)", erased)


@huey.periodic_task(crontab(minute="27", hour="3"))
def erase_expired_sensitive() -> None:
    """The same as ``flask erase-expired-sensitive-answers``: health, accessibility and diet
    answers go at their own, earlier date (each erasure is in the access log)."""
    with app_context():
        erased = erase_expired_sensitive_answers(utcnow())
        db.session.commit()
        log.info("erased the sensitive answers of %d registration(s)", sum(erased.values()))

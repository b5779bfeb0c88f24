"""The attendee's language: the one their e-mails, ticket, calendar and private page use.

Saved at sign-up from the page they registered on; changed from their private page. The
private page opens in it unless the visitor picked another one (``?lang=`` or the switcher,
:func:`summit.i18n.chose_explicitly`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask_babel import lazy_gettext as _l

from summit.registration.errors import RegistrationError
from summit.registration.models import Registration


def set_language(
    registration: Registration, language: str, *, offered: Sequence[str], now: datetime
) -> bool:
    """Save ``language`` as the attendee's; False when it already was.

    :raises RegistrationError: not one of the ``offered`` interface languages.
    """
    if language not in offered:
        raise RegistrationError(_l("Choose one of the languages in the list."), "language")
    if registration.language == language:
        return False
    registration.language, registration.updated_at = language, now
    return True

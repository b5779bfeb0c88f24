"""Route guards for the organizer area: sign-in, then membership of the event."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from typing import TypeVar

from flask import abort
from flask_login import current_user
from flask_login import login_required

from summit.events.services import managed_event
from summit.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


def event_manager(view: F) -> F:
    """Replace the ``event_id`` URL argument with the event, or answer 404 when the
    signed-in organizer does not manage it (so other events' ids reveal nothing)."""

    @wraps(view)
    @login_required
    def wrapper(*args: Any, event_id: int, **kwargs: Any) -> Any:
        event = managed_event(event_id, current_user)
        if event is None:
            abort(404)
        return view(*args, event=event, **kwargs)

    return wrapper  # type: ignore[return-value]


def child_or_404(model: type[Any], event: Any, child_id: int) -> Any:
    """A row of ``model`` that belongs to ``event``; another event's id is a 404."""
    child = db.session.get(model, child_id)
    if child is None or child.event_id != event.id:
        abort(404)
    return child

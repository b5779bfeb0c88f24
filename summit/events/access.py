"""Route guards for the organizer area: sign-in, membership of the event, then the one
permission the route declares (``@requires(Permission.X)``).

Anonymous visitors are sent to sign in; organizers outside the event's team get 404 (so
other events' ids reveal nothing); team members whose role lacks the permission get 403.
A test walks every ``/manage/`` rule and fails on a view without a declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from typing import TypeVar

from flask import Flask
from flask import abort
from flask import current_app
from flask import g
from flask_login import current_user
from flask_login import login_required

from summit.events.models import EventOrganizer
from summit.events.permissions import Permission
from summit.events.permissions import allows
from summit.events.permissions import sees_sensitive
from summit.events.services import membership_of
from summit.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


def requires(permission: Permission) -> Callable[[F], F]:
    """Declare the permission a ``/manage/`` view needs. Event routes get the event in
    place of their ``event_id`` argument, and ``g.membership`` for the signed-in member."""

    def decorate(view: F) -> F:
        if permission is Permission.SIGNED_IN:
            wrapper = login_required(view)
        else:

            @wraps(view)
            @login_required
            def wrapper(*args: Any, event_id: int, **kwargs: Any) -> Any:
                membership = membership_of(event_id, current_user)
                if membership is None:
                    abort(404)
                if not allows(membership, permission):
                    abort(403)
                g.membership = membership
                return view(*args, event=membership.event, **kwargs)

        wrapper.required_permission = permission
        return wrapper

    return decorate


def current_membership() -> EventOrganizer:
    """The signed-in member of the event being managed (set by :func:`requires`)."""
    membership: EventOrganizer = g.membership
    return membership


def may_see_sensitive() -> bool:
    return sees_sensitive(g.get("membership"))


def can_open(endpoint: str) -> bool:
    """Whether the current member's role opens ``endpoint`` (for navigation links)."""
    membership = g.get("membership")
    view = current_app.view_functions.get(endpoint)
    permission = getattr(view, "required_permission", None)
    if membership is None or permission is None:
        return False
    return permission is Permission.SIGNED_IN or allows(membership, permission)


def _forget_membership() -> None:
    # Tests (and CLI code) can run several requests in one app context, where ``g``
    # lives; a member must never be carried over to the next request.
    g.pop("membership", None)


def register(app: Flask) -> None:
    app.jinja_env.globals["can_open"] = can_open
    app.before_request(_forget_membership)


def child_or_404(model: type[Any], event: Any, child_id: int) -> Any:
    """A row of ``model`` that belongs to ``event``; another event's id is a 404."""
    child = db.session.get(model, child_id)
    if child is None or child.event_id != event.id:
        abort(404)
    return child

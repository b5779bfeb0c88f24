"""Ask before a destructive action, saying what will happen.

A route decorated with :func:`asks` answers its first POST with a confirmation: a page
that posts the same fields again with ``confirmed=yes`` (no JavaScript needed), or, to
the manage script, the same text as JSON for a dialog. Only the second POST runs the view.
The text comes from an *impact* function that reads and never writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from functools import wraps
from typing import Any
from typing import TypeVar

from flask import jsonify
from flask import render_template
from flask import request
from flask.typing import ResponseReturnValue

F = TypeVar("F", bound=Callable[..., Any])
CONFIRMED = "confirmed"
# Sent by static/confirm-dialog.js: answer whether to ask, never run the action.
ASK_ONLY = "X-Summit-Ask"


@dataclass(frozen=True)
class Consequence:
    text: str
    url: str = ""  # where to fix or see it, when there is such a page


@dataclass(frozen=True)
class Ask:
    """What the organizer is about to do and what it will change."""

    title: str
    button: str
    cancel_url: str
    consequences: list[Consequence] = field(default_factory=list)
    irreversible: bool = False


def is_confirmed() -> bool:
    return request.form.get(CONFIRMED) == "yes"


def asks(impact: Callable[..., Ask | None]) -> Callable[[F], F]:
    """Put a confirmation before the view; ``impact`` gets the view's arguments and returns
    the :class:`Ask`, or None when this request needs no confirmation."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if request.method == "POST" and not is_confirmed():
                question = impact(*args, **kwargs)
                if question is not None:
                    return confirmation(question, kwargs.get("event"))
                if request.headers.get(ASK_ONLY):  # the script asks first, acts after
                    return jsonify(ask=None)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def confirmation(question: Ask, event: Any) -> ResponseReturnValue:
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ask=asdict(question))
    # Everything posted goes back with the answer, so forms with fields work too.
    fields = [
        (k, v) for k, v in request.form.items(multi=True) if k not in ("csrf_token", CONFIRMED)
    ]
    return render_template(
        "confirm.html",
        ask=question,
        event=event,
        fields=fields,
        action=request.full_path.rstrip("?"),
    )

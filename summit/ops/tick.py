"""What a background worker does for production on each beat: say it is alive, ask for the
programs that changed, and render what is waiting.

The worker's scheduler (Huey, in :mod:`summit.outbox.jobs`) calls :func:`tick` every
minute and :func:`render_waiting` as soon as a visitor asks for a program; tests call
them directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from summit.exports.models import RenderingStatus
from summit.exports.renderings import render_next
from summit.exports.renderings import request_stale_programs
from summit.extensions import db
from summit.ops.heartbeat import beat

# One tick renders for at most this long, so heartbeats and mail are not held up behind
# a queue of programs (the next tick, or another worker, takes the rest).
RENDER_BUDGET_SECONDS = 120


@dataclass(frozen=True)
class TickResult:
    asked: int
    rendered: int


def render_waiting(
    *, worker: str, clock: Callable[[], datetime], budget: float = RENDER_BUDGET_SECONDS
) -> int:
    """Render waiting files until none is left or ``budget`` seconds have passed; commits.

    :returns: how many were rendered (superseded requests are closed, not counted).
    """
    rendered = 0
    started = time.monotonic()
    while time.monotonic() - started < budget:
        handled = render_next(worker=worker, now=clock())
        if handled is None:
            break
        if handled.status is RenderingStatus.DONE and handled.pages:
            rendered += 1
    return rendered


def tick(*, worker: str, clock: Callable[[], datetime]) -> TickResult:
    """Beat, ask for changed programs, render; commits."""
    now = clock()
    beat(worker, now=now)
    asked = request_stale_programs(now=now)
    db.session.commit()
    return TickResult(asked, render_waiting(worker=worker, clock=clock))

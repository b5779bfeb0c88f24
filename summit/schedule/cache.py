"""Per-process cache of rendered public schedule fragments.

A fragment is keyed by the event's one revision (raised by every write service in the
same transaction as the change, see :mod:`summit.events.revision`), the locale and the
page's filters. The revision comes with the event row the view loaded anyway, so a hit
costs no query, and every app server sees a change at its next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from collections.abc import Hashable

from flask import current_app
from markupsafe import Markup

from summit.events.models import Event

MAX_FRAGMENTS = 32
_lock = threading.Lock()  # threaded servers share one process's cache


def cached_fragment(event: Event, key: Hashable, render: Callable[[], str]) -> Markup:
    """The HTML ``render`` returns, reused while the event's revision is unchanged."""
    if not current_app.config.get("SCHEDULE_FRAGMENT_CACHE", True):
        return Markup(render())
    full_key = (event.id, event.revision, key)
    fragments: OrderedDict[Hashable, Markup] = current_app.extensions.setdefault(
        "schedule_fragments", OrderedDict()
    )
    with _lock:
        found = fragments.get(full_key)
        if found is not None:
            fragments.move_to_end(full_key)
            return found
    html = Markup(render())
    with _lock:
        fragments[full_key] = html
        while len(fragments) > MAX_FRAGMENTS:
            fragments.popitem(last=False)
    return html

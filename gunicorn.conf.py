"""gunicorn settings read from the working directory (``gunicorn wsgi:app``) and by bench/."""

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    # The app's import-time objects never die: moving them out of the collector's sight
    # takes full collections from ~100 ms to a few ms (bench/agenda.py p95).
    gc.collect()
    gc.freeze()

"""gunicorn settings read from the working directory (``gunicorn wsgi:app``) and by bench/."""

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    # The app's import-time objects never die: moving them out of the collector's sight
    # takes full collections from ~100 ms to a few ms (bench/agenda.py p95).
    gc.collect()
    gc.freeze()


def _masking_logger_class() -> type:
    """gunicorn's logger with private tokens masked in access-log lines
    (``/events/s/my/<token>/`` is logged as ``/events/s/my/***/``)."""
    from gunicorn.glogging import Logger

    from summit.security import gunicorn_access_atoms

    class MaskingLogger(Logger):
        def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
            return gunicorn_access_atoms(super().atoms(resp, req, environ, request_time))

    return MaskingLogger


logger_class = _masking_logger_class()

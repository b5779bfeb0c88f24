"""gunicorn settings read from the working directory (``gunicorn wsgi:app``) and by bench/.

Workers: ``WEB_CONCURRENCY`` (gunicorn reads it; the systemd unit's environment sets it).
"""

import gc
import os
import shutil
from typing import Any

# A request still running when the server is told to stop (a rolling restart) may finish.
graceful_timeout = 30
# Programs are rendered by the worker, so no request should come near this.
timeout = 30
# The app logs one JSON line per request (summit.ops.logs); gunicorn's own access log is off.
accesslog = None
errorlog = "-"


def on_starting(server: Any) -> None:
    # Counters of a previous run would be added to this one's (prometheus multiprocess).
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def post_worker_init(worker: Any) -> None:
    # The app's import-time objects never die: moving them out of the collector's sight
    # takes full collections from ~100 ms to a few ms (bench/agenda.py p95).
    gc.collect()
    gc.freeze()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


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

"""Helpers of the topology tests: who served a request, waiting for mail, Redis."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from tests.smtp_sink import SmtpSink

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "deploy"))

from topology import Topology  # noqa: E402  (deploy/topology.py)
from topology import postgres_bin  # noqa: E402

__all__ = ["Topology", "flush_rate_limits", "postgres_bin", "served_by", "wait_for_mail"]


def served_by(topology: Topology, request_id: str) -> str:
    """Which app server handled the request, from its JSON request log."""
    for _ in range(50):
        for index in range(topology.app_servers):
            log = topology.folder / "logs" / f"web{index}.log"
            for line in log.read_text().splitlines():
                if request_id in line and line.startswith("{"):
                    if json.loads(line).get("request_id") == request_id:
                        return f"web{index}"
        time.sleep(0.05)
    raise AssertionError(f"no app server logged request {request_id}")


def wait_for_mail(
    smtp: SmtpSink, matches: Callable[[EmailMessage], bool], timeout: float = 30
) -> EmailMessage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(smtp.messages):
            if matches(message):
                return message
        time.sleep(0.1)
    raise AssertionError("the e-mail did not arrive")


def flush_rate_limits(topology: Topology) -> None:
    import redis

    redis.Redis.from_url(topology.describe()["SUMMIT_TOPOLOGY_REDIS_URL"]).flushdb()

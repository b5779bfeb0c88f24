"""PDFs rendered in a short-lived child process, so no long-lived process keeps
WeasyPrint's memory: the child reads HTML on stdin, writes the PDF on stdout and reports
its page count and peak RSS on stderr, then exits and gives every page back.

``python -m summit.exports.pdf_child [static|data]`` is the child; :func:`render_pdf`
is what everything else calls (the worker for programs, the CLI, tickets).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

# A 200-page program takes ~15 s; a stuck child must not hold a worker for ever.
TIMEOUT_SECONDS = 300


class RenderFailed(Exception):
    """The child exited with an error or ran out of time."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int
    seconds: float
    peak_rss_kib: int


def render_pdf(
    html: str, *, fetcher: str = "static", timeout: float = TIMEOUT_SECONDS
) -> RenderedPdf:
    """Render ``html`` in a fresh child process.

    :param fetcher: ``static`` (our static files and data URIs) or ``data`` (data only).
    :raises RenderFailed: when the child fails or exceeds ``timeout`` seconds.
    """
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "summit.exports.pdf_child", fetcher],
            input=html.encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise RenderFailed(f"rendering took more than {timeout:.0f} s") from error
    lines = done.stderr.decode(errors="replace").strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RenderFailed("\n".join(lines[-5:]) or f"child exited with {done.returncode}")
    stats = json.loads(lines[-1])
    return RenderedPdf(
        done.stdout, int(stats["pages"]), time.perf_counter() - started, int(stats["rss_kib"])
    )


def main() -> None:
    from summit.exports.pdf import write_pdf

    kind = sys.argv[1] if len(sys.argv) > 1 else "static"
    pdf = write_pdf(sys.stdin.buffer.read().decode(), kind)
    sys.stdout.buffer.write(pdf.content)
    sys.stdout.flush()
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"pages": pdf.pages, "rss_kib": rss_kib}), file=sys.stderr)


if __name__ == "__main__":
    main()

"""The program PDF of the 240-session event: cold render, pages/s, the floor, memory.

Builds bench/agenda.py's event (240 sessions, 400 speakers with bios, 6 rooms, 3 days) in
a temporary SQLite database, renders the program as the worker does — HTML here, PDF in a
child process (summit.exports.pdf_child) — and the same HTML with a minimal stylesheet
(the floor: what WeasyPrint needs for this content whatever our CSS). Prints times,
pages per second, the ratio to the floor, the child's peak RSS and this process's RSS
before and after (it must not keep WeasyPrint's peak).

    .venv/bin/python -m bench.program [--repeat 3]

Targets (issue 17): real program within 1.5x of the floor; no long-lived process keeps
the rendering's memory.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from pathlib import Path

FLOOR_CSS = '<style>@page { size: A4; margin: 20mm } html { font-family: "DejaVu Sans" }</style>'
TARGET_RATIO = 1.5


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from bench.agenda import build_database
    from summit import create_app
    from summit.events.models import Event
    from summit.exports.pdf_child import render_pdf
    from summit.exports.renderings import program_html
    from summit.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="summit-program-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    event_id, _slug, _moved, _room = build_database(url)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "REQUEST_LOG": False,
            "SUMMIT_BASE_URL": "https://summit.example.org",
        }
    )
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event is not None
        html = program_html(event)
        db.session.remove()
    floor_html = re.sub(r'<link rel="stylesheet" href="[^"]*program\.css">', FLOOR_CSS, html)
    assert floor_html != html, "the program's stylesheet link was not found"
    print(f"program HTML {len(html) / 1024:.0f} KiB; this process {rss_mb():.0f} MB before")

    results = {}
    for name, source in (("program", html), ("floor", floor_html)):
        runs = [render_pdf(source) for _ in range(args.repeat)]
        seconds = statistics.median(r.seconds for r in runs)
        pages = runs[0].pages
        results[name] = seconds
        print(
            f"{name:<8} {pages} pages, cold render (child start + WeasyPrint) median "
            f"{seconds:.1f} s (fastest {min(r.seconds for r in runs):.1f} s), "
            f"{pages / seconds:.1f} pages/s, child peak RSS "
            f"{max(r.peak_rss_kib for r in runs) / 1024:.0f} MB",
            flush=True,
        )
    ratio = results["program"] / results["floor"]
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(f"program / floor = {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})")
    print(f"this process {rss_mb():.0f} MB after (WeasyPrint never loaded here)")


if __name__ == "__main__":
    main()

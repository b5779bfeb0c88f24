"""Every benchmark of issue 17 in one command, each printing its own figures.

    .venv/bin/python -m bench.all

Runs bench/scale.py (24/240/2,400 sessions), bench/program.py (the program PDF against
its floor), bench/topology.py (sign-ups and agenda through nginx, PostgreSQL fsync on).
The machine is shared: each script also prints its fastest runs.
"""

from __future__ import annotations

import subprocess
import sys

STEPS = [
    ("render times at 24 / 240 / 2,400 sessions", ["bench.scale"]),
    ("program PDF", ["bench.program"]),
    ("production topology under load", ["bench.topology"]),
]


def main() -> int:
    failed = 0
    for title, module in STEPS:
        print(f"== {title}", flush=True)
        failed |= subprocess.run([sys.executable, "-m", *module]).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())

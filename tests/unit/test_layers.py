"""Packages import downwards only: a lower package never imports a higher one to tell it
something changed (higher ones subscribe in ``create_app`` instead, see
``summit.schedule.notices.subscribe_audience``).

Views (``views.py``, ``manage*.py``) compose the services of several features and may
call a higher package's service, as the event form calls the schedule's date change;
every other module keeps to its layer. The schedule never imports registration at all.
"""

from __future__ import annotations

import ast
from pathlib import Path

SUMMIT = Path(__file__).resolve().parents[2] / "summit"
# Lowest first; packages on one line may import each other.
LAYERS = [
    {"auth", "events"},
    {"outbox"},
    {"schedule"},
    {"exports"},
    {"registration", "speaker_portal"},
    {"demo"},
]
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "summit" and len(parts) > 1:
                found.add(parts[1])
    return found


def _is_view(path: Path) -> bool:
    return path.stem == "views" or path.stem.startswith("manage")


def test_no_service_model_or_builder_imports_a_higher_package() -> None:
    upward = []
    for package, rank in RANK.items():
        for path in (SUMMIT / package).rglob("*.py"):
            if _is_view(path):
                continue
            for target in _imports(path):
                if RANK.get(target, -1) > rank:
                    upward.append(f"{path.relative_to(SUMMIT)} imports summit.{target}")
    assert upward == []


def test_the_schedule_never_imports_registration() -> None:
    offenders = [
        str(path.relative_to(SUMMIT))
        for path in (SUMMIT / "schedule").rglob("*.py")
        if "registration" in _imports(path)
    ]
    assert offenders == []

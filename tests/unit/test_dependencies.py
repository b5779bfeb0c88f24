"""Every library the application imports is a runtime dependency, not only a test one:
the demo installs without the test extra."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_level_modules() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "summit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"summit", "__future__"}


def test_every_imported_library_is_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        _normalized(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0])
        for requirement in project["dependencies"]
    }
    owners = packages_distributions()
    missing = {
        module: owners.get(module, ["?"])
        for module in _imported_top_level_modules()
        if not declared & {_normalized(d) for d in owners.get(module, [])}
    }
    assert missing == {}, f"add these to [project] dependencies: {missing}"

"""No web process renders a PDF: only the worker (through the renderings registry) and
the command line reach the WeasyPrint child. A route that needs a PDF registers a
document (``summit.exports.documents.register_document``) and serves what was stored."""

from __future__ import annotations

import ast
from pathlib import Path

SUMMIT = Path(__file__).resolve().parents[2] / "summit"
RENDERERS = {"render_pdf", "render_program_pdf"}
# Where rendering may start: the worker's loop, the module that defines the program
# builder, and the ``flask export-program`` command (a shell, not a request).
ALLOWED = {"exports/renderings.py", "exports/program.py", "exports/commands.py"}


def _reaches_a_renderer(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and any(a.name in RENDERERS for a in node.names):
            return True
        if isinstance(node, ast.Attribute) and node.attr in RENDERERS:
            return True
    return False


def test_only_the_worker_and_the_command_line_reach_the_pdf_renderer() -> None:
    reaching = {
        str(path.relative_to(SUMMIT))
        for path in SUMMIT.rglob("*.py")
        if path.name != "pdf_child.py" and _reaches_a_renderer(path)
    }
    assert reaching <= ALLOWED, sorted(reaching - ALLOWED)
    assert "exports/renderings.py" in reaching  # the check sees an import when there is one

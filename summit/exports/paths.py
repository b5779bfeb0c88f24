"""Where the files exports may read live; a module of its own so the rendering child
imports it without loading Flask or the models."""

from __future__ import annotations

from pathlib import Path

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"

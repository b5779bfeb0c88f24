"""Every organizer page names itself in its title (WCAG 2.4.2), not only in its heading.

The browser audit checks the titles of the page states it visits; this catches a new
``/manage/`` page before anyone adds it there: the layout's default title is the
overview's, so a page that does not set ``page_title`` would be announced as "Overview".
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "summit" / "templates"
LAYOUT = '{% extends "manage/_layout.html" %}'
OVERVIEW = TEMPLATES / "manage" / "event_overview.html"  # the default title is its own


def test_every_page_in_the_manage_layout_sets_its_title() -> None:
    pages = [p for p in TEMPLATES.rglob("*.html") if LAYOUT in p.read_text(encoding="utf-8")]
    assert len(pages) > 20  # the glob found the organizer pages
    untitled = [
        str(p.relative_to(TEMPLATES))
        for p in pages
        if p != OVERVIEW and "{% block page_title %}" not in p.read_text(encoding="utf-8")
    ]
    assert untitled == []
    # Replacing the whole title would drop the event's name and "Manage" from it.
    replaced = [
        str(p.relative_to(TEMPLATES))
        for p in pages
        if "{% block title %}" in p.read_text(encoding="utf-8")
        and "super()" not in p.read_text(encoding="utf-8")
    ]
    assert replaced == []

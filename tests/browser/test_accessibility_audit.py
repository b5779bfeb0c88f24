"""WCAG 2.2 AA on every page state, in every interface language, at 320 and 1280 px.

One server and one signed-in browser context per language serve the whole audit; each
state is entered once per language and checked at both widths by resizing the same page.
axe-core finds what rules can; the rest is measured here: sideways scrolling at 320 px,
a distinct title naming the page, the focus ring's contrast on every background.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from summit.config import DEFAULTS
from tests.browser.audit import add_axe
from tests.browser.audit import axe_violations
from tests.browser.audit import sideways_overflow
from tests.browser.audit import weak_focus_rings
from tests.browser.conftest import LiveServer
from tests.browser.conftest import browser_app
from tests.browser.page_states import STATES
from tests.browser.page_states import World
from tests.browser.page_states import build_world
from tests.browser.page_states import sign_in

# Every interface language the installation offers: a new catalog joins the audit by itself.
LANGUAGES = list(DEFAULTS["SUMMIT_LANGUAGES"])
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def audit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with browser_app(tmp_path_factory.mktemp("audit")) as app, LiveServer(app) as server:
        yield server


@pytest.fixture(scope="module")
def world(audit_server: LiveServer) -> World:
    return build_world(audit_server)


@pytest.fixture(scope="module")
def pages(
    browser: Any, audit_server: LiveServer, world: World
) -> Iterator[dict[tuple[str, bool], Any]]:
    """A visitor's and a signed-in organizer's page per interface language, the language
    picked by its cookie."""
    contexts, pages = [], {}
    host = audit_server.url.split("//")[1].split(":")[0]
    for language in LANGUAGES:
        for signed_in in (False, True):
            context = browser.new_context(base_url=audit_server.url, viewport=WIDE)
            cookie = {"name": "summit_lang", "value": language, "domain": host, "path": "/"}
            context.add_cookies([cookie])
            add_axe(context)
            page = context.new_page()
            page.set_default_timeout(10_000)
            if signed_in:
                sign_in(page)
            contexts.append(context)
            pages[language, signed_in] = page
    yield pages
    for context in contexts:
        context.close()


def audit_state(page: Any, world: World, state: Any) -> tuple[list[str], str]:
    page.set_viewport_size(WIDE)
    state.enter(page, world)
    problems = [f"1280px axe {line}" for line in axe_violations(page)]
    page.set_viewport_size(NARROW)
    problems += [f"320px axe {line}" for line in axe_violations(page)]
    problems += [f"320px scrolls sideways: {line}" for line in sideways_overflow(page)]
    title = page.title()
    heading = " ".join(page.locator("h1").first.inner_text().split())
    if heading.casefold() not in title.casefold():
        problems.append(f"title {title!r} does not name the page's heading {heading!r}")
    return problems, title


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_state_passes_axe_reflows_at_320px_and_has_its_own_title(
    pages: dict[tuple[str, bool], Any], world: World, language: str
) -> None:
    report: list[str] = []
    titles: dict[str, str] = {}
    for state in STATES:
        page = pages[language, state.signed_in]
        problems, title = audit_state(page, world, state)
        report += [f"{state.name}: {problem}" for problem in problems]
        # A search result is the same page as the blank search: compare pages by path.
        path = urlsplit(page.url).path
        if titles.setdefault(title, path) != path:
            report.append(f"{state.name}: same title as {titles[title]}: {title!r}")
    assert not report, "\n".join([f"{len(report)} accessibility problems ({language}):"] + report)


def test_the_focus_ring_keeps_3_to_1_against_every_background_it_is_drawn_on(
    pages: dict[tuple[str, bool], Any], world: World
) -> None:
    report: list[str] = []
    for width in (WIDE, NARROW):
        for state in STATES:
            page = pages["en", state.signed_in]
            page.set_viewport_size(width)
            state.enter(page, world)
            # A Tab first (a click may have entered the state), so that the focus moves
            # below count as keyboard focus and show the :focus-visible ring.
            page.keyboard.press("Tab")
            report += [
                f"{width['width']}px {state.name}: {line}" for line in weak_focus_rings(page)
            ]
    assert not report, "\n".join(sorted(set(report)))

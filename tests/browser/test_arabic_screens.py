"""The demo's agenda and registration form in Arabic, in Chromium at phone and desktop widths:
right to left, nothing wider than the screen, the form's labels on the right. Screenshots go
to $SUMMIT_SCREENSHOTS when set (to look at them), else to the test's temporary folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from summit.demo.content_translations import DEMO_TRANSLATIONS
from summit.demo.seed import DEMO_SLUG
from summit.demo.seed import seed_demo
from summit.extensions import db
from tests.browser.conftest import LiveServer
from tests.factories import NOW


@pytest.fixture
def arabic_demo(page: Any, live_server: LiveServer) -> str:
    with live_server.app.app_context():
        seed_demo(now=NOW)
        db.session.commit()
        db.session.remove()
    page.context.add_cookies([{"name": "summit_lang", "value": "ar", "url": live_server.url}])
    return f"/events/{DEMO_SLUG}"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("view", ["schedule/", "register"])
def test_arabic_page_is_right_to_left_and_fits_the_screen(
    page: Any, arabic_demo: str, tmp_path: Path, view: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(f"{arabic_demo}/{view}")
    assert response is not None and response.status == 200
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    # The demo's own content in Arabic too, not French inside an Arabic interface.
    text = page.locator("main").inner_text()
    assert "Sommet sur la santé mentale" not in page.content()
    if view == "register":
        assert DEMO_TRANSLATIONS["ar"]["consents"][0] in text
        assert (
            DEMO_TRANSLATIONS["ar"]["categories"][0]
            in page.locator("main select").first.inner_text()
        )
    else:
        assert "الصحة النفسية في العصر الرقمي" in text
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    heading = page.locator("main h1").first.bounding_box()
    main = page.locator("main").bounding_box()
    # Right to left: the heading starts at the right edge of the content.
    assert main["x"] + main["width"] - (heading["x"] + heading["width"]) < 40
    folder = Path(os.environ.get("SUMMIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    name = view.strip("/").replace("/", "-") or "home"
    page.screenshot(path=str(folder / f"ar-{name}-{width}.png"), full_page=True)

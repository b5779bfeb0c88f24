"""Keyboard only: no click, no fill. Focus is where a keyboard user needs it next."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import LiveServer
from tests.browser.page_states import build_world
from tests.browser.page_states import sign_in

FOCUSED = """() => { const el = document.activeElement;
  return el ? (el.id || el.getAttribute('name') || el.innerText || el.tagName).trim() : ''; }"""


def tab_to(page: Any, wanted: str, limit: int = 60) -> int:
    """Press Tab until the focused element's id, name or text is ``wanted``; the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == wanted:
            return presses
    raise AssertionError(f"{wanted!r} not reached in {limit} Tab presses")


def test_a_form_sent_with_errors_focuses_its_summary_whose_links_lead_to_each_field(
    page: Any, live_server: LiveServer
) -> None:
    world = build_world(live_server)
    page.goto(world.event("register"))
    tab_to(page, "Register")
    page.keyboard.press("Enter")
    page.locator(".form-errors").wait_for()
    assert page.title().startswith("Error: ")
    assert page.evaluate(FOCUSED) == "form-errors"
    summary = page.locator("#form-errors")
    assert summary.get_by_role("link", name="Full name: Enter your name.").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Full name: Enter your name."
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "name"


def test_a_newcomer_registers_with_the_keyboard_alone(page: Any, live_server: LiveServer) -> None:
    world = build_world(live_server)
    page.goto(world.event())
    # The skip link comes first and lands in the main content.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Skip to content"
    page.keyboard.press("Enter")
    tab_to(page, "Register")
    page.keyboard.press("Enter")
    page.wait_for_url("**/register")
    tab_to(page, "name")
    page.keyboard.type("Nadia Bennani")
    page.keyboard.press("Tab")
    page.keyboard.type("nadia@example.org")
    tab_to(page, "category")
    page.keyboard.press("ArrowDown")  # the first real category after the prompt
    consent = tab_to(page, "consent_0")
    # Past the category: the optional access-needs and sensitive questions, then consent.
    assert consent < 16, "the consent box is buried under too many stops"
    page.keyboard.press("Space")
    assert page.locator("#consent_0").is_checked()
    tab_to(page, "Register")
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/sent")
    assert page.get_by_role("heading", level=1).is_visible()


def test_door_staff_find_and_check_in_a_person_with_the_keyboard_alone(
    page: Any, live_server: LiveServer
) -> None:
    world = build_world(live_server)
    sign_in(page)
    page.goto(world.manage("checkin/"))
    tab_to(page, "q")
    page.keyboard.type("salma")
    page.keyboard.press("Enter")
    page.wait_for_url("**/checkin/?q=salma")
    # The results page puts focus back in the search box (autofocus, applied once the page
    # has loaded), so the next "Check in" is the one beside the person found (the ticket
    # form's button is above).
    page.wait_for_function("document.activeElement && document.activeElement.id === 'q'")
    tab_to(page, "Check in")
    page.keyboard.press("Enter")
    # The door desk answers in place, in big words.
    page.locator("#checkin-result").get_by_text("Checked in", exact=True).wait_for()

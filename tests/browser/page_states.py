"""Every page state a person can reach, for the accessibility audit.

The world is the Casablanca demo plus what makes the harder states appear: a cancelled
session in the change log, an attendee with a 600-character name, an invited speaker,
door staff with an account. A state is a name and a function that brings an open page
into it (a visit, or a visit and a submit for the error states).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from summit.audit.services import SYSTEM
from summit.auth.services import create_organizer
from summit.db import utcnow
from summit.demo.seed import seed_demo
from summit.events.models import TeamRole
from summit.extensions import db
from summit.registration.demo import DEMO_CATEGORIES
from summit.registration.demo import DEMO_CONSENTS
from summit.registration.links import checkin_code
from summit.registration.services import AttendeeData
from summit.registration.services import register_attendee
from summit.schedule.models import Session
from summit.schedule.models import SessionStatus
from summit.schedule.models import Speaker
from summit.schedule.pipeline import SessionChange
from summit.schedule.pipeline import SessionState
from summit.schedule.pipeline import record
from summit.speaker_portal.services import invite_speaker
from summit.teams.services import add_member
from tests.browser.conftest import LiveServer
from tests.factories import make_event

STAFF = "door@example.org"
PASSWORD = "a long enough password"
CONSENT = DEMO_CONSENTS[0]
# No spaces: the worst case for line breaking (issue 14 saw a table stretched to 2,486 px).
LONG_NAME = "Abdelkader" * 60


@dataclass
class World:
    slug: str
    event_id: int
    session_id: int
    session_public_id: str
    cancelled_public_id: str
    speaker_id: int
    speaker_token: str
    attendee_token: str
    checkin_code: str
    draft_slug: str

    def event(self, path: str = "") -> str:
        return f"/events/{self.slug}/{path}"

    def manage(self, path: str = "") -> str:
        return f"/manage/events/{self.event_id}/{path}"


def build_world(server: LiveServer) -> World:
    app = server.app
    now = utcnow()
    with app.app_context():
        event = seed_demo(now=now).event
        sessions = db.session.scalars(
            select(Session).where(Session.event_id == event.id).order_by(Session.id)
        ).all()
        session, cancelled = sessions[0], sessions[-1]
        before = SessionState.of(cancelled)
        cancelled.status = SessionStatus.CANCELLED
        db.session.flush()
        record(
            event,
            [SessionChange(cancelled, before, SessionState.of(cancelled))],
            actor=None,
            now=now,
        )
        speaker = db.session.execute(
            select(Speaker).where(Speaker.event_id == event.id, Speaker.name == "Imane Kendili")
        ).scalar_one()
        speaker.email = "kendili@example.org"
        key = app.config["SECRET_KEY"]
        attendee = register_attendee(
            event,
            AttendeeData(
                name="Salma Idrissi",
                email="salma@example.org",
                category=DEMO_CATEGORIES[1],
                accessibility_needs="Step-free access, please.",
                sensitive_consent=True,
                consents=[CONSENT],
            ),
            key=key,
            now=now,
        )
        register_attendee(
            event,
            AttendeeData(
                name=LONG_NAME,
                email="long@example.org",
                category=DEMO_CATEGORIES[2],
                consents=[CONSENT],
            ),
            key=key,
            now=now,
        )
        staff = create_organizer(STAFF, PASSWORD, now=now)
        add_member(event, staff, TeamRole.OWNER, actor=SYSTEM, now=now, may_see_sensitive=True)
        db.session.flush()
        _, speaker_token = invite_speaker(speaker, secret=key, now=now)
        db.session.commit()
        draft = make_event(staff, title="Sommet en préparation")  # its program preview
        return World(
            slug=event.slug,
            event_id=event.id,
            session_id=session.id,
            session_public_id=session.public_id,
            cancelled_public_id=cancelled.public_id,
            speaker_id=speaker.id,
            speaker_token=speaker_token,
            attendee_token=attendee.token,
            checkin_code=checkin_code(attendee.token, key),
            draft_slug=draft.slug,
        )


def sign_in(page: Any) -> None:
    page.goto("/auth/login")
    page.locator("#email").fill(STAFF)
    page.locator("#password").fill(PASSWORD)
    page.locator("form:has(#password) button[type=submit]").click()
    page.wait_for_url("**/manage/")


def visit(path: Callable[[World], str]) -> Callable[[Any, World], None]:
    def go(page: Any, world: World) -> None:
        page.goto(path(world))

    return go


def submit_empty(path: Callable[[World], str]) -> Callable[[Any, World], None]:
    """Visit a form and send it empty: the page comes back with its error summary."""

    def go(page: Any, world: World) -> None:
        page.goto(path(world))
        page.locator("main form[method=post] button[type=submit]").last.click()
        page.locator(".form-errors").wait_for()
        # The summary is in the DOM before the stylesheets apply: audit the finished page.
        page.wait_for_load_state("load")

    return go


def search_checkin(page: Any, world: World) -> None:
    page.goto(world.manage("checkin/?q=a"))


def check_in_ticket(page: Any, world: World) -> None:
    """Scan, then confirm: checked in the first time, "already checked in" after."""
    page.goto(world.manage(f"checkin/{world.checkin_code}"))
    page.locator("main form[method=post] button[type=submit]").click()
    page.locator("#checkin-result").wait_for()
    page.wait_for_load_state("load")


@dataclass(frozen=True)
class PageState:
    name: str
    enter: Callable[[Any, World], None]
    signed_in: bool = False


PUBLIC = [
    PageState("events", visit(lambda w: "/")),
    PageState("event home", visit(lambda w: w.event())),
    PageState("agenda", visit(lambda w: w.event("schedule/"))),
    PageState("session", visit(lambda w: w.event(f"sessions/{w.session_public_id}/"))),
    PageState("cancelled session", visit(lambda w: w.event(f"sessions/{w.cancelled_public_id}/"))),
    PageState("speakers", visit(lambda w: w.event("speakers/"))),
    PageState("speaker", visit(lambda w: w.event(f"speakers/{w.speaker_id}/"))),
    PageState("changes", visit(lambda w: w.event("changes/"))),
    PageState("register", visit(lambda w: w.event("register"))),
    PageState("register with errors", submit_empty(lambda w: w.event("register"))),
    PageState("registration sent", visit(lambda w: w.event("register/sent"))),
    PageState("attendee page", visit(lambda w: w.event(f"my/{w.attendee_token}/"))),
    PageState("attendee cancel", visit(lambda w: w.event(f"my/{w.attendee_token}/cancel"))),
    PageState("speaker page", visit(lambda w: w.event(f"speaker/{w.speaker_token}/"))),
    PageState("sign-in", visit(lambda w: "/auth/login")),
    PageState("sign-in with errors", submit_empty(lambda w: "/auth/login")),
    PageState("accessibility statement", visit(lambda w: "/accessibility")),
    PageState("not found", visit(lambda w: w.event("no-such-page/"))),
    PageState("program being prepared", visit(lambda w: w.event("program.pdf"))),
]

ORGANIZER = [
    PageState("my events", visit(lambda w: "/manage/"), True),
    PageState("new event", visit(lambda w: "/manage/events/new"), True),
    PageState("new event with errors", submit_empty(lambda w: "/manage/events/new"), True),
    PageState("overview", visit(lambda w: w.manage()), True),
    PageState("details", visit(lambda w: w.manage("edit")), True),
    PageState("rooms", visit(lambda w: w.manage("rooms/")), True),
    PageState("rooms with errors", submit_empty(lambda w: w.manage("rooms/")), True),
    PageState("partners", visit(lambda w: w.manage("partners/")), True),
    PageState("support", visit(lambda w: w.manage("support/")), True),
    PageState("team", visit(lambda w: w.manage("team/")), True),
    PageState("access log", visit(lambda w: w.manage("access-log/")), True),
    PageState("access needs", visit(lambda w: w.manage("access-needs/")), True),
    PageState("sensitive answers", visit(lambda w: w.manage("registrations/answers/")), True),
    PageState("sessions", visit(lambda w: w.manage("sessions/")), True),
    PageState("manage session", visit(lambda w: w.manage(f"sessions/{w.session_id}/")), True),
    PageState("edit session", visit(lambda w: w.manage(f"sessions/{w.session_id}/edit")), True),
    PageState("new session", visit(lambda w: w.manage("sessions/new")), True),
    PageState("new session with errors", submit_empty(lambda w: w.manage("sessions/new")), True),
    PageState("manage speakers", visit(lambda w: w.manage("speakers/")), True),
    PageState("edit speaker", visit(lambda w: w.manage(f"speakers/{w.speaker_id}/edit")), True),
    PageState("invitation", visit(lambda w: w.manage(f"speakers/{w.speaker_id}/invitation")), True),
    PageState("agenda builder", visit(lambda w: w.manage("agenda/")), True),
    PageState("problems", visit(lambda w: w.manage("problems")), True),
    PageState("registrations", visit(lambda w: w.manage("registrations/")), True),
    PageState("registration settings", visit(lambda w: w.manage("registrations/settings")), True),
    PageState("e-mails", visit(lambda w: w.manage("emails/")), True),
    PageState("certificates", visit(lambda w: w.manage("certificates/")), True),
    PageState("feedback", visit(lambda w: w.manage("feedback/")), True),
    PageState("attendance", visit(lambda w: w.manage(f"sessions/{w.session_id}/attendance")), True),
    PageState("messages", visit(lambda w: w.manage("messages/")), True),
    PageState("write a message", visit(lambda w: w.manage("messages/new")), True),
    PageState("invite all", visit(lambda w: w.manage("invitations/new")), True),
    PageState("door desk", visit(lambda w: w.manage("checkin/")), True),
    PageState("door desk search", search_checkin, True),
    PageState("door desk ticket", visit(lambda w: w.manage(f"checkin/{w.checkin_code}")), True),
    PageState("door desk result", check_in_ticket, True),
    PageState(
        "program preview being prepared",
        visit(lambda w: f"/events/{w.draft_slug}/program.pdf"),
        True,
    ),
]

STATES = PUBLIC + ORGANIZER

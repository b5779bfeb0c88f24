from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from summit.audit.services import SYSTEM
from summit.demo.seed import seed_demo
from summit.events.models import TeamRole
from summit.extensions import db
from summit.schedule.models import ScheduleChange
from summit.schedule.models import Session
from summit.schedule.models import SessionRole
from summit.schedule.models import Speaker
from summit.schedule.models import SpeakerRole
from summit.teams.services import add_member
from tests.conftest import AuthActions
from tests.factories import NOW
from tests.factories import make_organizer


def table_counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Session, Speaker, SessionRole, ScheduleChange)
    )


def test_demo_agenda_is_seeded_once_however_often_it_runs(app: Any) -> None:
    seed_demo(now=NOW)
    db.session.commit()
    first = table_counts()
    seed_demo(now=NOW)
    db.session.commit()
    assert table_counts() == first
    assert first[1:] == (6, 6, 0)
    roles = db.session.execute(select(SessionRole)).scalars().all()
    assert {r.role for r in roles} == {SpeakerRole.PANELIST}


def test_demo_round_tables_show_their_panelists_publicly(app: Any, client: FlaskClient) -> None:
    result = seed_demo(now=NOW)
    db.session.commit()
    page = client.get(f"/events/{result.event.slug}/schedule/?lang=en").get_data(as_text=True)
    # An English page: the demo's English titles (its French ones are the originals).
    assert "Mental health in the digital age" in page
    assert "Harnessing social media for a positive impact" in page
    for name in ["Pr Jallal Toufiq", "Dr Imane Kendili", "Malak Jaafar", "Adil Taouil"]:
        assert name in page
    assert page.count("(Panelist)") == 6
    # No moderator is named in the articles: both round tables say so rather than invent one.
    assert page.count("Moderator to be announced") == 2
    assert "Wellbeing space" in page and "Wellbeing break" in page


def test_demo_shows_the_missing_moderator_warning(
    app: Any, client: FlaskClient, auth: AuthActions
) -> None:
    result = seed_demo(now=NOW)
    db.session.commit()
    # The demo account's .localhost address does not pass the sign-in form's e-mail check,
    # so a second organizer of the demo event signs in.
    colleague = make_organizer()
    add_member(result.event, colleague, TeamRole.EDITOR, actor=SYSTEM, now=NOW)
    db.session.commit()
    auth.login(colleague.email)
    page = client.get(f"/manage/events/{result.event.id}/problems").get_data(as_text=True)
    assert page.count("This round table has no moderator.") == 2

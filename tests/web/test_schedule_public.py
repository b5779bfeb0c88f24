from __future__ import annotations

import io
from collections.abc import Callable
from datetime import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from summit.extensions import db
from summit.schedule.models import SessionKind
from summit.schedule.models import SessionStatus
from summit.schedule.models import SpeakerRole
from summit.schedule.services import SessionData
from summit.schedule.services import SlotData
from summit.schedule.services import move_session
from summit.schedule.services import save_session
from summit.schedule.speakers import SpeakerData
from summit.schedule.speakers import save_speaker
from summit.uploads import read_image
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_room
from tests.schedule_factories import give_role
from tests.schedule_factories import make_session
from tests.schedule_factories import make_speaker


@pytest.fixture
def agenda(app: Flask) -> dict[str, Any]:
    event = make_event(published=True, languages=["fr", "ar"])
    plenary = make_room(event, "Salle plénière")
    wellbeing = make_room(event, "Espace bien-être")
    table = make_session(
        event,
        room=plenary,
        kind=SessionKind.ROUND_TABLE,
        title="Santé mentale à l’ère numérique",
        content_note="Évoque le suicide",
        language="fr",
    )
    pause = make_session(
        event,
        room=wellbeing,
        start=time(12),
        end=time(12, 30),
        kind=SessionKind.WELLBEING_BREAK,
        title="Pause bien-être",
        language="ar",
    )
    cancelled = make_session(
        event,
        room=plenary,
        start=time(15),
        end=time(16),
        title="Atelier annulé",
        status=SessionStatus.CANCELLED,
    )
    hidden = make_session(event, start=None, end=None, title="Pas encore placé")
    kendili = make_speaker(
        event, "Imane Kendili", honorific="Dr", affiliation="UM6P", email="ik@example.org"
    )
    toufiq = make_speaker(event, "Jallal Toufiq", honorific="Pr")
    give_role(event, table, kendili)
    give_role(event, table, toufiq, SpeakerRole.MODERATOR)
    return {
        "event": event,
        "table": table,
        "pause": pause,
        "cancelled": cancelled,
        "hidden": hidden,
        "kendili": kendili,
        "plenary": plenary,
    }


def test_public_agenda_lists_sessions_by_day_in_event_time(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    page = client.get(f"/events/{agenda['event'].slug}/schedule/").get_data(as_text=True)
    assert "All times are in Casablanca (\u2066UTC+01:00\u2069)." in page
    assert "Thursday, December 12, 2024" in page
    assert "10:00" in page and "11:00" in page  # stored 09:00 UTC
    assert "Santé mentale à l’ère numérique" in page
    assert "Évoque le suicide" in page
    assert "Dr Imane Kendili" in page and "(Panelist)" in page
    assert "Pr Jallal Toufiq" in page and "(Moderator)" in page
    assert "Salle plénière" in page and "Wellbeing break" in page
    assert "<del>Atelier annulé</del>" in page and "Cancelled" in page
    assert "Pas encore placé" not in page
    assert page.index("Santé mentale") < page.index("Pause bien-être") < page.index("Atelier")


def test_public_agenda_filters_by_room_and_language_without_javascript(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    slug = agenda["event"].slug
    by_room = client.get(f"/events/{slug}/schedule/?room={agenda['plenary'].id}").get_data(
        as_text=True
    )
    assert "Santé mentale" in by_room and "Pause bien-être" not in by_room
    by_language = client.get(f"/events/{slug}/schedule/?language=ar").get_data(as_text=True)
    assert "Pause bien-être" in by_language and "Santé mentale" not in by_language
    nonsense = client.get(f"/events/{slug}/schedule/?room=abc&language=xx")
    assert nonsense.status_code == 200
    assert "Pause bien-être" in nonsense.get_data(as_text=True)


def test_session_page_shows_speakers_roles_and_cancellation(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    slug = agenda["event"].slug
    page = client.get(f"/events/{slug}/sessions/{agenda['table'].public_id}/").get_data(
        as_text=True
    )
    assert "Dr Imane Kendili</bdi></a> — Panelist" in page
    assert "(<bdi>UM6P</bdi>)" in page
    assert "Évoque le suicide" in page
    cancelled = client.get(f"/events/{slug}/sessions/{agenda['cancelled'].public_id}/")
    assert "This session is cancelled." in cancelled.get_data(as_text=True)


def test_speakers_list_and_page_show_their_sessions_but_never_their_email(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    slug = agenda["event"].slug
    listing = client.get(f"/events/{slug}/speakers/").get_data(as_text=True)
    assert "Dr Imane Kendili" in listing and "Santé mentale" in listing
    assert "ik@example.org" not in listing
    page = client.get(f"/events/{slug}/speakers/{agenda['kendili'].id}/").get_data(as_text=True)
    assert "Santé mentale à l’ère numérique" in page and "UM6P" in page
    assert "ik@example.org" not in page


def test_ids_of_other_events_and_unknown_ids_are_404(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    other = make_event(published=True)
    stranger_session = make_session(other)
    stranger = make_speaker(other)
    slug = agenda["event"].slug
    assert client.get(f"/events/{slug}/sessions/{stranger_session.public_id}/").status_code == 404
    assert client.get(f"/events/{slug}/sessions/nope/").status_code == 404
    assert client.get(f"/events/{slug}/speakers/{stranger.id}/").status_code == 404
    assert client.get(f"/events/{slug}/speakers/{stranger.id}/photo").status_code == 404
    assert client.get(f"/events/{slug}/speakers/999999/").status_code == 404


def test_draft_events_answer_404_on_every_schedule_page(app: Flask, client: FlaskClient) -> None:
    event = make_event()
    session = make_session(event)
    speaker = make_speaker(event)
    for path in [
        "schedule/",
        f"sessions/{session.public_id}/",
        "speakers/",
        f"speakers/{speaker.id}/",
        f"speakers/{speaker.id}/photo",
        "changes/",
    ]:
        assert client.get(f"/events/{event.slug}/{path}").status_code == 404, path


def test_speaker_photo_is_served_from_our_own_address(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(out, "JPEG")
    out.seek(0)
    image = read_image(out, max_bytes=2_000_000)
    event, speaker = agenda["event"], agenda["kendili"]
    save_speaker(event, SpeakerData("Imane Kendili", honorific="Dr"), image, speaker, now=NOW)
    db.session.commit()
    listing = client.get(f"/events/{event.slug}/speakers/").get_data(as_text=True)
    src = f"/events/{event.slug}/speakers/{speaker.id}/photo?v={image.digest[:8]}"
    assert src in listing
    photo = client.get(src)
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert photo.headers["ETag"]


def test_public_changes_list_shows_moves_in_event_time(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    event, pause = agenda["event"], agenda["pause"]
    move_session(
        event,
        pause,
        SlotData(event.start_date, time(16), time(16, 30), pause.room_id),
        actor=None,
        now=NOW,
    )
    db.session.commit()
    # Babel separates "PM" with a narrow no-break space.
    page = client.get(f"/events/{event.slug}/changes/").get_data(as_text=True)
    page = page.replace("\u202f", " ")
    assert "Pause bien-être" in page
    assert "Thursday, December 12, 2024, 12:00 PM–12:30 PM" in page
    assert "Thursday, December 12, 2024, 4:00 PM–4:30 PM" in page


def test_event_home_links_to_schedule_and_speakers(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    slug = agenda["event"].slug
    page = client.get(f"/events/{slug}/").get_data(as_text=True)
    assert f'href="/events/{slug}/schedule/"' in page
    assert f'href="/events/{slug}/speakers/"' in page


def build_agenda(n_sessions: int) -> Any:
    """An event whose sessions each have a room and two speakers (one shared)."""
    event = make_event(published=True)
    rooms = [make_room(event, f"Room {i}") for i in range(3)]
    shared = make_speaker(event, "Shared speaker", commit=False)
    for i in range(n_sessions):
        session = save_session(
            event,
            SessionData(
                kind=SessionKind.TALK,
                title=f"Talk {i}",
                slot=SlotData(
                    event.start_date,
                    time(8 + (i % 12), 0),
                    time(8 + (i % 12), 45),
                    rooms[i % 3].id,
                ),
            ),
            actor=None,
            now=NOW,
        )
        own = save_speaker(event, SpeakerData(f"Speaker {i}", email="s@example.org"), now=NOW)
        from summit.schedule.models import SessionRole

        session.roles.append(SessionRole(speaker=own, role=SpeakerRole.SPEAKER, position=0))
        if i % 10 == 0:
            session.roles.append(
                SessionRole(speaker=shared, role=SpeakerRole.MODERATOR, position=1)
            )
    db.session.commit()
    return event, shared


def queries_for(
    client: FlaskClient, count_queries: Callable[[], Any], paths: list[str]
) -> list[int]:
    db.session.expire_all()
    counts = []
    for path in paths:
        with count_queries() as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize("fragment_cache", [True, False])
def test_public_pages_run_the_same_number_of_queries_for_10_and_300_sessions(
    app: Flask, client: FlaskClient, count_queries: Callable[[], Any], fragment_cache: bool
) -> None:
    app.config["SCHEDULE_FRAGMENT_CACHE"] = fragment_cache
    small, small_shared = build_agenda(10)
    large, large_shared = build_agenda(300)

    def paths(event: Any, shared: Any) -> list[str]:
        first = shared.roles[0].session.public_id
        return [
            f"/events/{event.slug}/schedule/",
            f"/events/{event.slug}/sessions/{first}/",
            f"/events/{event.slug}/speakers/",
            f"/events/{event.slug}/speakers/{shared.id}/",
        ]

    small_counts = queries_for(client, count_queries, paths(small, small_shared))
    large_counts = queries_for(client, count_queries, paths(large, large_shared))
    assert small_counts == large_counts
    # 8: the page is English, a language of the event besides its main one (French), so
    # its translations are read once (tests/web/test_translated_content.py).
    assert max(large_counts) <= 8
    # Served again from the fragment cache: still the same count for both sizes.
    assert queries_for(client, count_queries, paths(small, small_shared)) == queries_for(
        client, count_queries, paths(large, large_shared)
    )


def test_cached_agenda_and_speakers_follow_every_change(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    from summit.events.services import RoomData
    from summit.events.services import save_room
    from summit.schedule.speakers import delete_speaker

    event, pause = agenda["event"], agenda["pause"]
    slug = event.slug
    assert "12:00" in client.get(f"/events/{slug}/schedule/").get_data(as_text=True)
    move_session(
        event,
        pause,
        SlotData(event.start_date, time(17), time(17, 30), pause.room_id),
        actor=None,
        now=NOW,
    )
    db.session.commit()
    page = client.get(f"/events/{slug}/schedule/").get_data(as_text=True)
    assert "5:00" in page and "12:00" not in page
    save_room(event, RoomData("Jardin calme", 30), agenda["plenary"], now=NOW)
    db.session.commit()
    assert "Jardin calme" in client.get(f"/events/{slug}/schedule/").get_data(as_text=True)
    assert "Dr Imane Kendili" in client.get(f"/events/{slug}/speakers/").get_data(as_text=True)
    delete_speaker(event, agenda["kendili"], actor=None, now=NOW)
    db.session.commit()
    assert "Imane Kendili" not in client.get(f"/events/{slug}/speakers/").get_data(as_text=True)
    assert "Imane Kendili" not in client.get(f"/events/{slug}/schedule/").get_data(as_text=True)


def test_casablanca_event_across_the_ramadan_offset_change_shows_wall_clock_times(
    app: Flask, client: FlaskClient
) -> None:
    from datetime import UTC
    from datetime import date
    from datetime import datetime

    event = make_event(
        published=True,
        start_date=date(2025, 2, 22),
        end_date=date(2025, 2, 24),
        timezone="Africa/Casablanca",
    )
    saturday = make_session(
        event, day=date(2025, 2, 22), start=time(10), end=time(11), title="Samedi"
    )
    monday = make_session(event, day=date(2025, 2, 24), start=time(10), end=time(11), title="Lundi")
    assert saturday.starts_at == datetime(2025, 2, 22, 9, tzinfo=UTC)
    assert monday.starts_at == datetime(2025, 2, 24, 10, tzinfo=UTC)
    page = client.get(f"/events/{event.slug}/schedule/").get_data(as_text=True)
    page = page.replace("\u202f", " ")
    assert "The UTC offset changes during the event" in page
    assert 'Saturday, February 22, 2025 <span class="muted">(UTC+01:00)</span>' in page
    assert 'Monday, February 24, 2025 <span class="muted">(UTC+00:00)</span>' in page
    assert page.count('<time datetime="2025-02-22T10:00:00+01:00">10:00 AM</time>') == 1
    assert page.count('<time datetime="2025-02-24T10:00:00+00:00">10:00 AM</time>') == 1


def test_unscheduled_sessions_say_time_to_be_announced_and_stay_off_lists(
    client: FlaskClient, agenda: dict[str, Any]
) -> None:
    event, hidden = agenda["event"], agenda["hidden"]
    give_role(event, hidden, agenda["kendili"])
    page = client.get(f"/events/{event.slug}/sessions/{hidden.public_id}/")
    assert page.status_code == 200
    assert "Time to be announced" in page.get_data(as_text=True)
    listing = client.get(f"/events/{event.slug}/speakers/").get_data(as_text=True)
    assert "Pas encore placé" not in listing
    assert "Santé mentale" in listing


def test_only_round_tables_that_will_happen_announce_a_missing_moderator(
    app: Flask, client: FlaskClient
) -> None:
    event = make_event(published=True)
    live = make_session(event, kind=SessionKind.ROUND_TABLE, title="Live panel")
    make_session(
        event,
        kind=SessionKind.ROUND_TABLE,
        title="Called off",
        start=time(14, 0),
        end=time(15, 0),
        status=SessionStatus.CANCELLED,
    )
    agenda_page = client.get(f"/events/{event.slug}/schedule/").get_data(as_text=True)
    assert agenda_page.count("Moderator to be announced") == 1
    page = client.get(f"/events/{event.slug}/sessions/{live.public_id}/").get_data(as_text=True)
    assert "Moderator to be announced" in page
    moderator = make_speaker(event, "Nadia Tazi")
    give_role(event, live, moderator, SpeakerRole.MODERATOR)
    page = client.get(f"/events/{event.slug}/sessions/{live.public_id}/").get_data(as_text=True)
    assert "Moderator to be announced" not in page

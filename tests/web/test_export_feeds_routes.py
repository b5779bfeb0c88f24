from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from sqlalchemy import func
from sqlalchemy import select

from summit.events.services import PartnerData
from summit.events.services import RoomData
from summit.events.services import SupportResourceData
from summit.events.services import delete_partner
from summit.events.services import save_partner
from summit.events.services import save_room
from summit.events.services import save_support_resource
from summit.exports.models import ExportFile
from summit.exports.renderings import program_version
from summit.extensions import db
from summit.imports.reading import SCHEMAS
from summit.schedule.localtime import utc_to_local
from summit.schedule.models import SpeakerRole
from summit.schedule.services import SlotData
from summit.schedule.services import delete_session
from summit.schedule.services import move_session
from tests.export_factories import make_session
from tests.export_factories import make_speaker
from tests.factories import NOW
from tests.factories import make_event
from tests.factories import make_partner
from tests.factories import make_room

START = datetime(2024, 12, 12, 9, tzinfo=UTC)
FEEDS = ["schedule.ics", "schedule.xml", "schedule.json"]


def published_event_with_session() -> tuple[Any, Any]:
    event = make_event(published=True)
    speaker = make_speaker(event, "Salma Chraibi")
    session = make_session(event, START, roles=[(speaker, SpeakerRole.SPEAKER)])
    return event, session


def test_xml_feed_is_served_and_valid(app: Flask, client: FlaskClient) -> None:
    event, _ = published_event_with_session()
    response = client.get(f"/events/{event.slug}/schedule.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    assert schema.validate(etree.fromstring(response.data)), schema.error_log


def test_json_feed_is_served_with_speaker_roles(app: Flask, client: FlaskClient) -> None:
    event, _ = published_event_with_session()
    response = client.get(f"/events/{event.slug}/schedule.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    days = response.json["schedule"]["conference"]["days"]
    (item,) = [e for d in days for items in d["rooms"].values() for e in items]
    assert item["persons"][0]["role"] == "speaker"
    assert item["url"].startswith("http://summit.test/events/")


@pytest.mark.parametrize("feed", FEEDS)
def test_feeds_of_a_draft_event_are_not_found(app: Flask, client: FlaskClient, feed: str) -> None:
    event = make_event(published=False)
    make_session(event, START)
    assert client.get(f"/events/{event.slug}/{feed}").status_code == 404


@pytest.mark.parametrize("feed", FEEDS)
def test_an_unchanged_feed_answers_304_to_its_etag_and_date(
    app: Flask, client: FlaskClient, feed: str
) -> None:
    event, _ = published_event_with_session()
    first = client.get(f"/events/{event.slug}/{feed}")
    etag = first.headers["ETag"]
    again = client.get(f"/events/{event.slug}/{feed}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    dated = client.get(
        f"/events/{event.slug}/{feed}",
        headers={"If-Modified-Since": first.headers["Last-Modified"]},
    )
    assert dated.status_code == 304
    stale = client.get(f"/events/{event.slug}/{feed}", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200 and stale.data == first.data


def change_session(session: Any) -> None:
    """Move the session an hour later, as the agenda builder does, a day after NOW."""
    event = session.event
    start = utc_to_local(session.starts_at + timedelta(hours=1), event.timezone)
    end = utc_to_local(session.ends_at + timedelta(hours=1), event.timezone)
    move_session(
        event,
        session,
        SlotData(start.date(), start.time(), end.time(), session.room_id),
        actor=None,
        now=NOW + timedelta(days=1),
    )
    db.session.commit()


@pytest.mark.parametrize("feed", FEEDS)
def test_a_moved_session_gives_a_new_etag_a_later_date_and_new_content(
    app: Flask, client: FlaskClient, feed: str
) -> None:
    event, session = published_event_with_session()
    first = client.get(f"/events/{event.slug}/{feed}")
    change_session(session)
    second = client.get(
        f"/events/{event.slug}/{feed}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    assert second.last_modified > first.last_modified
    assert second.data != first.data


def test_a_deleted_session_or_a_new_partner_changes_the_etag(
    app: Flask, client: FlaskClient
) -> None:
    event, _ = published_event_with_session()
    extra = make_session(event, START + timedelta(hours=3))
    etags = [client.get(f"/events/{event.slug}/schedule.json").headers["ETag"]]
    delete_session(event, extra, actor=None, now=NOW)
    db.session.commit()
    etags.append(client.get(f"/events/{event.slug}/schedule.json").headers["ETag"])
    make_partner(event, "Nightline")
    etags.append(client.get(f"/events/{event.slug}/schedule.json").headers["ETag"])
    assert len(set(etags)) == 3


def test_a_feed_is_rendered_once_per_version_and_then_served_from_the_store(
    app: Flask, client: FlaskClient, count_queries: Any
) -> None:
    event, session = published_event_with_session()
    url = f"/events/{event.slug}/schedule.json"
    first = client.get(url)
    stored = db.session.execute(select(func.count(ExportFile.id))).scalar_one()
    assert stored == 1
    with count_queries() as queries:
        again = client.get(url)
    assert again.data == first.data
    # the version (one aggregate that also finds the published event), the stored bytes
    assert len(queries) == 2, [q[:60] for q in queries]
    with count_queries() as queries:
        not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304
    assert len(queries) == 1
    change_session(session)
    client.get(f"/events/{event.slug}/schedule.json")
    assert db.session.execute(select(func.count(ExportFile.id))).scalar_one() == 1


def test_the_version_is_one_query_on_the_event_row(app: Flask, count_queries: Any) -> None:
    from summit.exports.caching import export_version

    event, _ = published_event_with_session()
    event_id = event.id
    with count_queries() as queries:
        version = export_version(event_id)
    assert len(queries) == 1
    assert version.last_modified == NOW
    assert version.revision == event.revision
    assert version.for_kind("a") != version.for_kind("b")


def test_editing_a_partner_helpline_or_room_changes_the_etag_at_once(
    app: Flask, client: FlaskClient
) -> None:
    event, _ = published_event_with_session()
    partner = make_partner(event, "Nightline")

    def etag() -> str:
        return program_version(event.id)

    etags = [etag(), etag()]
    assert etags[0] == etags[1]
    save_partner(
        event, PartnerData("Nightline", description="Listening line"), None, partner, now=NOW
    )
    db.session.commit()
    etags.append(etag())
    save_support_resource(event, SupportResourceData("SAMU", phone="141"), now=NOW)
    db.session.commit()
    etags.append(etag())
    room = make_room(event, "Salle Atlas")
    etags.append(etag())
    save_room(event, RoomData("Grande salle"), room, now=NOW)
    db.session.commit()
    etags.append(etag())
    delete_partner(event, partner, now=NOW)
    db.session.commit()
    etags.append(etag())
    assert len(set(etags)) == 6


def test_an_older_if_modified_since_gets_the_full_feed(app: Flask, client: FlaskClient) -> None:
    event, _ = published_event_with_session()
    response = client.get(
        f"/events/{event.slug}/schedule.ics",
        headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"},
    )
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.data


@pytest.mark.parametrize("feed", FEEDS)
def test_a_feed_renders_in_the_same_statements_for_2_and_40_sessions(
    app: Flask, client: FlaskClient, count_queries: Any, feed: str
) -> None:
    counts = []
    for size in (2, 40):
        event = make_event(published=True)
        room = make_room(event, "Salle 1")
        speakers = [make_speaker(event, f"Speaker {n}") for n in range(3)]
        for n in range(size):
            make_session(
                event,
                START + timedelta(hours=n % 8, days=n // 8 % 2),
                room=room,
                roles=[(speakers[n % 3], SpeakerRole.MODERATOR)],
            )
        db.session.expire_all()
        with count_queries() as queries:
            response = client.get(f"/events/{event.slug}/{feed}")
        assert response.status_code == 200 and response.data
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

from __future__ import annotations

from datetime import date

from summit.schedule.builder import MAX_LANES
from summit.schedule.builder import assign_lanes
from summit.schedule.viewmodels import SessionView


def card(card_id: int, top: int, height: int) -> SessionView:
    return SessionView(
        id=card_id,
        public_id=str(card_id),
        title=f"Card {card_id}",
        kind="talk",
        kind_label="Talk",
        language="fr",
        content_note="",
        description="",
        cancelled=False,
        room_id=1,
        room_name="Salle",
        day=date(2024, 12, 12),
        day_text="",
        start_label="",
        end_label="",
        start_hm="",
        end_hm="",
        start_iso="",
        end_iso="",
        capacity=None,
        speakers=[],
        top=top,
        height=height,
    )


def placed(cards: list[SessionView]) -> list[tuple[int, int]]:
    return [(c.lane, c.lanes) for c in cards]


def test_cards_that_follow_each_other_share_one_lane() -> None:
    cards = [card(1, 0, 12), card(2, 12, 12), card(3, 24, 6)]
    assert assign_lanes(cards) == 1
    assert placed(cards) == [(0, 1), (0, 1), (0, 1)]


def test_overlapping_cards_are_laid_side_by_side() -> None:
    cards = [card(1, 0, 12), card(2, 6, 12), card(3, 30, 12)]
    assert assign_lanes(cards) == 2
    assert placed(cards) == [(0, 2), (1, 2), (0, 1)]


def test_a_lane_freed_by_a_short_card_is_reused_within_the_cluster() -> None:
    long, short, later = card(1, 0, 36), card(2, 0, 6), card(3, 12, 6)
    assert assign_lanes([long, short, later]) == 2
    assert placed([long, short, later]) == [(0, 2), (1, 2), (1, 2)]


def test_a_card_drawn_taller_than_its_duration_does_not_cover_the_next() -> None:
    # A 5-minute item is drawn 20 minutes tall; the item right after it goes beside it.
    tiny, next_one = card(1, 0, 1), card(2, 2, 12)
    assert assign_lanes([tiny, next_one]) == 2
    assert placed([tiny, next_one]) == [(0, 2), (1, 2)]


def test_lanes_are_capped_so_the_styles_exist() -> None:
    cards = [card(i, 0, 12) for i in range(1, MAX_LANES + 3)]
    assert assign_lanes(cards) == MAX_LANES
    assert {c.lanes for c in cards} == {MAX_LANES}
    assert max(c.lane for c in cards) == MAX_LANES - 1

from __future__ import annotations

import pytest

from summit.i18n import zone_name


@pytest.mark.parametrize(
    ("zone", "locale", "name"),
    [
        ("Africa/Casablanca", "fr", "Casablanca"),
        ("Africa/Casablanca", "en", "Casablanca"),
        ("Africa/Casablanca", "ar", "الدار البيضاء"),
        ("America/Argentina/Buenos_Aires", "fr", "Buenos Aires"),
        ("UTC", "ar", "UTC"),
        ("Nope/Zone_X", "fr", "Zone X"),  # unknown to Babel: its last part, readable
    ],
)
def test_a_zone_is_named_by_its_city_in_the_readers_language(
    zone: str, locale: str, name: str
) -> None:
    assert zone_name(zone, locale) == name

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "summit", METHODS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def translated_messages(language: str) -> set[str]:
    with (ROOT / f"summit/translations/{language}/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id
        and m.string
        and "fuzzy" not in m.flags
        and all(m.string if isinstance(m.string, tuple) else [m.string])
    }


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_user_facing_string_has_a_translation(language: str) -> None:
    missing = sorted(source_messages() - translated_messages(language))
    assert missing == [], (
        f"untranslated in {language} (pybabel extract/update, then translate): {missing}"
    )


def test_arabic_plurals_fill_all_six_forms() -> None:
    with (ROOT / "summit/translations/ar/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    assert catalog.num_plurals == 6
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple)]
    assert plurals
    short = [m.id[0] for m in plurals if len(m.string) != 6 or not all(m.string)]
    assert short == []


def test_arabic_catalog_is_in_arabic_script() -> None:
    """A string copied from English by mistake would pass the completeness test."""
    arabic = re.compile("[\u0600-\u06ff]")
    same_everywhere = {"%(event)s — %(name)s", "%(stars)s: %(count)s"}
    with (ROOT / "summit/translations/ar/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    latin_only = [
        m.id
        for m in catalog
        if m.id
        and m.id not in same_everywhere
        and not arabic.search(m.string if isinstance(m.string, str) else m.string[-1])
    ]
    assert latin_only == []

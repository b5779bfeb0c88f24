"""The demo's Arabic and English content matches its French source, key for key.

The French source is read from the seed modules themselves, so a session, speaker or room
added to the demo without its translations fails here. The checker returns its findings;
the last test feeds it broken copies to show each rule can fail.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from summit.demo.content_translations import DEMO_TRANSLATIONS
from summit.demo.seed import EVENT
from summit.demo.seed import PARTNERS
from summit.demo.seed import ROOMS
from summit.demo.seed import SUPPORT
from summit.registration.demo import DEMO_CATEGORIES
from summit.registration.demo import DEMO_CONSENTS
from summit.schedule.demo import FILLER
from summit.schedule.demo import SESSIONS
from summit.schedule.demo import SPEAKERS

# Texts that stay as written in every language (a name), or a word both languages share.
SAME_AS_FRENCH = {("ar", "Nightline France"), ("en", "Nightline France"), ("en", "Parent")}


def french_source() -> dict[str, Any]:
    """The French content, in the shape of a DemoTranslation."""
    return {
        "event": {key: EVENT[key] for key in ("title", "tagline", "description", "venue_name")},
        "rooms": {name: {"name": name, "accessibility_notes": notes} for name, _, notes in ROOMS},
        "partners": {name: {"description": text} for name, _, _, text in PARTNERS if text},
        "support": {name: {"name": name, "description": text} for name, _, _, text in SUPPORT},
        "categories": DEMO_CATEGORIES,
        "consents": DEMO_CONSENTS,
        "sessions": {s[0]: {"title": s[0], "description": s[5]} for s in SESSIONS},
        "speakers": {s[1]: {"position": s[2], "bio": s[4]} for s in SPEAKERS},
    }


def is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def first_strong_is_right_to_left(text: str) -> bool:
    """What ``dir="auto"`` decides from: the first letter with a strong direction."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("L", "R", "AL"):
            return direction != "L"
    return False


def text_problems(lang: str, path: str, french: str, text: Any) -> Iterator[str]:
    if not isinstance(text, str) or not text.strip():
        yield f"{lang} {path}: empty or not a string"
        return
    if text != text.strip():
        yield f"{lang} {path}: leading or trailing space"
    if text == french and (lang, text) not in SAME_AS_FRENCH:
        yield f"{lang} {path}: still the French text"
    if text.count("\n\n") != french.count("\n\n") or text.count("\n") != french.count("\n"):
        yield f"{lang} {path}: paragraph breaks differ from the French"
    # Control characters, and invisible format ones (bidi marks): direction is the page's job.
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text.replace("\n", "")):
        yield f"{lang} {path}: control or format character"
    if (lang, text) in SAME_AS_FRENCH:
        return
    if lang == "ar" and not first_strong_is_right_to_left(text):
        yield f"ar {path}: does not start with an Arabic letter"
    if lang != "ar" and any(is_arabic(c) for c in text):
        yield f"{lang} {path}: contains Arabic letters"
    if lang == "en" and ("«" in text or " ;" in text or " :" in text):
        yield f"en {path}: French punctuation"


def problems(lang: str, translation: Any, french: Any, path: str = "") -> Iterator[str]:
    """Walk the French tree and the translated one side by side."""
    if isinstance(french, dict):
        if not isinstance(translation, dict):
            yield f"{lang} {path}: not a mapping"
            return
        extra = set(translation) - set(french)
        if path.startswith("speakers.") and lang == "ar":
            # The Arabic spelling of a speaker's name is optional; checked below.
            extra.discard("name")
            if "name" in translation:
                name = translation["name"]
                if not isinstance(name, str) or not first_strong_is_right_to_left(name):
                    yield f"ar {path}.name: not written in Arabic"
        for key in sorted(set(french) - set(translation)):
            yield f"{lang} {path}.{key}: missing"
        for key in sorted(extra):
            yield f"{lang} {path}.{key}: unknown key"
        for key in sorted(set(french) & set(translation)):
            yield from problems(lang, translation[key], french[key], f"{path}.{key}".lstrip("."))
    elif isinstance(french, list):
        if not isinstance(translation, list) or len(translation) != len(french):
            yield f"{lang} {path}: {len(french)} entries expected, in the French order"
            return
        for n, (text, source) in enumerate(zip(translation, french, strict=True)):
            yield from problems(lang, text, source, f"{path}[{n}]")
    else:
        yield from text_problems(lang, path, french, translation)


def filler_problems(lang: str, translation: Any) -> Iterator[str]:
    """The demo-filler sentence is one sentence, appended where the French appends it."""
    sessions = translation["sessions"]
    fillers = {sessions[t]["description"] for t, *rest in SESSIONS if rest[4] == FILLER}
    if len(fillers) != 1:
        yield f"{lang}: the filler sessions say {len(fillers)} different things"
        return
    (filler,) = fillers
    for title, *rest in SESSIONS:
        if rest[4].endswith(FILLER) and not sessions[title]["description"].endswith(filler):
            yield f"{lang} sessions.{title}: the filler sentence is missing"


def all_problems(lang: str, translation: Any) -> list[str]:
    found = list(problems(lang, translation, french_source()))
    return found or list(filler_problems(lang, translation))


def test_the_demo_is_translated_into_every_other_language_of_the_event() -> None:
    assert set(DEMO_TRANSLATIONS) == set(EVENT["languages"].split()) - {"fr"}


@pytest.mark.parametrize("lang", sorted(DEMO_TRANSLATIONS))
def test_every_french_text_of_the_demo_has_its_translation(lang: str) -> None:
    assert all_problems(lang, DEMO_TRANSLATIONS[lang]) == []


def test_the_demo_categories_and_consent_are_french_like_the_event() -> None:
    french = " ".join(DEMO_CATEGORIES + DEMO_CONSENTS)
    assert "Étudiant·e" in DEMO_CATEGORIES
    assert "J’accepte" in french
    assert not {"Student", "Professional", "I agree"} & set(french.split())


def test_round_table_titles_keep_their_french_meaning() -> None:
    sessions = {lang: t["sessions"] for lang, t in DEMO_TRANSLATIONS.items()}
    first, second = (
        "Santé mentale à l’ère numérique",
        "Exploiter les réseaux sociaux pour un impact positif",
    )
    assert sessions["en"][first]["title"] == "Mental health in the digital age"
    assert sessions["ar"][first]["title"] == "الصحة النفسية في العصر الرقمي"
    assert sessions["en"][second]["title"] == "Harnessing social media for a positive impact"


def _break(lang: str, damage: str) -> Any:
    broken = copy.deepcopy(DEMO_TRANSLATIONS[lang])
    sessions, speakers = broken["sessions"], broken["speakers"]
    first_session, first_speaker = next(iter(sessions)), next(iter(speakers))
    if damage == "missing session":
        del sessions[first_session]
    elif damage == "unknown room":
        broken["rooms"]["Salle 3"] = {"name": "x", "accessibility_notes": "y"}
    elif damage == "unknown field":
        speakers[first_speaker]["affiliation"] = "x"
    elif damage == "short list":
        broken["categories"] = broken["categories"][:-1]
    elif damage == "empty text":
        broken["event"]["tagline"] = " "
    elif damage == "french copied":
        broken["event"]["title"] = EVENT["title"]
    elif damage == "wrong script":
        other = DEMO_TRANSLATIONS["en" if lang == "ar" else "ar"]
        broken["consents"] = list(other["consents"])
    elif damage == "control character":
        speakers[first_speaker]["bio"] += "\u200f"
    elif damage == "paragraph lost":
        broken["event"]["description"] = broken["event"]["description"].replace("\n\n", " ")
    elif damage == "filler dropped":
        title = "Espace calme en accès libre"
        sessions[title]["description"] = sessions[title]["description"].rsplit(".", 2)[0] + "."
    return broken


@pytest.mark.parametrize("lang", sorted(DEMO_TRANSLATIONS))
@pytest.mark.parametrize(
    "damage",
    [
        "missing session",
        "unknown room",
        "unknown field",
        "short list",
        "empty text",
        "french copied",
        "wrong script",
        "control character",
        "paragraph lost",
        "filler dropped",
    ],
)
def test_the_checker_finds_each_kind_of_broken_translation(lang: str, damage: str) -> None:
    assert all_problems(lang, _break(lang, damage))

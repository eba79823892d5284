"""Places the gazetteer does not list: installations ("حقل العمر"), villages it lacks ("في بلدة الداودة"; placed
by the listed town they belong to when the text names it), and names abroad ("في ألمانيا"). Also the small
helpers the place finder shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from extractors.arabic import Token, clean_surface, peeled_surface, readings
from extractors.gazetteer import PlaceMention
from extractors.placewords import (
    FOREIGN,
    FOREIGN_ADJECTIVES,
    FOREIGN_CUES,
    LANDMARKS,
    NAME_HEADS,
    NAME_TAILS,
    NOT_NAMES,
    STRONG_CUES,
    UNLISTED_CUES,
)  # fmt: skip


def bare_reading(word: str) -> str:
    return readings(word)[-1]


def any_reading(words: Sequence[str], vocabulary: set[str]) -> bool:
    return any(r in vocabulary for word in words for r in readings(word))


def span_text(text: str, tokens: Sequence[Token], i: int, end: int, reading: str) -> str:
    first = peeled_surface(tokens[i].raw, tokens[i].norm, reading)
    return clean_surface(first + text[tokens[i].end : tokens[end - 1].end]).replace('"', "").strip()


def is_unlisted(mention: PlaceMention) -> bool:
    return mention.place is None and not mention.region and mention.precision == 1 and not mention.candidates


def names_foreign_place(words: Sequence[str]) -> bool:
    """Whether the sentence sets something abroad: "في ألمانيا", "بشرق ألمانيا", "بأربيل"."""
    for i, word in enumerate(words):
        for reading in readings(word):
            prefix = word[: len(word) - len(reading)]
            if reading in FOREIGN and ("ب" in prefix or (i and words[i - 1] in FOREIGN_CUES)):
                return True
    return False


_LANDMARKS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _name, _admin1 in LANDMARKS.items():
    _key = tuple(_name.split())
    _LANDMARKS_BY_FIRST.setdefault(_key[0], []).append((_key, _admin1))


def starts_landmark(word: str) -> bool:
    return any(r in _LANDMARKS_BY_FIRST for r in readings(word))


def landmark_at(text: str, tokens: Sequence[Token], words: Sequence[str], i: int) -> PlaceMention | None:
    """ "طريق حقل العمر", "قرب سد تشرين": an installation, placed in its governorate."""
    for reading in readings(words[i]):
        for key, admin1 in _LANDMARKS_BY_FIRST.get(reading, ()):
            if tuple(words[i + 1 : i + len(key)]) == key[1:]:
                end = i + len(key)
                return PlaceMention(
                    span_text(text, tokens, i, end, reading), None, admin1, 1, i, end, cue="strong"
                )
    return None


def unlisted_at(text: str, tokens: Sequence[Token], words: Sequence[str], i: int) -> PlaceMention | None:
    """A village the gazetteer lacks, named after "بلدة", "قرية" ...: "في بلدة الداودة شمالي المحافظة".

    Its governorate comes from the places around it (``disambiguate``); it has no P-code or coordinates.
    """
    if not i or not is_cue(words[i - 1]) or tokens[i].pre.strip("\"'“”«»"):
        return None
    if any(r.startswith("ال") for r in readings(words[i - 1])):
        return None  # "على المنطقة تبع ذلك": a definite noun heads no name
    word = words[i]
    if word.startswith(("لل", "وال", "بال", "كال")):
        return None  # "في مخيم للنازحين": a preposition or conjunction, not a name in construct
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if len(word) < 3 or not word.isalpha() or any_reading([word], NOT_NAMES | STRONG_CUES | FOREIGN):
        return None
    if bare_reading(nxt) in FOREIGN_ADJECTIVES or names_foreign_place(words[i + 1 : i + 4]):
        return None  # "مدينة نينوى العراقية", "في مدينة نومبورغ بشرق ألمانيا"
    end = i + 1
    if (
        end < len(words)
        and not tokens[end].pre.strip("\"'“”«»-")
        and (word in NAME_HEADS or words[end] in NAME_TAILS)
    ):
        end += 1
    if _construct_head(words[i]) and end == i + 1:
        return None  # "مدينة الحسكة" is the gazetteer's; a lone word like "منزل" after "قرية" is not
    return PlaceMention(span_text(text, tokens, i, end, word), None, None, 1, i, end, cue="strong")


@lru_cache(maxsize=100_000)
def is_cue(word: str) -> bool:
    return any(r in UNLISTED_CUES for r in readings(word))


def _construct_head(word: str) -> bool:
    """A noun that heads a phrase ("قرية منزل ..."): not a name when it stands alone."""
    return word in NAME_HEADS


_IN_AREA = {"بمنطقه", "بناحيه"}


def lies_in(last: PlaceMention | None, mention: PlaceMention, words: Sequence[str]) -> bool:
    return (
        last is not None and last.precision == 1 and not last.region and not mention.region
        and mention.start == last.end + 1 and words[last.end] in _IN_AREA
    )  # fmt: skip


def placed_by_parent(found: list[PlaceMention]) -> list[PlaceMention]:
    """A village the gazetteer lacks, followed by the listed town it belongs to ("قرية فنيجين التابعة لبلدة
    أبو خشب"), keeps its name but takes the town's unit, near it (precision 2, as ACLED codes a place
    known only by the town nearby); otherwise it would have only its governorate."""
    out = list(found)
    for k, mention in enumerate(found[:-1]):
        parent = found[k + 1]
        if (
            is_unlisted(mention)
            and parent.role == "parent"
            and parent.place
            and parent.place.kind == "community"
        ):
            out[k] = replace(mention, place=parent.place, admin1=parent.admin1, precision=2,
                             candidates=parent.candidates, alternates=parent.alternates)  # fmt: skip
    return out

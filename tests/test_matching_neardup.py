"""Near-duplicate articles (crawler.neardup): the dev set's real texts re-clothed as another outlet's
copy are recognised; different articles, on other events or on the same one, are not."""

from __future__ import annotations

import itertools

import pytest

from crawler import neardup
from tests.dev_reports import records

SEEDS = ("000_84081887a803261d.txt", "001_db4e8251a661603e.txt", "002_3a5829bcddb5d438.txt")
SAME_EVENT = [("dev-28", "dev-29"), ("dev-13", "dev-30"), ("dev-23", "dev-34")]  # two outlets, one event each


def reclothed(text: str, seed: str) -> str:
    """As another outlet would show it: that outlet's page clutter (the seed's own boilerplate lines,
    tests/data/seeds) around the body, doubled spaces, a few diacritics and a taa marbuta as haa."""
    clutter = records()[seed]["boilerplate"]
    body = text.replace(" ", "  ").replace("ا", "اَ", 3).replace("ة", "ه", 5)
    return "\n".join([*clutter[:2], body, *clutter[2:]])


def texts() -> dict[str, str]:
    return {key: doc["text"] for key, doc in records().items() if neardup.signature(doc["text"]) is not None}


@pytest.mark.parametrize("seed", SEEDS)
def test_a_copy_with_other_clutter_is_a_near_duplicate_and_shares_a_band(seed: str) -> None:
    for key, text in texts().items():
        original, copy = neardup.signature(text), neardup.signature(reclothed(text, seed))
        assert original is not None and copy is not None
        assert neardup.similarity(original, copy) >= neardup.THRESHOLD, key
        assert set(neardup.bands(original)) & set(neardup.bands(copy)), key  # found by the index


def test_different_articles_are_not_near_duplicates() -> None:
    signatures = {key: neardup.signature(text) for key, text in texts().items()}
    assert len(signatures) > 50
    for (a, sig_a), (b, sig_b) in itertools.combinations(signatures.items(), 2):
        assert sig_a is not None and sig_b is not None
        assert neardup.similarity(sig_a, sig_b) < neardup.THRESHOLD, (a, b)


@pytest.mark.parametrize(("first", "second"), SAME_EVENT)
def test_two_outlets_on_one_event_are_two_articles(first: str, second: str) -> None:
    a, b = neardup.signature(records()[first]["text"]), neardup.signature(records()[second]["text"])
    assert a is not None and b is not None
    assert neardup.similarity(a, b) < 0.2


def test_a_figure_changed_in_a_copy_is_still_that_text() -> None:
    text = records()["dev-33"]["text"]  # "5" killed
    edited = text.replace("5", "6", 1)
    a, b = neardup.signature(text), neardup.signature(edited)
    assert a is not None and b is not None and a != b
    assert neardup.similarity(a, b) >= neardup.THRESHOLD


def test_a_headline_is_too_short_to_compare() -> None:
    assert neardup.signature("مقتل شاب برصاص مجهولين في ريف دير الزور الشرقي") is None

"""Counts in Arabic news wording (extractors.numbers)."""

from __future__ import annotations

import pytest

from extractors.arabic import words
from extractors.numbers import is_singular_person, parse_count, quantity


@pytest.mark.parametrize(
    ("phrase", "count"),
    [
        ("20 شخصاً", 20),
        ("٢٢ عاماً", 22),
        ("ثلاثة مدنيين", 3),
        ("ثلاث نساء", 3),
        ("أربعة من عناصرها", 4),
        ("خمسة آخرون", 5),
        ("سبعة عاملين", 7),
        ("ثمانية آخرون", 8),
        ("عشرة أشخاص", 10),
        ("أحد عشر شخصاً", 11),
        ("خمسة عشر عنصراً", 15),
        ("خمسة وعشرون قتيلاً", 25),
        ("عشرين شاباً", 20),
        ("ثلاثين مدنياً", 30),
        ("نحو 20 شخصاً", 20),
        ("أكثر من 30 مدنياً", 30),
        ("ما لا يقل عن 12 عنصراً", 12),
        ("اثنين من أشقاء أدهم", 2),
        ("اثنان", 2),
        ("مدنيان اثنان", 2),
    ],
)
def test_numbers_and_number_words(phrase: str, count: int) -> None:
    assert parse_count(phrase) == count


@pytest.mark.parametrize(
    "dual", ["شقيقين", "عنصرين", "شخصين", "عنصران", "شخصان", "الشابين", "طفلان", "مدنيان", "امرأتين"]
)
def test_duals_of_person_nouns_count_two(dual: str) -> None:
    assert parse_count(dual) == 2


def test_sound_plurals_are_not_duals() -> None:
    # "مدنيين" and "مسلحين" are plurals as often as duals: no count
    assert parse_count("مدنيين") is None
    assert parse_count("مسلحين") is None


def test_tens_of_counts_as_ten_and_open_quantities_as_none() -> None:
    assert parse_count("العشرات من المدنيين") == 10
    assert quantity(words("عدد من الأشخاص"), 0) == (None, 1)
    assert quantity(words("وجرح آخرين"), 1) == (None, 1)


def test_weekdays_are_not_numbers() -> None:
    assert quantity(words("الأحد"), 0) is None
    assert quantity(words("الاثنين"), 0) is None


def test_singular_person_nouns() -> None:
    assert is_singular_person("المدني")
    assert is_singular_person("شخصا")
    assert is_singular_person("القيادي")
    assert not is_singular_person("المدنيين")
    assert not is_singular_person("سياره")

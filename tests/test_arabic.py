"""Normalization, tokens and proclitics (extractors.arabic)."""

from __future__ import annotations

import pytest

from extractors.arabic import clean_surface, normalize, peeled_surface, readings, tokenize, words


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("أإآٱا", "ااااا"),  # alef forms
        ("مدينة", "مدينه"),  # taa marbuta
        ("على", "علي"),  # alef maqsura
        ("عمليّة أمنيّة", "عمليه امنيه"),  # shadda
        ("قُتِلَ", "قتل"),  # short vowels
        ("اعتقالـــات", "اعتقالات"),  # tatweel
        ("٣٥ كم و۲۰", "35 كم و20"),  # Arabic-Indic and Persian digits
        ("“داعش” «قسد» ”الدولة”", '"داعش" "قسد" "الدوله"'),  # quote variants
        ("ﻻ", "لا"),  # presentation form
    ],
)
def test_normalize_folds_spelling_variants(written: str, folded: str) -> None:
    assert normalize(written) == folded


def test_tokens_keep_the_written_form_offsets_and_punctuation() -> None:
    text = "نفذ التحالف، عمليّة في “الرز”."
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["نفذ", "التحالف", "عمليه", "في", "الرز"]
    assert tokens[2].raw == "عمليّة"
    assert text[tokens[4].start : tokens[4].end] == "الرز"
    assert tokens[2].pre == "،"  # the comma between "التحالف" and "عمليّة"
    assert tokens[4].pre == "“"


def test_tatweel_after_a_clitic_splits_nothing_off() -> None:
    # "لـ”قسد”": the preposition stands alone, the name is its own token
    assert words("موقعاً لـ”قسد”") == ["موقعا", "ل", "قسد"]


def test_digits_and_letters_glued_together_are_two_tokens() -> None:
    assert words("البصيرة ٣٥كم") == ["البصيره", "35", "كم"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("وللتحالف", {"للتحالف", "التحالف", "تحالف"}),
        ("بريف", {"ريف"}),
        ("والبصيره", {"البصيره", "بصيره"}),
        ("فالمعتقلين", {"المعتقلين", "معتقلين"}),
        ("كالعاده", {"العاده", "عاده"}),
        ("لداعش", {"داعش"}),
    ],
)
def test_readings_peel_proclitics(word: str, expected: set[str]) -> None:
    found = readings(word)
    assert found[0] == word  # the word as it stands comes first
    assert expected <= set(found)


def test_short_words_are_not_peeled_to_nothing() -> None:
    assert readings("بلد") == ("بلد",)
    assert readings("ولد") == ("ولد",)


def test_peeled_surface_gives_the_written_name_without_its_clitic() -> None:
    assert peeled_surface("بمدينة", "بمدينه", "مدينه") == "مدينة"
    assert peeled_surface("بالبصيرة", "بالبصيره", "البصيره") == "البصيرة"
    assert peeled_surface("لـقسد", "لقسد", "قسد") == "قسد"


def test_clean_surface_drops_marks_and_tatweel_but_keeps_letters() -> None:
    assert clean_surface("الطّكيحي  ") == "الطكيحي"
    assert clean_surface("مدينــة الحسكة") == "مدينة الحسكة"

"""Dates resolved against the publication date (extractors.dates)."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.arabic import words
from extractors.dates import find_dates, is_background, latest_not_after


def dates_in(text: str, published: date | None) -> list[date | None]:
    return [m.date for m in find_dates(words(text), published)]


TUESDAY = date(2023, 3, 28)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("نفذ التحالف الدولي اليوم الثلاثاء، عملية أمنية", TUESDAY, TUESDAY),
        ("قتل شاب فجر اليوم في البلدة", TUESDAY, TUESDAY),
        ("وأمس الأحد، داهمت قوة", date(2023, 6, 5), date(2023, 6, 4)),
        ("قتل الشاب مساء أمس", TUESDAY, date(2023, 3, 27)),
        ("اعتقلت قسد يوم أمس شاباً", TUESDAY, date(2023, 3, 27)),
        ("قتل أول أمس", TUESDAY, date(2023, 3, 26)),
        ("وقبل يومين، ألقت قسد القبض", TUESDAY, date(2023, 3, 26)),
        ("نفذا، الجمعة 17 من أيار، مداهمة", date(2019, 5, 18), date(2019, 5, 17)),
        ("في 10 من أيار", date(2019, 5, 18), date(2019, 5, 10)),
        ("فجر الأربعاء 2 كانون الأول/ ديسمبر", date(2020, 12, 2), date(2020, 12, 2)),
        ("في العشرين من تشرين الثاني/ نوفمبر الماضي", date(2020, 12, 2), date(2020, 11, 20)),
        ("وفي الثامن عشر من أيار الفائت", date(2021, 9, 5), date(2021, 5, 18)),
        ("في 13 حزيران الجاري", date(2022, 6, 25), date(2022, 6, 13)),
        ("اليوم السبت 16 آب/أغسطس 2025", date(2025, 8, 16), date(2025, 8, 16)),
        ("في 30 مايو الماضي", date(2025, 8, 16), date(2025, 5, 30)),
        ("الخميس الماضي", TUESDAY, date(2023, 3, 23)),
        ("قتل عنصر، الجمعة، برصاص مجهولين", date(2021, 6, 4), date(2021, 6, 4)),
    ],
)
def test_dates_resolve_against_publication(text: str, published: date, expected: date) -> None:
    assert expected in dates_in(text, published)


def test_a_day_and_month_without_year_is_the_latest_not_after_publication() -> None:
    assert latest_not_after(20, 12, date(2021, 1, 5)) == date(2020, 12, 20)  # not next December
    assert latest_not_after(5, 1, date(2021, 1, 5)) == date(2021, 1, 5)
    assert latest_not_after(30, 2, date(2021, 3, 1)) is None  # no 30 February, nothing invented
    assert dates_in("في 20 كانون الأول", date(2021, 1, 5)) == [date(2020, 12, 20)]


def test_nothing_is_guessed_without_a_publication_date() -> None:
    assert dates_in("قتل مساء أمس", None) == [None]
    assert dates_in("الجمعة 17 من أيار", None) == [None]
    assert dates_in("16 آب 2025", None) == [date(2025, 8, 16)]  # the year is written: no guess needed


@pytest.mark.parametrize(
    "text",
    ["حيث أنها داهمت قبل أيام منزلاً", "وسبق أن أعلنت قسد عن عملية مشابهة", "ومنتصف أيار/مايو الماضي، ألقى التحالف",
     "منذ أيام", "في وقت سابق", "الشهر الماضي"],
)  # fmt: skip
def test_earlier_news_phrases_mark_background_without_a_date(text: str) -> None:
    found = find_dates(words(text), date(2023, 6, 7))
    assert found and all(m.date is None for m in found)
    assert any(m.background for m in found)


def test_background_is_two_days_or_more_before_publication() -> None:
    published = date(2019, 5, 18)
    assert is_background(date(2019, 5, 10), published, cue=False)
    assert not is_background(date(2019, 5, 17), published, cue=False)  # yesterday is news
    assert not is_background(published, published, cue=False)
    assert is_background(None, published, cue=True)
    assert not is_background(None, published, cue=False)


def test_words_that_only_look_like_dates() -> None:
    assert dates_in("استمرت لليوم الثالث على التوالي حملات المداهمة", TUESDAY) == []
    assert dates_in("اقتاد الأب وابنه", TUESDAY) == []  # "أب" (father) is not August
    assert dates_in("بعد صلاة الجمعة", TUESDAY) == []
    assert dates_in("حتى اليوم", TUESDAY) == []


def test_a_night_is_dated_by_the_evening_it_began() -> None:
    # Nahr Media (28 Apr 2022): "الليلة الماضية"; North Press (11 Jan 2021) and North Pulse (28 Apr 2022):
    # a night between two named days is one date, the first (the Fneijin attack began on the Wednesday
    # evening, tests/data/scenario/SOURCES.md; eval NOTES.md, "Dates and background")
    assert dates_in("هاجمت الليلة الماضية، منزل “نوري الحميش”", date(2022, 4, 28)) == [date(2022, 4, 27)]
    assert dates_in("اقتحموا منزله  ليل الأحد ـ الاثنين في بلدة حوايج ذيبان", date(2021, 1, 11)) == [
        date(2021, 1, 10)
    ]
    assert dates_in("فقد سبعة عاملين، ليل الأربعاء/ الخميس، حياتهم", date(2022, 4, 28)) == [date(2022, 4, 27)]

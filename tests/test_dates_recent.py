"""Today's news in other words, and a sentence's one recent date (extractors.dates, extractors.incidents).

Texts are excerpts of real reports (sources in tests/data/eval/SOURCES.md, dev-39 and dev-42; Al-Mashhad
al-Arabi, 18 October 2019, https://almashhadalaraby.com/news/129411, stored in tests/data/dates/).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from extractors.arabic import words
from extractors.dates import find_dates
from extractors.incidents import extract_incidents
from extractors.models import Article

THURSDAY = date(2019, 10, 17)


def dates_in(text: str, published: date) -> list[date | None]:
    return [m.date for m in find_dates(words(text), published)]


def test_a_short_while_ago_is_today() -> None:
    assert dates_in("ترددت أنباء منذ قليل، تفيد بتعرض بلدة رأس العين للقصف", THURSDAY) == [THURSDAY]
    assert dates_in("انفجرت عبوة قبل قليل في المدينة", THURSDAY) == [THURSDAY]
    assert dates_in("استهدفت مسيرة سيارة قبل ساعات", THURSDAY) == [THURSDAY]
    assert dates_in("وصل المسلحون قبل ساعات من الهجوم", THURSDAY) == []  # hours before the event, not now


def test_a_weekday_with_its_date_after_today_or_yesterday() -> None:
    friday = date(2021, 4, 2)
    assert dates_in("قتل شاب اليوم الجمعة 2 نيسان في درعا", friday) == [friday]
    assert dates_in("قتل شاب أمس الأربعاء في درعا", date(2025, 5, 15)) == [date(2025, 5, 14)]


def test_the_one_recent_date_of_a_sentence_dates_its_event_however_far() -> None:
    # "استمرت المعارك في بلدة رأس العين شمالي سوريا، اليوم الجمعة": seven words from the trigger
    text = (Path(__file__).parent / "data" / "dates" / "almashhadalaraby_129411.txt").read_text(
        encoding="utf-8"
    )
    published = datetime(2019, 10, 18, 12, tzinfo=timezone(timedelta(hours=3)))
    found = extract_incidents(Article(url=None, title="", text=text, published=published))
    assert [(i.place, i.date) for i in found][:1] and found[0].date == "2019-10-18"

"""Copyright lines and headline strips told from report lines that share their wording (review R3,
extractors/clutter.py). The report-like lines are the reviewer's minimal cases of each rule; the furniture
lines are the footers of the replica outlets (crawler/replicas) and the corpus pages (tests/data/article_pages).
"""

from __future__ import annotations

import pytest

from extractors.clutter import clean_lines, is_clutter

# a body paragraph: long, a sentence
BODY = ("قال مراسل في ريف إدلب إن قصفاً مدفعياً استهدف بلدة سرمين صباح اليوم الخميس، ما أدى إلى مقتل ثلاثة "
        "مدنيين بينهم طفل وإصابة آخرين بجروح.")  # fmt: skip
ROUND_UP = (
    "أبرز أحداث اليوم: مقتل 3 مدنيين بقصف على سرمين • اعتقال شابين في الشحيل • انفجار عبوة في مدينة درعا"
)
STRIP = "مقتل شخصين بعمليتي اغتيال في درعا • عمليات الخطف تتزايد في درعا • محاولة اغتيال تطال مسؤولاً في درعا"


@pytest.mark.parametrize(
    "line",
    [
        "© حقوق النشر 2019، جميع الحقوق محفوظة | مصدر إخباري آخر",  # replicas: other
        "جميع الحقوق محفوظة لعنب بلدي © 2019",  # replicas: enab-baladi
        "© جميع الحقوق محفوظة لـ SY24",  # replicas: sy24
        "جميع الحقوق محفوظة",
        "Copyright © 2024 Syria TV, All rights reserved",
    ],
)
def test_a_copyright_notice_with_only_its_owner_is_clutter(line: str) -> None:
    assert is_clutter(line)


@pytest.mark.parametrize(
    "line",
    [
        "وأكد الأهالي أن جميع الحقوق محفوظة لأصحاب الأراضي المصادرة في عفرين",
        "«جميع الحقوق محفوظة لأصحاب الأراضي»، قال أحد الأهالي",
        "جميع الحقوق محفوظة لأصحاب الأراضي المصادرة في عفرين",
        # a caption with its photo credit: the caption states the report, so it stays
        "مقتل ثلاثة مدنيين في قصف على سرمين © رويترز",
    ],
)
def test_a_line_that_says_more_than_a_notice_stays(line: str) -> None:
    assert not is_clutter(line)
    assert clean_lines([BODY, line, BODY]) == [BODY, line, BODY]


def test_a_bulleted_round_up_inside_the_report_stays() -> None:
    for line in (ROUND_UP, "الحصيلة • 5 قتلى • 12 جريحاً", STRIP):
        assert not is_clutter(line)
        assert clean_lines([BODY, line, BODY]) == [BODY, line, BODY]
    assert clean_lines([ROUND_UP]) == [ROUND_UP]  # the page's only text is its content


def test_a_headline_strip_above_or_below_the_body_goes() -> None:
    assert clean_lines([STRIP, BODY, BODY]) == [BODY, BODY]
    assert clean_lines([BODY, BODY, STRIP]) == [BODY, BODY]


def test_a_strip_under_its_kicker_goes_wherever_it_stands() -> None:
    ticker = (
        "آخر الأخبار" + STRIP + " •"
    )  # the kicker glued to the first headline, as zaman-alwasl's pages have it
    assert is_clutter(ticker)
    assert clean_lines([BODY, ticker, BODY]) == [BODY, BODY]

"""Alert messages: Arabic labels for every contract id, escaping, persons, RTL, Telegram's limit."""

from __future__ import annotations

import html
import re

import pytest

from crawler.alerts.render import (
    ACTOR_NAMES,
    RLM,
    TYPE_LABELS,
    RenderOptions,
    arabic_date,
    email_html,
    headline,
    plain_text,
    telegram_html,
)
from crawler.alerts.telegram import split_telegram, telegram_length
from extractors.models import ACTOR_IDS, INCIDENT_TYPES, Source
from tests.fakes.fixtures import ATHR_URL, make_alert
from tests.fakes.telegram_api import html_problem

ARABIC = re.compile(r"[\u0600-\u06ff]")
NAMES = {"athr-press": "أثر برس"}


def test_every_contract_type_and_actor_has_an_arabic_label() -> None:
    assert set(TYPE_LABELS) == set(INCIDENT_TYPES)
    assert set(ACTOR_NAMES) == set(ACTOR_IDS)
    for emoji, label in TYPE_LABELS.values():
        assert ARABIC.search(label) and not ARABIC.search(emoji)
    assert all(ARABIC.search(name) for name in ACTOR_NAMES.values())
    assert TYPE_LABELS["raid"][1] == "مداهمة" and TYPE_LABELS["airdrop"][1] == "إنزال جوي"


def test_telegram_message_has_what_a_reader_needs() -> None:
    text = telegram_html(make_alert(), RenderOptions(source_names=NAMES))
    assert html_problem(text) is None
    for expected in ("إنزال جوي", "مقتل", "اعتقال", "جديد", "البصيرة، دير الزور", "التحالف الدولي",
                     "قوات سوريا الديمقراطية (قسد)", "مدنيون", "القتلى: 3", "المعتقلون: 7", "أثر برس"):  # fmt: skip
        assert expected in html.unescape(text), expected
    assert "https://www.openstreetmap.org/?mlat=35.15810&amp;mlon=40.42770#map=12/35.15810/40.42770" in text
    assert f'<a href="{html.escape(ATHR_URL)}">أثر برس</a>' in text
    assert "خبر سابق" not in text and "الجرحى" not in text  # injured is null: not shown
    assert all(line.startswith(RLM) for line in text.split("\n"))


def test_update_background_and_dates() -> None:
    text = telegram_html(make_alert(kind="update", background=True, date="2019-05-17"), RenderOptions())
    assert "تحديث" in text and "خبر سابق" in text and "17 أيار 2019" in text
    undated = make_alert(sources=(Source(ATHR_URL, "athr-press", "2023-06-08T09:30:00+03:00"),))
    assert "تاريخ النشر: 8 حزيران 2023" in telegram_html(undated, RenderOptions())
    assert arabic_date("2024-12-08") == "8 كانون الأول 2024"
    assert arabic_date("2019-05", "month") == "أيار 2019"
    assert arabic_date(None) is None


def test_names_of_persons_only_where_the_channel_allows() -> None:
    hidden = telegram_html(make_alert(), RenderOptions())
    assert "خلف الوهاب" not in hidden and "يحيى المعراوي" not in hidden
    assert "المعلم […]" in hidden  # masked in the quoted evidence, the rest of the sentence kept
    shown = telegram_html(make_alert(), RenderOptions(include_persons=True))
    assert "خلف الوهاب" in shown and "يحيى المعراوي" in shown


def test_scraped_strings_are_escaped_everywhere() -> None:
    alert = make_alert(place="<script>alert(1)</script>", admin1="دير الزور & <b>",
                       sources=(Source('https://x.example/a?b=1&c="2"', "x<y", None), Source("javascript:alert(1)", None, None)))  # fmt: skip
    text = telegram_html(alert, RenderOptions())
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert html_problem(text) is None  # Telegram would accept it
    assert 'href="https://x.example/a?b=1&amp;c=&quot;2&quot;"' in text
    assert "javascript:" not in text.replace("javascript:alert(1)", "")  # not a link, just a label
    assert 'href="javascript' not in text
    mail = email_html(alert, RenderOptions())
    assert "<script>" not in mail and "&lt;script&gt;" in mail


def test_line_breaks_in_scraped_strings_stay_inside_their_line() -> None:
    alert = make_alert(place="البصيرة\nريف دير الزور", admin1="دير الزور\r\n")
    text = telegram_html(alert, RenderOptions())
    assert all(line.startswith(RLM) for line in text.split("\n"))
    assert "البصيرة ريف دير الزور" in text
    assert "\n" not in headline(alert) and "\r" not in headline(alert)


def test_email_html_is_right_to_left_and_plain_text_carries_links() -> None:
    mail = email_html(make_alert(), RenderOptions(source_names=NAMES))
    assert '<html lang="ar" dir="rtl">' in mail and 'dir="rtl"' in mail.split("<body", 1)[1]
    plain = plain_text(make_alert(), RenderOptions(source_names=NAMES))
    assert f"أثر برس: {ATHR_URL}" in plain and "<" not in plain


def test_long_message_is_split_into_parts_telegram_accepts() -> None:
    sources = tuple(Source(f"{ATHR_URL}?page={n}&ref=<rss>", "athr-press", None) for n in range(160))
    text = telegram_html(make_alert(sources=sources), RenderOptions(source_names=NAMES))
    assert telegram_length(text) > 4096
    parts = split_telegram(text)
    assert len(parts) >= 3
    for part in parts:
        assert telegram_length(part) <= 4096 and html_problem(part) is None
    assert "\n".join(parts) == text  # cut between lines: nothing lost, nothing added


@pytest.mark.parametrize("limit", [64, 100, 333])
def test_a_single_long_line_is_cut_between_tokens_with_tags_reopened(limit: int) -> None:
    line = (
        "<b>"
        + " ".join(f"كلمة{n} &amp; &lt;{n}&gt;" for n in range(80))
        + '</b> <a href="https://e.org/?a=1&amp;b=2">رابط</a>'
    )
    parts = split_telegram(line, limit=limit)
    assert len(parts) > 1
    for part in parts:
        assert telegram_length(part) <= limit, part
        assert html_problem(part) is None, part
    visible = " ".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in parts)
    assert visible.split() == html.unescape(re.sub(r"<[^>]+>", "", line)).split()


def test_utf16_length_counts_emoji_twice() -> None:
    assert telegram_length("🪂") == 2 and telegram_length("إنزال") == 5

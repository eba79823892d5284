"""Article text extraction: seeds, replica pages, real saved pages, refusals, and publication dates."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.replicas import site_dirs
from extractors.clutter import clean_lines, is_clutter
from extractors.models import NotAnArticle
from extractors.pagedates import SYRIA
from extractors.text import PageRules, article_from_text, extract_article

DATA = Path(__file__).parent / "data"
PAGES = DATA / "pages"
SEEDS = Path(__file__).parent / "data" / "seeds"
EXPECTED = DATA / "replica_expected"
BASE = "http://127.0.0.1:8000"

# Page furniture that must never reach an article's text (the replicas carry all of it).
CLUTTER = ("camera icon", "tag icon", "مقالات متعلقة", "مقالات ذات صلة", "ادعم عنب بلدي", "اضغط هنا للمساهمة",
           "دولار واحد شهريًا", "الإعلام الموجّه", "Facebook", "WhatsApp", "Telegram", "خاص - SY24",
           "زر الذهاب إلى الأعلى", "تخطى إلى المحتوى", "اقرأ أيضاً", "قد يهمك", "اترك تعليقاً", "إرسال التعليق",
           "جميع الحقوق محفوظة", "الأكثر قراءة", "آخر الأخبار", "×")  # fmt: skip


def token_f1(got: str, want: str) -> float:
    got_tokens, want_tokens = Counter(re.findall(r"\w+", got)), Counter(re.findall(r"\w+", want))
    common = sum((got_tokens & want_tokens).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got_tokens.values()), common / sum(want_tokens.values())
    return 2 * precision * recall / (precision + recall)


def replica_articles() -> list[tuple[str, dict[str, str]]]:
    cases = []
    for site, folder in site_dirs().items():
        for article in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["articles"]:
            cases.append((site, article))
    return cases


# --- seeds (already extracted text with clutter) ------------------------------------------------

SEED_DOCS = json.loads((SEEDS / "annotations.json").read_text(encoding="utf-8"))["docs"]


@pytest.mark.parametrize("name", sorted(SEED_DOCS))
def test_seed_clutter_is_removed_and_the_report_kept(name: str) -> None:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    boilerplate = SEED_DOCS[name]["boilerplate"]
    article = article_from_text(raw)
    for clutter in boilerplate:
        assert clutter not in article.text and clutter not in article.title, clutter
    first_sentence = next(line for line in raw.splitlines()
                          if len(line) > 100 and not any(b in line for b in boilerplate))  # fmt: skip
    assert article.text.startswith(first_sentence.strip())
    # Every line of the report that is not clutter survives (conservative rules).
    kept = set(article.text.splitlines()) | {article.title}
    for line in raw.splitlines():
        if line.strip() and not any(b in line for b in boilerplate) and not is_clutter(line):
            assert line.strip() in kept, line


def test_article_from_text_title_and_dates() -> None:
    raw = (SEEDS / "002_3a5829bcddb5d438.txt").read_text(encoding="utf-8")
    article = article_from_text(raw, url="https://www.sy-24.com/2023/06/07/x/", source_id="sy24")
    assert article.title == "التحالف ينفذ عملية جديدة ضد داعش شرق سوريا"
    assert not article.text.startswith(article.title)
    assert (article.published, article.published_from) == (datetime(2023, 6, 7, tzinfo=SYRIA), "url")
    given = datetime(2023, 6, 7, 12, tzinfo=SYRIA)
    article = article_from_text(raw, url="https://x.example/2020/01/01/y", published=given)
    assert (article.published, article.published_from) == (given, None)  # the caller's date is not evidence
    with pytest.raises(NotAnArticle):
        article_from_text("Facebook\nTwitter\n\n×\n")


def test_excerpt_with_counters_relative_time_and_date_line() -> None:
    # Opening of a real report (Syria Zone citing Nahr Media, https://syriazone.sy/posts/8270601609).
    raw = ("2 ساعات\nإصابة 4 أشخاص بينهم امرأة في اقتتال عشائري بريف دير الزور\nالأربعاء، 4 فبراير 2026\n"
           "أفادت مصادر محلية، مساء السبت، بإصابة أربعة أشخاص، بينهم سيدة، من جراء اقتتال اندلع بين عائلتين في "
           "بلدة ذيبان شرقي دير الزور.\n33\n")  # fmt: skip
    article = article_from_text(raw)
    assert article.title == "إصابة 4 أشخاص بينهم امرأة في اقتتال عشائري بريف دير الزور"
    assert article.text.startswith("أفادت مصادر محلية") and "\n33" not in article.text
    assert (article.published, article.published_from) == (datetime(2026, 2, 4, tzinfo=SYRIA), "text")


def test_excerpt_without_headline_keeps_its_first_paragraph() -> None:
    # Opening of a real report that starts with its first paragraph (Sharq Akhbar, sharqakhbar.com).
    first = ("داهمت دوريات تابعة لـ”قوات سوريا الديمقراطية” (قسد) بلدة الطيانة شرقي دير الزور، اليوم الثلاثاء 14 "
             "من تشرين الأول، وصادرت كميات من الوقود واعتقلت عددًا من العمال المحليين.")  # fmt: skip
    second = "وفي بلدة الصبحة المجاورة، نفذت “قسد” مداهمة أخرى في حي العزيب بمساندة جوية من طيران “التحالف الدولي”."
    article = article_from_text(f"{first}\n\n{second}")
    assert article.title == "" and article.text == f"{first}\n{second}"


# --- replica pages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "article"), replica_articles(), ids=lambda v: v if isinstance(v, str) else v["path"]
)
def test_replica_page_extracts_to_expected_text(site: str, article: dict[str, str]) -> None:
    html = (site_dirs()[site] / article["path"].strip("/") / "index.html").read_text(encoding="utf-8")
    got = extract_article(html.replace("{{BASE}}", BASE).encode(), url=BASE + article["path"], source_id=site)
    want = (EXPECTED / article["expected_text"]).read_text(encoding="utf-8")
    assert token_f1(got.text, want) >= 0.95
    assert got.title == article["title"]
    assert got.source_id == site and got.url == BASE + article["path"]
    for clutter in CLUTTER:
        assert clutter not in got.text, clutter
    day = datetime.fromisoformat(article["published"]).astimezone(SYRIA).date()
    assert got.published is not None and got.published.astimezone(SYRIA).date() == day
    # Without the URL's date, the page itself still dates the article (JSON-LD, meta, or its byline).
    undated = extract_article(html)
    assert undated.published is not None and undated.published.astimezone(SYRIA).date() == day


def test_replica_listing_page_is_refused() -> None:
    html = (site_dirs()["enab-baladi"] / "category" / "news" / "index.html").read_bytes()
    with pytest.raises(NotAnArticle, match="^listing page"):
        extract_article(html)


# --- real saved pages --------------------------------------------------------------------------


def test_assabah_evaldata_snippets() -> None:
    (case,) = json.loads((PAGES / "evaldata_assabah.json").read_text(encoding="utf-8")).values()
    article = extract_article(
        (PAGES / case["file"]).read_bytes(), url="http://www.assabah.com.tn/article/164913"
    )
    for snippet in case["with"]:
        assert snippet in article.text, snippet
    for snippet in case["without"]:
        assert snippet not in article.text, snippet
    assert article.title.startswith("الناشط الحقوقي السوداني خالد عبد الكريم ماسا")
    assert not article.text.startswith(article.title)


def test_windows_1256_page() -> None:
    data = (PAGES / "npasyria_111014.windows-1256.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = extract_article(data, url="https://npasyria.com/111014")
    assert article.title == "فقدان عنصرين لقسد حياتهما برصاص مسلحين مجهولين شرقي دير الزور"
    want = (PAGES / "npasyria_111014.expected.txt").read_text(encoding="utf-8")
    assert token_f1(article.text, want) >= 0.95
    assert "البصيرة ٣٥كم" in article.text  # Arabic-Indic digits sent as character references


def test_listing_home_page_without_schema_is_refused() -> None:
    html = gzip.decompress((PAGES / "jannah_rtl_home.html.gz").read_bytes())
    with pytest.raises(NotAnArticle, match="^listing page"):
        extract_article(html, url="https://jannah.tielabs.com/rtl/")


# --- short items, rules, refusals ------------------------------------------------------------------

# The first two sentences of a real report (963 Media, https://963media.com/16175).
URGENT = ("قُتل شخصان جٌرح آخرون، اليوم السبت، بانفجار سيارة في محافظة دير الزور شرقي سوريا، وفق ما أفاد المرصد "
          "السوري لحقوق الإنسان. وذكر المرصد أن سيارة دفعٍ رباعي ملغمة انفجرت في حي القصور في مدينة دير الزور.")  # fmt: skip
SHORT_PAGE = f"""<html lang="ar" dir="rtl"><head><title>عاجل | انفجار سيارة في دير الزور - 963+</title></head>
<body><header><nav><a href="/">الرئيسية</a> <a href="/news">أخبار</a> <a href="/reports">تقارير</a></nav></header>
<div class="wrap"><div class="kicker">عاجل</div><h1>عاجل | انفجار سيارة في دير الزور</h1>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a></div>
<div class="text">{URGENT}</div><div class="ad">إعلان</div></div>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/a/1">اشتباكات عنيفة وقتلى.. ماذا يجري في ريف حمص الغربي؟</a></li>
<li><a href="/a/2">الأمن العام يدهم أوكار فلول نظام الأسد في حماة</a></li></ul></aside>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def test_short_urgent_item_survives() -> None:
    article = extract_article(SHORT_PAGE)
    assert article.text == URGENT
    assert article.title == "عاجل | انفجار سيارة في دير الزور"


def test_page_rules_drop_and_keep() -> None:
    page = SHORT_PAGE.replace(
        '<div class="ad">إعلان</div>', '<div class="ad">هذا نص إعلاني يظهر داخل المقال.</div>'
    )
    assert "نص إعلاني" in extract_article(page).text
    dropped = extract_article(page, rules=PageRules(drop_selectors=("div.ad",)))
    assert "نص إعلاني" not in dropped.text and URGENT in dropped.text
    kept = extract_article(page, rules=PageRules(keep_selector="div.text"))
    assert kept.text == URGENT
    # A keep_selector that matches nothing falls back to the generic extraction.
    fallback = extract_article(page, rules=PageRules(keep_selector="div.absent"))
    assert URGENT in fallback.text


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (b"", "^empty page"),
        (b"   \n ", "^empty page"),
        ("<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>", "^no article text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "^binary content: png"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "^binary content: pdf"),
        (bytes(range(256)) * 8, "^binary content"),
    ],
)
def test_refusals(page: str | bytes, reason: str) -> None:
    with pytest.raises(NotAnArticle, match=reason):
        extract_article(page)


# The shape of Cloudflare's and similar interstitials (title, challenge form and scripts), written for the test.
CHALLENGES = [
    """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
    <meta name="robots" content="noindex,nofollow"></head><body><div class="main-wrapper" role="main">
    <h1 class="zone-name-title h1">www.syriahr.com</h1><h2 class="h2" id="challenge-body-text">Checking if the site
    connection is secure</h2><div id="challenge-stage"></div><noscript>Enable JavaScript and cookies to continue
    </noscript><form id="challenge-form" action="/?__cf_chl_f_tk=x" method="POST"></form>
    <script>window._cf_chl_opt={cvId: '2'};</script></div></body></html>""",
    """<html><head><title>Attention Required! | Cloudflare</title></head><body><div id="cf-wrapper">
    <h1>Sorry, you have been blocked</h1><form><div class="g-recaptcha" data-sitekey="k"></div></form></div></body></html>""",
    """<html><head><title>التحقق</title></head><body><p>يرجى إثبات أنك لست روبوتاً</p>
    <form action="/verify"><div class="h-captcha" data-sitekey="k"></div></form></body></html>""",
]


@pytest.mark.parametrize("page", CHALLENGES)
def test_bot_challenge_is_refused(page: str) -> None:
    with pytest.raises(NotAnArticle, match="^bot challenge page"):
        extract_article(page.encode())


def test_article_about_captchas_is_not_a_challenge() -> None:
    body = "<p>" + URGENT + " " + "ويطلب الموقع من زواره حل اختبار captcha قبل الدخول. " * 3 + "</p>"
    article = extract_article(
        f"<html><head><title>خبر</title></head><body><article>{body}</article></body></html>"
    )
    assert URGENT in article.text


# --- clutter rules on their own -------------------------------------------------------------------


def test_clutter_rules_keep_real_sentences() -> None:
    lines = [
        "Facebook Twitter واتساب تيلقرام",
        "الخميس، 4 فبراير 2026",
        "عنوان الخبر",
        "اقرأ أيضا",
        "قسد تعتقل شخصين في دير الزور",
        "وقال المرصد إن قسد اعتقلت شخصين في بلدة الشحيل، اليوم الخميس.",
        "وشارك في الحملة عشرات العناصر، وتبرع الأهالي بالدم للجرحى.",
        "قد يهمك ايضا:",
        "مظلوم عبدي يكشف عن اتفاق جديد",
        "زر الذهاب إلى الأعلى",
    ]
    assert clean_lines(lines, title="عنوان الخبر") == lines[5:7]


# --- publication time ------------------------------------------------------------------------------

JSONLD = '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2019-05-18T10:40:12+00:00"}]}</script>'
META = '<meta property="article:published_time" content="2019-05-18T09:00:00+00:00">'
DATE_LINE = '<span class="date meta-item">السبت 18 أيار 2019</span>'
FEED = datetime(2019, 5, 18, 8, 0, tzinfo=UTC)
DATED_URL, UNDATED_URL = "https://x.example/2019/05/17/slug/", "https://x.example/288654/slug"


def dated_page(*parts: str, header_date: str = "") -> str:
    head = "".join(p for p in parts if p.startswith(("<script", "<meta")))
    line = DATE_LINE if DATE_LINE in parts else ""
    return (f"<html><head><title>خبر</title>{head}</head><body><header><span class='today-date'>{header_date}</span>"
            f"</header><article><h1>خبر</h1>{line}<p>{URGENT}</p></article></body></html>")  # fmt: skip


@pytest.mark.parametrize(
    ("parts", "feed", "url", "expected", "source"),
    [
        ((JSONLD, META, DATE_LINE), FEED, DATED_URL, datetime(2019, 5, 18, 10, 40, 12, tzinfo=UTC), "jsonld"),
        ((META, DATE_LINE), FEED, DATED_URL, datetime(2019, 5, 18, 9, tzinfo=UTC), "meta"),
        ((DATE_LINE,), FEED, DATED_URL, FEED, "feed"),
        ((DATE_LINE,), None, DATED_URL, datetime(2019, 5, 17, tzinfo=SYRIA), "url"),
        ((DATE_LINE,), None, UNDATED_URL, datetime(2019, 5, 18, tzinfo=SYRIA), "text"),
        ((), None, UNDATED_URL, None, None),
    ],
)
def test_published_precedence(
    parts: tuple[str, ...], feed: datetime | None, url: str, expected: datetime | None, source: str | None
) -> None:
    article = extract_article(dated_page(*parts), url=url, feed_published=feed)
    assert (article.published, article.published_from) == (expected, source)
    if article.published is not None:
        assert article.published.tzinfo is not None


def test_time_without_zone_is_syria_time_and_header_date_is_ignored() -> None:
    naive = '<meta property="article:published_time" content="2023-06-07T14:05:33">'
    article = extract_article(dated_page(naive))
    assert article.published == datetime(2023, 6, 7, 14, 5, 33, tzinfo=SYRIA)
    assert article.published.utcoffset() == timedelta(hours=3)
    # A theme's "today's date" in the header is not the article's date: never guess.
    undated = extract_article(dated_page(header_date="الجمعة , 9 ديسمبر 2022"), url=UNDATED_URL)
    assert undated.published is None and undated.published_from is None


def test_date_line_inside_extracted_text() -> None:
    page = f"<html><body><div><p>الإثنين, 1 ديسمبر 2025 08:46 PM</p><h2>خبر عاجل</h2><p>{URGENT}</p></div></body></html>"
    article = extract_article(page)
    assert article.published == datetime(2025, 12, 1, 20, 46, tzinfo=SYRIA)
    assert article.published_from == "text"
    assert "2025" not in article.text


def test_clutter_rules_spare_sentences_that_look_like_furniture() -> None:
    lines = [
        "الأكثر قراءة",
        "اشتباكات عنيفة وقتلى.. ماذا يجري في ريف حمص الغربي؟",
        "ساهم الدفاع المدني في إخماد الحريق.",
        "خاص: انفجار عبوة ناسفة في مدينة البصيرة",
        "خاص - SY24",
        "ادعم عنب بلدي",
    ]
    assert clean_lines(lines) == lines[2:4]


# --- clutter rules added with the article-page corpus (issue 4) ------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "عنب بلدي – خاص",  # an exclusive byline, outlet first
        "عنب بلدي – العدد 64 – الأحد 12-5-2013",  # a print issue's line
        "رابط مختصرhttps://www.enabbaladi.net/archives/708130",
        "https://enabbaladi.net/708130/%D8%A7%D8%B9%D8%AA%D9%82%D8%A7%D9%84-%D9%85%D8%AF%D9%86%D9%8A%D9%8A%D9%86",
        "(عنب بلدي)",
        "تصوير: عنب بلدي",
        "no image",
        "نستخدم ملفات تعريف الارتباط (الكوكيز) لنمنحك أفضل تجربة على موقعنا.موافقسياسة الخصوصية",
        "جميع الحقوق محفوظة © زمان الوصل 2025",  # the footer's copyright line
        "© 2025 جميع الحقوق محفوظة لوكالة أنباء هاوار",
        "2021-11-30قراءة: 1204",  # a date line with its view counter
        "آخر الأخبارمقتل شخصين بعمليتي اغتيال في درعا • عمليات الخطف والاغتيالات تتزايد في درعا • "
        "محاولة اغتيال تطال مسؤولاً بنظام الأسد في درعا •",  # a ticker flattened into one line
    ],
)
def test_more_page_furniture_is_clutter(line: str) -> None:
    assert is_clutter(line)


@pytest.mark.parametrize(
    "line",
    [
        "دير الزور – نورث برس",  # a dateline is the report's first line
        "وقال المتحدث عبر موقعه www.example.org إن الهجوم أسفر عن مقتل ثلاثة عناصر من قسد.",
        "وأطلقت السلطات حملة لتوعية الأهالي بخطر ملفات تعريف الارتباط على الخصوصية.",
        "خاص: انفجار عبوة ناسفة في مدينة البصيرة",
    ],
)
def test_report_lines_that_look_like_furniture_stay(line: str) -> None:
    assert not is_clutter(line)


def test_direction_marks_and_teaser_excerpts_under_a_label() -> None:
    lines = ["قُتل عنصران،\u200f السبت،\u200f برصاص مجهولين \u200f(29 عاماً).", "شاهد أيضاً",
             "أفاد مراسل في دير الزور باستشهاد مدني جراء انفجار لغم من مخلفات تنظيم داعش في بلدة المريعية بريف دير "
             "الزور الشرقي وسط أنباء عن…"]  # fmt: skip
    assert clean_lines(lines) == ["قُتل عنصران، السبت، برصاص مجهولين (29 عاماً)."]


# --- listings by what the page says it is, and by its shape ------------------------------------------


def _teaser_page(body_class: str, og_type: str, body: str) -> str:
    teasers = "".join(
        f'<h2><a href="/news/{i}/">عنوان خبر آخر رقم {i} عن دير الزور</a></h2>' for i in range(10)
    )
    return (f'<html><head><meta property="og:type" content="{og_type}"><title>t</title></head>'
            f'<body class="{body_class}"><div class="content">{body}{teasers}</div></body></html>')  # fmt: skip


def test_listing_by_wordpress_class_and_by_shape_but_short_items_survive() -> None:
    with pytest.raises(NotAnArticle, match="^listing page: page class 'archive'"):
        extract_article(_teaser_page("archive tag", "website", f"<p>{URGENT}</p>"))
    with pytest.raises(NotAnArticle, match="^listing page: 10 headlines"):
        extract_article(_teaser_page("", "website", ""))
    # The same links under a two-sentence urgent item: WordPress's "single" class, or og:type article, says
    # it is an article; a body in plain <div>s with <br>s counts like paragraphs.
    for body_class, og_type in (("single single-post", "website"), ("", "article")):
        assert extract_article(_teaser_page(body_class, og_type, f"<p>{URGENT}</p>")).text.startswith(
            URGENT[:40]
        )
    long_div = f"<div>{URGENT}<br>{URGENT}</div>"
    assert URGENT[:40] in extract_article(_teaser_page("", "website", long_div)).text


# --- publication time cross-checked --------------------------------------------------------------


def test_evidence_is_cross_checked(caplog: pytest.LogCaptureFixture) -> None:
    from extractors.pagedates import published_time

    now = datetime(2025, 1, 1, tzinfo=SYRIA)
    jsonld, url_day = datetime(2020, 11, 14, 21, 40, tzinfo=SYRIA), datetime(2020, 11, 17, tzinfo=SYRIA)
    with caplog.at_level("INFO", logger="extractors.pagedates"):
        assert published_time([("jsonld", jsonld), ("url", url_day)], now=now) == (jsonld, "jsonld")
    assert "disagree" in caplog.text and "url 2020-11-17" in caplog.text
    # impossible values are no evidence: a CMS's zero date, a date in the future
    broken, future = datetime(1970, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)
    assert published_time([("jsonld", broken), ("meta", future), ("url", url_day)], now=now) == (
        url_day,
        "url",
    )
    assert published_time([("jsonld", None), ("text", None)], now=now) == (None, None)
    naive = datetime(2024, 10, 2, 9)
    assert published_time([("meta", naive)], now=now)[0] == datetime(2024, 10, 2, 9, tzinfo=SYRIA)


def test_print_issue_line_dates_an_archived_article() -> None:
    page = ("<html><body class='single'><article><h1>المخيمات الفلسطينية في الحسكة</h1>"
            "<p>عنب بلدي – العدد 64 – الأحد 12-5-2013</p>" f"<p>{URGENT}</p></article></body></html>")  # fmt: skip
    article = extract_article(page)
    assert (article.published, article.published_from) == (datetime(2013, 5, 12, tzinfo=SYRIA), "text")
    assert article.text == URGENT


# --- `rasad extract --source`: the configured outlet's page rules ---------------------------------------


def test_extract_command_uses_the_sources_page_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from crawler import commands
    from crawler.cli import build_parser

    def extract(*argv: str) -> dict[str, str]:
        assert commands.extract(build_parser().parse_args(["extract", *argv])) == 0
        article: dict[str, str] = json.loads(capsys.readouterr().out)["article"]
        return article

    page = str(DATA / "article_pages" / "sy24" / "135953-arbitrary-arrests.html")
    heading = "اعتقال تعسفي دون مذكرة قضائية:"
    article = extract(page, "--url", "https://sy-24.com/?p=135953", "--source", "sy24")
    assert article["source_id"] == "sy24" and heading in article["text"]
    config = tmp_path / "rasad.toml"
    config.write_text('[[sources]]\nid = "sy24"\nfeeds = ["https://www.sy-24.com/feed/"]\n'
                      'drop_selectors = ["div.entry-content h3"]\n', encoding="utf-8")  # fmt: skip
    assert heading not in extract(page, "--config", str(config), "--source", "sy24")["text"]
    with pytest.raises(commands.UsageError, match="no such source"):
        commands.extract(build_parser().parse_args(["extract", page, "--source", "nope"]))


# --- a short item whose <article> recall takes whole -----------------------------------------------------

# Step News's report of Deir Ezzor 24's news (https://stepagency-sy.net/2019/10/08/, its first sentence).
GLUED_ITEM = ("اجتمع قادة ميلشيا “الدفاع الوطني” في دير الزور، بممثلين عن قوات النظام السوري، يوم أمس الإثنين، "
              "بهدف التشاور من أجل عبور نهر الفرات والسيطرة على ريف دير الزور الغربي.")  # fmt: skip


def test_share_bar_glued_into_a_short_item_is_left_out() -> None:
    import trafilatura

    from extractors.text import EXTRACTION

    share = "".join(
        f'<li><a href="#" title="{s}"><span>{s}</span></a></li>' for s in ("Facebook", "Twitter", "WhatsApp")
    )
    page = (f'<html><head><title>تحركات لميليشيا الدفاع الوطني غربي دير الزور</title></head><body class="single">'
            f'<article><header><span><a href="/c/">أخبار</a></span><h1>تحركات لميليشيا الدفاع الوطني غربي دير الزور</h1>'
            f'<span>8 أكتوبر، 2019</span></header><ul class="share">{share}</ul><div class="entry-content"><p>'
            f'{GLUED_ITEM}</p></div><ul class="share">{share}</ul></article></body></html>')  # fmt: skip
    recalled = trafilatura.extract(page, **EXTRACTION) or ""
    # recall gives one line: kicker, title, share bar, text
    assert "Facebook Twitter" in recalled and GLUED_ITEM in recalled
    assert extract_article(page).text == GLUED_ITEM

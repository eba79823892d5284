"""Crawl building blocks without a crawl: canonical URLs, feeds, sitemaps, listings, Retry-After,
the page archive and the health-alert rule."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.archive import archive_page, archived_pages
from crawler.health_alerts import check_source_health
from crawler.items import CrawledPage
from crawler.middlewares import retry_after_seconds
from crawler.spiders.challenge import bot_challenge
from crawler.spiders.discovery import NotAnIndex, read_feed, read_listing, read_sitemap
from crawler.store import Store
from crawler.urls import canonical_url, url_key

SLUG = "مقتل-شاب-برصاص-مجهولين"


@pytest.mark.parametrize("variant", [
    f"https://www.enabbaladi.net/archives/{SLUG}/",
    f"http://enabbaladi.net/archives/{SLUG}",
    f"https://www.enabbaladi.net/archives/{SLUG}/amp/",
    f"https://www.enabbaladi.net/archives/{SLUG}/?utm_source=telegram&utm_medium=social&fbclid=x",
    f"https://WWW.EnabBaladi.net/archives/{SLUG}/#comments",
    f"https://www.enabbaladi.net/archives/{SLUG}/?amp=1",
    "https://www.enabbaladi.net/archives/%D9%85%D9%82%D8%AA%D9%84-%D8%B4%D8%A7%D8%A8-%D8%A8%D8%B1%D8%B5%D8%A7%D8%B5-"
    "%D9%85%D8%AC%D9%87%D9%88%D9%84%D9%8A%D9%86/",
    "https://www.enabbaladi.net/archives/%d9%85%d9%82%d8%aa%d9%84-%d8%b4%d8%a7%d8%a8-%d8%a8%d8%b1%d8%b5%d8%a7%d8%b5-"
    "%d9%85%d8%ac%d9%87%d9%88%d9%84%d9%8a%d9%86",
])  # fmt: skip
def test_one_article_one_key(variant: str) -> None:
    assert url_key(variant) == url_key(f"https://www.enabbaladi.net/archives/{SLUG}/")


def test_canonical_url_keeps_what_identifies_the_page() -> None:
    assert canonical_url("https://sana.sy/?p=12345&utm_source=x") == "https://sana.sy/?p=12345"
    assert url_key("https://sana.sy/?p=1") != url_key("https://sana.sy/?p=2")
    assert canonical_url("https://amp.syria.tv/node/5") == "https://syria.tv/node/5"
    assert url_key("http://127.0.0.1:8080/a/") != url_key("http://127.0.0.1:8081/a/")


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<generator>https://wordpress.org/?v=6.4</generator>
<item><link>https://x.net/old/</link><pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate></item>
<item><link>https://x.net/new/</link><pubDate>Tue, 02 Jan 2024 10:00:00 +0000</pubDate></item>
</channel></rss>"""


def test_feed_newest_first_and_wordpress_seen() -> None:
    feed = read_feed(RSS)
    assert [c.url for c in feed.entries] == ["https://x.net/new/", "https://x.net/old/"] and feed.wordpress
    with pytest.raises(NotAnIndex, match="not a feed"):
        read_feed(b"<html><body>maintenance</body></html>")


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://x.net/a/</loc><news:news><news:publication_date>2025-01-01T08:00:00+03:00</news:publication_date></news:news></url>
<url><loc>https://x.net/b/</loc><news:news><news:publication_date>2025-01-02T08:00:00+03:00</news:publication_date></news:news></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://x.net/post-sitemap1.xml</loc><lastmod>2020-01-01</lastmod></sitemap>
<sitemap><loc>https://x.net/post-sitemap9.xml</loc><lastmod>2025-01-01T00:00:00Z</lastmod></sitemap>
</sitemapindex>"""


def test_sitemaps_news_and_index_gzip_and_entities() -> None:
    news = read_sitemap(NEWS_SITEMAP, 10_000_000)
    assert [c.url for c in news.articles] == ["https://x.net/b/", "https://x.net/a/"]
    assert news.articles[0].published == datetime(2025, 1, 2, 5, tzinfo=UTC)
    index = read_sitemap(gzip.compress(INDEX), 10_000_000)
    assert [c.url for c in index.children] == ["https://x.net/post-sitemap9.xml", "https://x.net/post-sitemap1.xml"]
    laughs = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' \
             b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.net/&b;</loc></url></urlset>'  # fmt: skip
    assert all("aaaa" not in c.url for c in read_sitemap(laughs, 10_000_000).articles)
    with pytest.raises(NotAnIndex):
        read_sitemap(b"<html><body>oops</body></html>", 10_000_000)
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000)
    assert len(bomb) < 20_000
    with pytest.raises(Exception, match="(?i)size|max"):
        read_sitemap(bomb, 1_000_000)


def test_listing_page_links_in_page_order() -> None:
    html = """<div class="vce-loop-wrap"><article><h2 class="entry-title"><a href="/2025/01/b/">ب</a></h2></article>
    <article><h2 class="entry-title"><a href="https://x.net/2025/01/a/">أ</a></h2></article></div>
    <aside><h2 class="entry-title"><a href="/popular/">p</a></h2></aside>"""
    links = read_listing(html, "div.vce-loop-wrap article h2.entry-title a", "https://x.net/category/news/")
    assert [c.url for c in links] == ["https://x.net/2025/01/b/", "https://x.net/2025/01/a/"]
    with pytest.raises(NotAnIndex):
        read_listing("<html></html>", "article h2 a", "https://x.net/")


def test_retry_after_seconds_and_dates() -> None:
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=datetime(2015, 10, 21, 7, 27, tzinfo=UTC).timestamp()) == 60
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_bot_challenge_is_recognised_and_feeds_are_not() -> None:
    page = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id='cf-chl'></div></body></html>"
    assert (bot_challenge(page) or "").startswith("bot challenge page")
    assert bot_challenge(RSS) is None


def test_archive_round_trip(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    page = CrawledPage(url="https://x.net/a/", body="<html>نص</html>".encode("cp1256"), source_id="x", encoding="cp1256",
                       feed_published=now, fetched_url="https://x.net/a/")  # fmt: skip
    path = archive_page(tmp_path, page, 200, {"Content-Type": "text/html; charset=windows-1256"}, now)
    assert path.name.endswith(".json.gz") and gzip.decompress(path.read_bytes())
    [back] = list(archived_pages(tmp_path))
    assert back.page.body == page.body and back.headers["Content-Type"].endswith("1256") and back.status == 200
    assert list(archived_pages(tmp_path, since=now + timedelta(days=2))) == []
    assert list(archived_pages(tmp_path, source_ids={"other"})) == []


def test_health_alert_once_then_recovery(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    kinds = []
    for error in ["HTTP 503", "HTTP 503", "bot challenge page: Just a moment...", "HTTP 503", None, None]:
        store.record_crawl("sohr", error)
        kinds.append(check_source_health(store, "sohr", "المرصد", threshold=3))
    assert kinds == [None, None, "failing", None, "recovered", None]
    messages = store.unpublished_health_messages()
    assert [m["kind"] for m in messages] == ["failing", "recovered"]
    assert "المرصد" in str(messages[0]["text"]) and "Just a moment" in str(messages[0]["text"])
    store.mark_health_message_sent(int(str(messages[0]["id"])))
    assert len(store.unpublished_health_messages()) == 1

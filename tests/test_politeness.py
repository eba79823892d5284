"""Crawling behaviour over real HTTP on loopback: sitemaps and listings with conditional GET, WordPress
feed paging, one URL per article, Retry-After, the size cap on compressed bodies, CDN hosts, bot
challenges as source failures with one health alert, and reprocessing the archive."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.replicas.server import ReplicaServer
from crawler.store import Store
from tests.conftest import RunRasad
from tests.test_crawl import ARTICLE, feed

pytestmark = pytest.mark.slow

CHALLENGE = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
             b"<div id='challenge-form' class='cf-chl'>Checking your browser</div></body></html>")  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Iterator[ReplicaServer]:
    server = ReplicaServer.blank(tmp_path / "site", "t", feeds=())
    yield server
    server.stop()


def configure(tmp_path: Path, source: str, extra: str = "") -> dict[str, str]:
    config = tmp_path / "rasad.toml"
    config.write_text(f'download_delay_seconds = 0\n{extra}\n[[sources]]\nid = "t"\nallow_private = true\n{source}\n')
    return {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}


def requested(server: ReplicaServer) -> list[tuple[str, int]]:
    return [(path, status) for _m, path, status in server.requests if path != "/robots.txt"]


def news_sitemap(*paths: str) -> str:
    urls = "".join(f"<url><loc>{{{{BASE}}}}{p}</loc><news:news><news:publication_date>2025-06-0{i + 1}T10:00:00+03:00"
                   f"</news:publication_date></news:news></url>" for i, p in enumerate(paths))  # fmt: skip
    return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')  # fmt: skip


def test_sitemap_index_and_listing_incremental(tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer) -> None:
    site.add_file("/sitemap_index.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                  'sitemap/0.9"><sitemap><loc>{{BASE}}/news-sitemap.xml</loc></sitemap></sitemapindex>')  # fmt: skip
    site.add_file("/news-sitemap.xml", news_sitemap("/2025/06/a/", "/2025/06/b/?utm_source=x"))
    site.add_file("/category/news/", '<div class="posts"><article><h2><a href="/2025/06/b/">ب</a></h2></article>'
                  '<article><h2><a href="/2025/06/c/">ج</a></h2></article></div>')  # fmt: skip
    for slug, title in (("a", "أ"), ("b", "ب"), ("c", "ج")):
        site.add_file(f"/2025/06/{slug}/", ARTICLE.format(title=title))
    env = configure(tmp_path, f'feeds = []\nsitemaps = ["{site.base_url}/sitemap_index.xml"]\n'
                    f'listing_pages = ["{site.base_url}/category/news/"]\nlisting_selector = ".posts article h2 a"')  # fmt: skip
    first = run_rasad("crawl", env=env)
    assert "3 new article(s)" in first.stdout, first.stdout + first.stderr
    assert sorted(p for p, _ in requested(site) if p.startswith("/2025/")) == ["/2025/06/a/", "/2025/06/b/", "/2025/06/c/"]
    site.reset_log()
    second = run_rasad("crawl", env=env)
    assert "0 new article(s)" in second.stdout
    assert requested(site) == [("/sitemap_index.xml", 304), ("/category/news/", 304)] or \
        sorted(requested(site)) == [("/category/news/", 304), ("/sitemap_index.xml", 304)]  # fmt: skip


def test_wordpress_feed_is_paged_until_known(tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer) -> None:
    def wp_feed(*paths: str) -> str:
        return feed(*paths).replace("<title>t</title>", "<title>t</title><generator>https://wordpress.org/?v=6.5</generator>")

    site.add_file("/feed/", wp_feed("/p/1/"))
    site.add_file("/p/1/", ARTICLE.format(title="1"))
    env = configure(tmp_path, f'feeds = ["{site.base_url}/feed/"]')
    assert "1 new article(s)" in run_rasad("crawl", env=env).stdout
    # Three new articles since: page 1 shows two, all new; page 2 has the third and a known one.
    site.add_file("/feed/", wp_feed("/p/4/", "/p/3/"))
    site.add_file("/feed/?paged=2", wp_feed("/p/2/", "/p/1/"))
    for n in (2, 3, 4):
        site.add_file(f"/p/{n}/", ARTICLE.format(title=str(n)))
    site.reset_log()
    again = run_rasad("crawl", env=env)
    assert "3 new article(s)" in again.stdout, again.stdout + again.stderr
    assert ("/feed/?paged=2", 200) in requested(site) and ("/feed/?paged=3", 404) not in requested(site)
    assert ("/p/1/", 200) not in requested(site)


def test_one_article_one_fetch_whatever_the_url_variant(tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer) -> None:
    site.add_file("/feed/", feed("/2025/06/x/", "/2025/06/x/amp/", "/2025/06/x?utm_source=telegram", "/2025/06/x/#respond"))
    site.add_file("/2025/06/x/", ARTICLE.format(title="س"))
    env = configure(tmp_path, f'feeds = ["{site.base_url}/feed/"]')
    assert "1 new article(s)" in run_rasad("crawl", env=env).stdout
    assert [p for p, _ in requested(site) if p.startswith("/2025/")] == ["/2025/06/x/"]
    site.add_file("/feed/", feed("/2025/06/x", "/2025/06/x/index.html"))  # changed feed, same article
    site.reset_log()
    assert "0 new article(s)" in run_rasad("crawl", env=env).stdout
    assert [p for p, _ in requested(site) if p.startswith("/2025/")] == []


def test_retry_after_is_honoured_and_size_cap_covers_gzip(tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer) -> None:
    site.add_file("/feed/", feed("/ok/", "/bomb/"))
    site.add_file("/ok/", ARTICLE.format(title="ok"))
    site.set_response("/feed/", 429, {"Retry-After": "2"})
    bomb = gzip.compress(b"<html>" + b"0" * 30_000_000)  # 30 MB inflated, ~30 KB on the wire
    site.set_response("/bomb/", 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    env = configure(tmp_path, f'feeds = ["{site.base_url}/feed/"]', extra="max_response_bytes = 1000000")
    started = time.monotonic()
    result = run_rasad("crawl", env=env)
    assert time.monotonic() - started >= 2
    assert "1 new article(s)" in result.stdout, result.stdout + result.stderr
    statuses = requested(site)
    assert statuses[:2] == [("/feed/", 429), ("/feed/", 200)] and ("/bomb/", 200) in statuses
    assert len(bomb) < 1_000_000


def test_retry_after_too_long_fails_the_source_without_waiting(tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer) -> None:
    site.set_response("/feed/", 503, {"Retry-After": "3600"})
    env = configure(tmp_path, f'feeds = ["{site.base_url}/feed/"]')
    started = time.monotonic()
    result = run_rasad("crawl", env=env)
    assert time.monotonic() - started < 30
    assert "HTTP 503" in result.stderr and "Retry-After 3600s" in result.stderr, result.stderr
    assert requested(site) == [("/feed/", 503)]


def test_cdn_host_only_when_named(tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer) -> None:
    cdn = site.base_url.replace("127.0.0.1", "localhost")
    site.add_file("/feed/", feed().replace("</channel>", f"<item><link>{cdn}/cdn/a/</link></item></channel>"))
    site.add_file("/cdn/a/", ARTICLE.format(title="cdn"))
    env = configure(tmp_path, f'feeds = ["{site.base_url}/feed/"]')
    assert "0 new article(s)" in run_rasad("crawl", env=env).stdout
    env = configure(tmp_path, f'feeds = ["{site.base_url}/feed/"]\nextra_hosts = ["localhost"]')
    site.add_file("/feed/", feed().replace("</channel>", f"<item><link>{cdn}/cdn/a/</link></item> </channel>"))
    assert "1 new article(s)" in run_rasad("crawl", env=env).stdout


def test_bot_challenge_fails_the_source_once_alerts_and_recovers(
    tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer
) -> None:
    site.add_file("/feed/", feed("/a/"))
    site.set_response("/a/", 503, {"Content-Type": "text/html"}, CHALLENGE, times=100)
    env = configure(tmp_path, f'feeds = ["{site.base_url}/feed/"]\n', extra="health_alert_after_failures = 2")
    for _ in range(3):
        result = run_rasad("crawl", env=env)
        assert "bot challenge page" in result.stderr and "Just a moment" in result.stderr, result.stderr
    store = Store(f"sqlite:///{tmp_path / 'data' / 'rasad.sqlite3'}")
    assert [m["kind"] for m in store.unpublished_health_messages()] == ["failing"]
    assert store.known_urls([f"{site.base_url}/a/"]) == set()  # never stored as an article or a skip
    site.clear_responses()  # the outlet lets us in again
    site.add_file("/a/", ARTICLE.format(title="أ"))
    assert "1 new article(s)" in run_rasad("crawl", env=env).stdout
    assert [m["kind"] for m in store.unpublished_health_messages()] == ["failing", "recovered"]
    shown = run_rasad("sources", env=env).stdout
    assert "articles in the last day: 1" in shown and "consecutive failures: 0" in shown, shown
    # The page was archived: reprocessing re-runs extraction over it without any request.
    site.reset_log()
    again = run_rasad("reprocess", "--since", "1d", "t", env=env)
    assert again.returncode == 0 and "1 article(s)" in again.stdout, again.stdout + again.stderr
    assert site.requests == []
    assert list((tmp_path / "data" / "archive" / "t").rglob("*.json.gz"))

"""The bundled replica outlets and their HTTP server (loopback only)."""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import httpx
import pytest

from crawler.config import SourceConfig
from crawler.replicas import ReplicaServer, corpus, replica_sources, serve_replicas, site_dirs
from crawler.replicas.server import REPLICAS_DIR
from crawler.replicas.sites import shipped_sources
from extractors.models import NotAnArticle
from extractors.pagedates import SYRIA
from extractors.text import extract_article
from tests.test_text import CLUTTER, EXPECTED, token_f1

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, ReplicaServer]]:
    running = serve_replicas()
    yield running
    for server in running.values():
        server.stop()


@pytest.fixture
def enab(servers: dict[str, ReplicaServer]) -> ReplicaServer:
    server = servers["enab-baladi"]
    server.reset_log()
    return server


def get(server: ReplicaServer, path: str, **headers: str) -> httpx.Response:
    return httpx.get(server.base_url + path, headers=headers, timeout=5)


def test_every_site_is_bundled_and_small(servers: dict[str, ReplicaServer]) -> None:
    # One replica per shipped source that has one, plus the stand-in "other" outlet.
    shipped = {source["id"] for source in shipped_sources()}
    assert set(site_dirs()) == shipped | {"other"}
    bundled = sum(
        p.stat().st_size for p in REPLICAS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    assert bundled < 400_000  # the package's own files (corpus pages are served from the corpus)
    for name, server in servers.items():  # what `rasad demo` serves per outlet: a few pages each
        served = sum(len(file.body) for file in server._files.values())
        assert served < 100_000, (name, served)


def test_feed_is_served_with_base_substituted(enab: ReplicaServer) -> None:
    response = get(enab, "/feed/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/rss+xml; charset=UTF-8"
    assert (
        "{{BASE}}" not in response.text and f"<link>{enab.base_url}/2019/05/288654/</link>" in response.text
    )
    assert response.headers["etag"] and response.headers["last-modified"]
    page = get(enab, "/2019/05/288654/")
    assert page.headers["content-type"] == "text/html; charset=UTF-8"
    assert f'<link rel="canonical" href="{enab.base_url}/2019/05/288654/">' in page.text


def test_conditional_get_answers_304(enab: ReplicaServer) -> None:
    first = get(enab, "/feed/")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert get(enab, "/feed/", **{"If-None-Match": etag}).status_code == 304
    assert get(enab, "/feed/", **{"If-Modified-Since": modified}).status_code == 304
    assert (
        get(enab, "/feed/", **{"If-None-Match": '"other"', "If-Modified-Since": modified}).status_code == 200
    )
    assert get(enab, "/feed/", **{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200
    not_modified = get(enab, "/feed/", **{"If-None-Match": etag})
    assert not_modified.content == b"" and not_modified.headers["etag"] == etag


def test_unknown_paths_and_redirects(enab: ReplicaServer) -> None:
    assert get(enab, "/2019/05/999999/").status_code == 404
    # The manifest describes the site; it is not part of it.
    assert get(enab, "/manifest.json").status_code == 404
    redirect = get(enab, "/2019/05/288654")
    assert redirect.status_code == 301 and redirect.headers["location"] == enab.base_url + "/2019/05/288654/"
    assert httpx.head(enab.base_url + "/feed/", timeout=5).status_code == 200


def test_requests_are_logged_in_order(enab: ReplicaServer) -> None:
    get(enab, "/feed/")
    get(enab, "/nothing/")
    httpx.head(enab.base_url + "/2019/05/288654/", timeout=5)
    assert enab.requests == [
        ("GET", "/feed/", 200),
        ("GET", "/nothing/", 404),
        ("HEAD", "/2019/05/288654/", 200),
    ]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: get(enab, "/feed/").status_code, range(24)))
    assert statuses == [200] * 24 and len(enab.requests) == 27
    enab.reset_log()
    assert enab.requests == []


def test_publishing_and_breaking_at_run_time(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "feed").mkdir(parents=True)
    (site / "feed" / "index.xml").write_text(
        '<?xml version="1.0"?><rss><channel><link>{{BASE}}</link></channel></rss>'
    )
    with ReplicaServer(site) as server:
        first = get(server, "/feed/")
        server.add_file(
            "feed/index.xml",
            first.text.replace("</channel>", "<item><link>{{BASE}}/new/</link></item></channel>"),
        )
        server.add_file("new/index.html", "<html><body><p>{{BASE}}</p></body></html>")
        changed = get(server, "/feed/", **{"If-None-Match": first.headers["etag"]})
        assert changed.status_code == 200 and f"<link>{server.base_url}/new/</link>" in changed.text
        # Replaced within the same second, the file still looks newer to If-Modified-Since.
        assert (
            get(server, "/feed/", **{"If-Modified-Since": first.headers["last-modified"]}).status_code == 200
        )
        assert get(server, "/new/").text == f"<html><body><p>{server.base_url}</p></body></html>"
        server.remove_file("feed/index.xml")
        assert get(server, "/feed/").status_code == 404
        base_url = server.base_url
    with pytest.raises(httpx.ConnectError):
        httpx.get(base_url + "/new/", timeout=2)


def test_replica_sources_are_valid_config(servers: dict[str, ReplicaServer]) -> None:
    sources = replica_sources(servers)
    assert [s["id"] for s in sources] == list(servers)
    for source in sources:
        config = SourceConfig(**source)
        assert config.allow_private and config.feeds[0].startswith(servers[config.id].base_url)


def test_serve_replicas_by_name() -> None:
    with pytest.raises(KeyError, match="no replica site named nope"):
        serve_replicas(["nope"])
    running = serve_replicas(["sy24"])
    try:
        assert list(running) == ["sy24"] and get(running["sy24"], "/feed/").status_code == 200
    finally:
        running["sy24"].stop()


def feed_time(entry: feedparser.FeedParserDict) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(entry.published_parsed), UTC)


def manifest_articles() -> list[tuple[str, dict[str, str]]]:
    return [(site, article) for site, folder in site_dirs().items()
            for article in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["articles"]]  # fmt: skip


@pytest.mark.parametrize(
    ("site", "article"), manifest_articles(), ids=lambda v: v if isinstance(v, str) else v["path"]
)
def test_feed_lists_each_article_and_its_page_extracts(
    servers: dict[str, ReplicaServer], site: str, article: dict[str, str]
) -> None:
    server = servers[site]
    entries = {}
    for feed in server.manifest["feeds"]:
        parsed = feedparser.parse(get(server, feed).content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        entries.update({entry.link: entry for entry in parsed.entries})
    url = server.base_url + article["path"]
    entry = entries[url]
    assert entry.title == article["title"]
    published = datetime.fromisoformat(article["published"])
    assert feed_time(entry) == published

    page = get(server, article["path"])
    assert page.status_code == 200
    extracted = extract_article(page.content, url=url, source_id=site)
    want = (EXPECTED / article["expected_text"]).read_text(encoding="utf-8")
    assert token_f1(extracted.text, want) >= 0.95
    for clutter in CLUTTER:
        assert clutter not in extracted.text, clutter
    assert extracted.published is not None
    assert extracted.published.astimezone(SYRIA).date() == published.astimezone(SYRIA).date()


def corpus_pages() -> list[tuple[str, corpus.CorpusPage]]:
    return [(site, page) for site, folder in site_dirs().items()
            for page in (corpus.pages(json.loads((folder / "manifest.json").read_text(encoding="utf-8")))
                         if corpus.is_corpus_site(json.loads((folder / "manifest.json").read_text(encoding="utf-8"))) else [])]  # fmt: skip


@pytest.mark.parametrize(
    ("site", "page"), corpus_pages(), ids=lambda v: v if isinstance(v, str) else v.case["id"]
)
def test_corpus_page_is_in_the_feed_and_served_as_the_outlet_would(
    servers: dict[str, ReplicaServer], site: str, page: corpus.CorpusPage
) -> None:
    server = servers[site]
    feed = get(server, server.manifest["feeds"][0])
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/rss+xml")
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entries = {entry.link: entry for entry in parsed.entries}
    url = server.base_url + page.path
    assert (url in entries) == page.in_feed  # a page not in the feed is on the configured listing page
    wordpress = "wordpress" in str(parsed.feed.get("generator", ""))
    assert wordpress == (server.manifest["feed_format"] == "wordpress")  # only WordPress feeds are paged
    response = get(server, page.path)
    assert response.status_code == 200 and "{{BASE}}" not in response.text
    if not page.is_article:
        with pytest.raises(NotAnArticle, match="^listing page"):
            extract_article(response.content, url=url, source_id=site)
        return
    published = datetime.fromisoformat(page.case["published"])
    if page.in_feed:
        assert entries[url].title == page.case["title"] and feed_time(entries[url]) == published
    extracted = extract_article(response.content, url=url, source_id=site)
    assert page.text_file is not None
    assert token_f1(extracted.text, page.text_file.read_text(encoding="utf-8")) >= 0.95
    assert extracted.published is not None and extracted.published == published

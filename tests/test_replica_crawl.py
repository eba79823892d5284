"""Every bundled replica outlet crawled by the real ``rasad crawl``, with each outlet's shipped source
entry (config/sources.toml) moved onto its replica: its articles stored once with their texts, its
non-article page skipped with a reason, and a second crawl that costs only the feed, answered 304.
Expected data: ``tests/data/replica_expected/crawl.json``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from crawler.config import load_settings
from crawler.demo import demo_config
from crawler.replicas import ReplicaServer, replica_sources, serve_replicas, site_dirs
from crawler.replicas.sites import shipped_sources
from crawler.schema import articles
from crawler.store import Store
from crawler.urls import url_key
from tests.conftest import DATA, RunRasad

pytestmark = pytest.mark.slow
EXPECTED = json.loads((DATA / "replica_expected" / "crawl.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, ReplicaServer]]:
    with ExitStack() as running:  # every server stopped at the end, whatever happens
        yield {name: running.enter_context(server) for name, server in serve_replicas().items()}


def test_every_replica_is_expected_and_replicates_its_shipped_source(
    servers: dict[str, ReplicaServer],
) -> None:
    assert set(EXPECTED) == set(servers) == set(site_dirs())
    shipped = {source["id"] for source in shipped_sources()}
    assert set(servers) - shipped == {"other"}  # the one stand-in outlet; every other replica is configured
    for source in replica_sources(servers):
        if source["id"] in shipped:  # the replica serves the configured paths themselves
            assert source["feeds"] == [
                servers[source["id"]].base_url + feed for feed in servers[source["id"]].manifest["feeds"]
            ]


def test_crawl_every_replica_then_recrawl_costs_only_the_feeds(
    tmp_path: Path, run_rasad: RunRasad, servers: dict[str, ReplicaServer]
) -> None:
    sources = replica_sources(servers)
    config = tmp_path / "rasad.toml"
    config.write_text(demo_config(sources), encoding="utf-8")
    env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}
    for server in servers.values():
        server.reset_log()
    crawl = run_rasad("crawl", env=env)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "<html" not in crawl.stderr.lower(), "a skipped page's markup reached the log"
    for site, expected in EXPECTED.items():
        assert (
            f"done [{site}] {len(expected['articles'])} new article(s), {len(expected['not_articles'])} skipped"
            in crawl.stdout
        )

    settings = load_settings(config, tmp_path / "data")
    store = Store(settings.effective_database_url)
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(select(articles.c.source_id, articles.c.url, articles.c.status,
                                       articles.c.skip_reason, articles.c.text)).all()  # fmt: skip
    finally:
        store.close()
    assert max(Counter(url_key(row.url) for row in rows).values()) == 1  # each page stored once
    for site, expected in EXPECTED.items():
        base = servers[site].base_url
        stored = {url_key(row.url): row for row in rows if row.source_id == site}
        wanted = {url_key(base + path): path for path in expected["articles"]}
        assert {key for key, row in stored.items() if row.status == "article"} == set(wanted), site
        for key, path in wanted.items():
            text = stored[key].text
            for snippet in expected["articles"][path]:
                assert snippet in text, (site, path, snippet)
            for clutter in expected["must_not_contain"]:
                assert clutter not in text, (site, path, clutter)
        for path, reason in expected["not_articles"].items():
            row = stored[url_key(base + path)]
            assert row.status == "skipped" and row.skip_reason.startswith(reason), (site, row.skip_reason)
        # Each page was fetched once; the feed's non-article too (and never again, below).
        fetched = Counter(p for _m, p, _s in servers[site].requests if p != "/robots.txt")
        assert max(fetched.values()) == 1, (site, fetched)

    for server in servers.values():
        server.reset_log()
    again = run_rasad("crawl", env=env)
    assert again.returncode == 0, again.stderr[-3000:]
    for source in sources:
        site, server = source["id"], servers[source["id"]]
        indexes = {
            _path(url)
            for url in (*source["feeds"], *source.get("sitemaps", ()), *source.get("listing_pages", ()))
        }
        requested = [(path, status) for _m, path, status in server.requests if path != "/robots.txt"]
        assert requested and {path for path, _ in requested} <= indexes, (site, requested)
        assert {status for _, status in requested} == {304}, (site, requested)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")

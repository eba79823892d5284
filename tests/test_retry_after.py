"""A Retry-After longer than a crawl waits outlives the crawl: kept in the store, so the next crawl
process (a daemon's next poll, or after a restart) sends that site nothing until it ends, records the
poll as waiting rather than failing, and polls again afterwards. Against bundled replica outlets."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import Response

from crawler.config import load_settings
from crawler.demo import demo_config
from crawler.middlewares import REMEMBER_AT_MOST, RetryAfterMiddleware, wait_key
from crawler.replicas import ReplicaServer, replica_sources, serve_replicas
from crawler.store import Store
from tests.conftest import RunRasad

pytestmark = pytest.mark.slow
SHORT = 3  # seconds: a Retry-After that ends within the test


@pytest.fixture
def outlets() -> Iterator[dict[str, ReplicaServer]]:
    servers = serve_replicas(["north-press", "sohr"])
    yield servers
    for server in servers.values():
        server.stop()


def test_a_long_retry_after_holds_every_later_crawl_until_it_ends(
    tmp_path: Path, run_rasad: RunRasad, outlets: dict[str, ReplicaServer]
) -> None:
    north, sohr = outlets["north-press"], outlets["sohr"]
    north.set_response("/feed/", 429, {"Retry-After": "120"})
    sohr.set_response("/feed/", 503, {"Retry-After": str(SHORT)})
    config = tmp_path / "rasad.toml"  # a crawl waits up to 1 s itself; longer waits are kept
    config.write_text(
        "max_retry_after_seconds = 1\n" + demo_config(replica_sources(outlets)), encoding="utf-8"
    )
    env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}

    first = run_rasad("crawl", env=env)
    asked_at = time.monotonic()
    assert "FAILED [north-press]" in first.stderr and "Retry-After 120s" in first.stderr, first.stderr
    assert "FAILED [sohr]" in first.stderr
    assert [p for _m, p, _s in north.requests if p != "/robots.txt"] == ["/feed/"]

    # Inside both windows: not one request to either site, robots.txt included; waiting, not failing.
    for server in outlets.values():
        server.reset_log()
    second = run_rasad("crawl", env=env)
    assert second.returncode == 0, second.stderr
    assert north.requests == [] and sohr.requests == []
    assert "waiting [north-press] not polled" in second.stdout and "waiting [sohr]" in second.stdout
    sources = run_rasad("sources", env=env).stdout
    north_line = next(line for line in sources.splitlines() if line.startswith("north-press"))
    assert "FAILING x1, WAITING until" in north_line, sources  # the 429 poll failed; the skipped one did not

    # After sohr's window: sohr is polled and works; north's two minutes still hold.
    time.sleep(max(0.0, SHORT + 0.5 - (time.monotonic() - asked_at)))
    third = run_rasad("crawl", env=env)
    assert "done [sohr] 2 new article(s)" in third.stdout, third.stdout + third.stderr
    assert north.requests == [] and ("GET", "/feed/", 200) in sohr.requests
    settings = load_settings(config, tmp_path / "data")
    store = Store(settings.effective_database_url)
    try:
        health = store.source_health()
        assert health["sohr"]["consecutive_failures"] == 0 and health["sohr"]["waiting_until"] is None
        assert health["north-press"]["consecutive_failures"] == 1
        held = store.host_waits()
        assert set(held) == {wait_key(north.base_url)}
        assert (
            timedelta(seconds=100)
            < held[wait_key(north.base_url)] - datetime.now(UTC)
            <= timedelta(seconds=120)
        )
    finally:
        store.close()


@pytest.mark.parametrize(
    "header", ["604800", format_datetime(datetime.now(UTC) + timedelta(days=3), usegmt=True)]
)
def test_a_stored_wait_is_capped_and_holds_the_host_in_this_crawl_too(tmp_path: Path, header: str) -> None:
    store = Store(f"sqlite:///{tmp_path / 'rasad.db'}")
    try:
        middleware = RetryAfterMiddleware(max_wait=60, store=store)
        request = Request("https://www.example.org/feed/")
        answer = Response(request.url, status=429, headers={"Retry-After": header}, request=request)
        assert middleware.process_response(request, answer) is answer  # not retried: too long
        until = store.host_waits()["example.org"]
        assert until - datetime.now(UTC) <= REMEMBER_AT_MOST
        assert until - datetime.now(UTC) > REMEMBER_AT_MOST - timedelta(minutes=1)
        # A later crawl process reads it back, and the bare host and www. are one site.
        later = RetryAfterMiddleware(max_wait=60, store=store)
        assert later.held == {"example.org": until} and wait_key("http://example.org/x") == "example.org"
    finally:
        store.close()

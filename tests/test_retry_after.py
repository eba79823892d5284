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
import sqlalchemy as sa
from scrapy import Request
from scrapy.http import Response

from crawler.config import load_settings
from crawler.demo import demo_config
from crawler.middlewares import REMEMBER_AT_MOST, RetryAfterMiddleware, retry_after_seconds, wait_key
from crawler.replicas import ReplicaServer, replica_sources, serve_replicas
from crawler.store import Store
from tests.conftest import RunRasad
from tests.test_crawl import ARTICLE, feed

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
    assert "waiting [north-press] the site asked us" in second.stdout and "waiting [sohr]" in second.stdout
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


def test_a_wait_met_after_a_redirect_holds_the_feed_that_led_there(
    tmp_path: Path, run_rasad: RunRasad, outlets: dict[str, ReplicaServer]
) -> None:
    """north-press's feed moved (301) to another host, which asks for two minutes: later polls are
    waiting, not failing, and neither host is asked."""
    north, elsewhere = outlets["north-press"], outlets["sohr"]
    north.set_response("/feed/", 301, {"Location": elsewhere.base_url + "/moved-feed/"}, times=5)
    elsewhere.set_response("/moved-feed/", 429, {"Retry-After": "120"}, times=5)
    config = tmp_path / "rasad.toml"
    config.write_text(
        "max_retry_after_seconds = 1\n" + demo_config(replica_sources({"north-press": north})),
        encoding="utf-8",
    )
    env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}
    first = run_rasad("crawl", env=env)
    assert "FAILED [north-press]" in first.stderr and "Retry-After 120s, longer than allowed" in first.stderr

    for server in outlets.values():
        server.reset_log()
    for _poll in range(3):
        later = run_rasad("crawl", env=env)
        assert later.returncode == 0, later.stdout + later.stderr
        assert "waiting [north-press]" in later.stdout and "FAILED" not in later.stderr
    assert north.requests == [] and elsewhere.requests == []
    listed = run_rasad("sources", env=env).stdout
    assert "FAILING x1, WAITING until" in next(
        line for line in listed.splitlines() if line.startswith("north-press")
    )
    store = Store(load_settings(config, tmp_path / "data").effective_database_url)
    try:
        assert set(store.host_waits()) == {wait_key(north.base_url), wait_key(elsewhere.base_url)}
    finally:
        store.close()


def test_articles_on_a_host_that_asked_to_wait_make_the_poll_waiting_then_come_next_time(
    tmp_path: Path, run_rasad: RunRasad
) -> None:
    """The feed's host answers; its articles live on another host, held by an earlier Retry-After.
    The article there is not asked for, the poll is waiting (not failing, not a success that would
    hide it), and once the wait ends the next poll fetches it."""
    home = ReplicaServer.blank(tmp_path / "home", "t")
    cdn = ReplicaServer.blank(tmp_path / "cdn", "t")
    try:
        home.add_file("/a/", ARTICLE.format(title="أ"))
        cdn.add_file("/b/", ARTICLE.format(title="ب"))
        home.add_file(
            "/feed/",
            feed("/a/").replace("</channel>", f"<item><link>{cdn.base_url}/b/</link></item></channel>"),
        )
        config = tmp_path / "rasad.toml"
        config.write_text(
            f'download_delay_seconds = 0\n[[sources]]\nid = "t"\nfeeds = ["{home.base_url}/feed/"]\n'
            f'allow_private = true\nextra_hosts = ["{wait_key(cdn.base_url).split(":")[0]}"]\n'
        )
        env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}
        store = Store(load_settings(config, tmp_path / "data").effective_database_url)
        store.set_host_wait(wait_key(cdn.base_url), datetime.now(UTC) + timedelta(seconds=SHORT), 429, "t")
        asked_at = time.monotonic()

        held = run_rasad("crawl", env=env)
        assert held.returncode == 0, held.stdout + held.stderr
        assert "waiting [t]" in held.stdout and "1 new article(s) before that" in held.stdout, held.stdout
        assert cdn.requests == [] and ("GET", "/a/", 200) in home.requests
        health = store.source_health()["t"]
        assert health["consecutive_failures"] == 0 and health["waiting_until"] is not None
        assert health["articles_total"] == 1 and health["last_success"] is None

        time.sleep(max(0.0, SHORT + 0.5 - (time.monotonic() - asked_at)))
        after = run_rasad("crawl", env=env)
        assert "done [t] 1 new article(s)" in after.stdout, after.stdout + after.stderr
        assert ("GET", "/b/", 200) in cdn.requests
        health = store.source_health()["t"]
        assert health["articles_total"] == 2 and health["waiting_until"] is None
        store.close()
    finally:
        home.stop()
        cdn.stop()


def test_a_503_still_asking_after_the_retries_is_not_called_too_long(
    tmp_path: Path, run_rasad: RunRasad, outlets: dict[str, ReplicaServer]
) -> None:
    sohr = outlets["sohr"]
    sohr.set_response("/feed/", 503, {"Retry-After": "0"}, times=3)  # within the limit, every time
    config = tmp_path / "rasad.toml"
    config.write_text(
        "max_retry_after_seconds = 5\n" + demo_config(replica_sources({"sohr": sohr})), encoding="utf-8"
    )
    env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}
    crawled = run_rasad("crawl", env=env)
    assert "HTTP 503 (Retry-After 0s, still asked after 2 retries)" in crawled.stderr, crawled.stderr
    assert "longer than allowed" not in crawled.stderr
    assert [s for _m, p, s in sohr.requests if p == "/feed/"] == [503, 503, 503]


@pytest.mark.parametrize("header", ["100000000000000", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_an_absurd_retry_after_is_capped_not_a_crash(header: str) -> None:
    middleware = RetryAfterMiddleware(max_wait=60)
    request = Request("https://example.org/feed/")
    answer = Response(request.url, status=429, headers={"Retry-After": header}, request=request)
    assert middleware.process_response(request, answer) is answer
    assert middleware.held["example.org"] - datetime.now(UTC) <= REMEMBER_AT_MOST


@pytest.mark.parametrize(
    "header", ["-5", "1.5", "soon", "Wed, 99 Oct 2015 07:28:00 GMT", "Sun, 06 Nov 1994 08:49:37 +2400"]
)
def test_a_retry_after_that_is_no_delay_leaves_the_response_to_scrapys_retries(header: str) -> None:
    assert retry_after_seconds(header) is None
    middleware = RetryAfterMiddleware(max_wait=60)
    request = Request("https://example.org/feed/")
    answer = Response(request.url, status=503, headers={"Retry-After": header}, request=request)
    assert middleware.process_response(request, answer) is answer
    assert "dont_retry" not in request.meta and middleware.held == {}


def test_an_http_date_in_zone_minus_0000_is_utc_not_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Damascus")  # a machine whose local time is not UTC
    time.tzset()
    try:
        asked = datetime(2015, 10, 21, 7, 27, tzinfo=UTC).timestamp()
        assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 -0000", now=asked) == 60
        assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=asked) == 60
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_later_of_two_waits_stands(database_url: str) -> None:
    store = Store(database_url)
    soon, later = datetime.now(UTC) + timedelta(minutes=5), datetime.now(UTC) + timedelta(hours=1)
    store.set_host_wait("example.org", soon, 503, "sohr")
    store.set_host_wait("example.org", later, 429, "sohr")
    store.set_host_wait("example.org", soon, 503, "sohr")
    assert store.host_waits() == {"example.org": pytest.approx(later, abs=timedelta(milliseconds=1))}
    store.close()


@pytest.mark.parametrize("theirs", [timedelta(minutes=1), timedelta(hours=1)])
def test_two_crawl_processes_storing_one_hosts_wait_at_once(database_url: str, theirs: timedelta) -> None:
    """Another process stores the same host's wait just before this one writes: no IntegrityError
    (the old select-then-insert raised one inside the middleware), and the later time stands."""
    store = Store(database_url)
    other = Store(database_url)
    ours = datetime.now(UTC) + timedelta(minutes=10)
    competing = datetime.now(UTC) + theirs

    raced: list[str] = []

    def other_process_first(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO HOST_WAITS") and not raced:
            raced.append(statement)
            other.set_host_wait("example.org", competing, 429, "north-press")

    sa.event.listen(store.engine, "before_cursor_execute", other_process_first)
    store.set_host_wait("example.org", ours, 503, "sohr")
    assert raced, "the store wrote no host_waits row"
    assert other.host_waits()["example.org"] == pytest.approx(
        max(ours, competing), abs=timedelta(milliseconds=1)
    )
    other.close()
    store.close()


def test_sources_check_does_not_ask_a_host_that_asked_us_to_wait(tmp_path: Path, run_rasad: RunRasad) -> None:
    held, free = (
        ReplicaServer.blank(tmp_path / "held", "held"),
        ReplicaServer.blank(tmp_path / "free", "free"),
    )
    try:
        for server in (held, free):
            server.add_file("/feed/", feed("/a/"))
        config = tmp_path / "rasad.toml"
        config.write_text(
            "".join(
                f'[[sources]]\nid = "{s.site_dir.name}"\nfeeds = ["{s.base_url}/feed/"]\nallow_private = true\n'
                for s in (held, free)
            )
        )
        env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}
        store = Store(load_settings(config, tmp_path / "data").effective_database_url)
        store.set_host_wait(wait_key(held.base_url), datetime.now(UTC) + timedelta(minutes=30), 429, "held")
        store.close()

        checked = run_rasad("sources", "--check", env=env)
        assert checked.returncode == 0, checked.stdout + checked.stderr  # a wait is no configuration problem
        assert f"WAIT held: {held.base_url}/feed/: WAITING until" in checked.stdout, checked.stdout
        assert f"OK   free: {free.base_url}/feed/" in checked.stdout
        assert held.requests == [] and ("GET", "/feed/", 200) in free.requests
    finally:
        held.stop()
        free.stop()

"""The store: articles once, incidents with their sources, outbox, ledger, feed state, health."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.alerts.alert import Alert
from crawler.store import Store
from extractors.models import Article, Incident, Source

NOW = datetime(2023, 6, 8, 12, tzinfo=UTC)
DAY = timedelta(hours=72)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'db' / 'rasad.sqlite3'}")


def article(url: str, source_id: str = "sy24") -> Article:
    return Article(url=url, title="t", text="x", published=NOW - timedelta(hours=3), source_id=source_id)


def incident(url: str, place_id: str = "C1", date: str | None = "2023-06-07", background: bool = False) -> Incident:
    return Incident(
        types=("raid", "arrest"), place="الرز", place_id=place_id, admin1="دير الزور", date=date,
        background=background, sources=(Source(url, "sy24", None),), evidence=f"from {url}",
    ).with_stable_id()  # fmt: skip


def test_article_with_incident_queues_one_alert(store: Store) -> None:
    result = store.save_article(article("https://a/1"), [incident("https://a/1")], DAY, now=NOW)
    assert (result.new_incidents, result.alerts) == (1, 1)
    assert store.known_urls(["https://a/1", "https://a/2"]) == {"https://a/1"}
    rows = store.unpublished_outbox()
    assert [r.alert.kind for r in rows] == ["new"]
    store.mark_published(rows[0].id, "1-0")
    assert store.unpublished_outbox() == []
    # the same URL again changes nothing
    assert store.save_article(article("https://a/1"), [incident("https://a/1")], DAY, now=NOW).alerts == 0


def test_same_incident_from_another_outlet_joins_without_alert(store: Store) -> None:
    store.save_article(article("https://a/1"), [incident("https://a/1")], DAY, now=NOW)
    result = store.save_article(article("https://b/9", "enab"), [incident("https://b/9")], DAY, now=NOW)
    assert (result.new_incidents, result.joined_incidents, result.alerts) == (0, 1, 0)
    [stored] = store.incidents()
    assert [s.url for s in stored.sources] == ["https://a/1", "https://b/9"]


def test_old_incidents_are_stored_not_alerted(store: Store) -> None:
    old = incident("https://a/2", place_id="C2", date="2023-05-01")
    past = incident("https://a/2", place_id="C3", background=True)  # undated: as fresh as its article
    result = store.save_article(article("https://a/2"), [old, past], DAY, now=NOW)
    assert (result.new_incidents, result.alerts) == (2, 1)
    [queued] = store.unpublished_outbox()
    assert queued.alert.incident.background  # the rules decide (include_background), not the store
    assert len(store.incidents(since=NOW - timedelta(hours=1))) == 2


def test_deliveries_ledger(store: Store) -> None:
    found = incident("https://a/1")
    alert = Alert(f"{found.id}:new", "new", found)
    assert not store.delivered(alert.alert_id, "ops")
    store.record_delivery(alert, "ops", "sent", message_id="42")
    store.record_delivery(alert, "ops", "sent", message_id="43")  # a repeat is ignored
    assert store.delivered(alert.alert_id, "ops")
    assert store.message_id_for(found.id, "ops") == "42"
    assert store.message_id_for(found.id, "desk") is None


def test_feed_validators_and_health(store: Store) -> None:
    assert store.feed_validators("https://a/feed/") == (None, None)
    store.save_feed_validators("https://a/feed/", '"abc"', "Wed, 07 Jun 2023 10:00:00 GMT")
    assert store.feed_validators("https://a/feed/") == ('"abc"', "Wed, 07 Jun 2023 10:00:00 GMT")
    store.record_crawl("sy24", "HTTP 500")
    store.record_crawl("sy24", "HTTP 500")
    assert store.source_health()["sy24"]["consecutive_failures"] == 2
    store.record_crawl("sy24", None, articles_new=3)
    health = store.source_health()["sy24"]
    assert health["consecutive_failures"] == 0 and health["articles_total"] == 3


def test_skipped_page_is_known(store: Store) -> None:
    store.record_skipped("https://a/tag/x/", "sy24", "listing page")
    assert store.known_urls(["https://a/tag/x/"]) == {"https://a/tag/x/"}


def _open_and_query(url: str) -> None:
    Store(url).known_urls(["https://a/1"])


def test_processes_opening_a_new_database_at_once(tmp_path: Path) -> None:
    """The first crawls of a fresh daemon start together; none may fail creating the schema."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for trial in range(5):
        url = f"sqlite:///{tmp_path / str(trial) / 'rasad.sqlite3'}"
        processes = [context.Process(target=_open_and_query, args=(url,)) for _ in range(4)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=30)
        assert [p.exitcode for p in processes] == [0, 0, 0, 0]

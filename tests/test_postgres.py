"""The whole store on PostgreSQL (a throwaway server, tests/pg.py): the store tests of
tests/test_store.py, tests/test_matching_store.py and tests/test_digest.py run here again with a
PostgreSQL ``store``; the crawl state, the schema's constraints and a whole ``rasad`` run get their own."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from crawler.alerts.alert import Alert
from crawler.health_alerts import check_source_health
from crawler.replicas.server import ReplicaServer
from crawler.schema import deliveries
from crawler.store import Store
from crawler.urls import url_key
from extractors.models import Incident
from tests import test_digest, test_matching_store, test_store
from tests.conftest import RunRasad
from tests.pg import PostgresCluster
from tests.test_crawl import ARTICLE, feed
from tests.test_store import DAY, NOW, article

# Every test of these modules that takes a ``store`` is collected here again, where ``store`` is this
# module's fixture: a PostgreSQL store. New store tests there run on PostgreSQL without an edit here;
# the other fixtures of their module come along.
for _module in (test_store, test_matching_store, test_digest):
    for _name, _value in vars(_module).items():
        if _name.startswith("test_") and "store" in inspect.signature(_value).parameters:
            globals()[_name] = _value
        elif hasattr(_value, "_fixture_function_marker") and _name != "store":
            globals().setdefault(_name, _value)


@pytest.fixture
def store(postgres: PostgresCluster) -> Iterator[Store]:
    opened = Store(postgres.new_database())
    assert opened.engine.dialect.name == "postgresql"
    yield opened
    opened.close()


def test_url_keys_and_recent_articles(store: Store) -> None:
    store.remember_urls(["https://a/2023/06/x?utm_source=feed", "https://a/2023/06/x"], "sy24")
    store.remember_urls(["https://a/2023/06/x"], "sy24")  # known: not again
    assert store.known_keys([url_key("https://a/2023/06/x"), "other"]) == {url_key("https://a/2023/06/x")}
    store.save_article(article("https://a/2023/06/x"), [], DAY, now=NOW)
    assert store.articles_since(NOW - timedelta(hours=1)) == {"sy24": 1}
    assert store.articles_since(NOW + timedelta(seconds=1)) == {}
    assert store.last_article_at("sy24") == NOW


def test_health_alert_once_then_recovery(store: Store) -> None:
    kinds = []
    for error in ["HTTP 503", "HTTP 503", "HTTP 503", None, None]:
        store.record_crawl("sohr", error)
        kinds.append(check_source_health(store, "sohr", "المرصد", threshold=3))
    assert kinds == [None, None, "failing", "recovered", None]
    messages = store.unpublished_health_messages()
    assert [m["kind"] for m in messages] == ["failing", "recovered"]
    store.mark_health_message_sent(int(str(messages[0]["id"])))
    assert len(store.unpublished_health_messages()) == 1
    last = store.source_health()["sohr"]["last_success"]
    assert isinstance(last, datetime) and abs(datetime.now(UTC) - last) < timedelta(minutes=1)


@pytest.mark.slow
def test_rasad_crawl_and_incidents_on_postgresql(
    tmp_path: Path, run_rasad: RunRasad, postgres: PostgresCluster
) -> None:
    """``database_url`` in the config, as an operator writes it (plain ``postgresql://``)."""
    url = postgres.new_database().replace("postgresql+psycopg://", "postgresql://")
    site = ReplicaServer.blank(tmp_path / "site", "t")
    try:
        site.add_file("/feed/", feed("/a/"))
        site.add_file("/a/", ARTICLE.format(title="أ"))
        config = tmp_path / "rasad.toml"
        config.write_text(
            f'database_url = "{url}"\ndownload_delay_seconds = 0\n'
            f'[[sources]]\nid = "t"\nfeeds = ["{site.base_url}/feed/"]\nallow_private = true\n'
        )
        env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}
        first = run_rasad("crawl", env=env)
        assert first.returncode == 0 and "1 new article(s)" in first.stdout, first.stdout + first.stderr
        again = run_rasad("crawl", env=env)
        assert "0 new article(s)" in again.stdout, again.stdout + again.stderr
    finally:
        site.stop()
    listed = run_rasad("incidents", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert any(i["place"] == "الرز" for i in json.loads(listed.stdout))
    status = run_rasad("status", "--format", "json", env=env)
    assert status.returncode == 0, status.stderr
    assert not (tmp_path / "data" / "rasad.sqlite3").exists()  # all of it went to PostgreSQL


def test_values_the_outside_world_sizes_fit(database_url: str) -> None:
    """PostgreSQL enforces VARCHAR lengths (SQLite does not): a digest's joined message ids and a
    server's ETag or Last-Modified, whose lengths Rasad does not choose, are stored whole."""
    store = Store(database_url)
    found = Incident(types=("raid",), place="الرز", admin1="دير الزور", sources=()).with_stable_id()
    message_ids = ",".join(str(7_000_000 + n) for n in range(200))  # a digest sent one alert at a time
    store.record_delivery(Alert(f"{found.id}:new", "new", found), "ops", "sent", message_id=message_ids)
    assert store.message_id_for(found.id, "ops") == message_ids
    etag, modified = '"' + "e" * 4000 + '"', "Wed, 07 Jun 2023 10:00:00 GMT; " + "x" * 300
    store.save_feed_validators("https://a/feed/", etag, modified)
    assert store.feed_validators("https://a/feed/") == (etag, modified)
    store.close()


def test_the_ledger_key_is_the_databases_too(database_url: str) -> None:
    """One ledger row per alert and channel, by the unique key, not only by the check before insert."""
    store = Store(database_url)
    found = Incident(types=("raid",), place="الرز", admin1="دير الزور").with_stable_id()
    store.record_delivery(Alert(f"{found.id}:new", "new", found), "ops", "sent", message_id="1")
    row = {"alert_id": f"{found.id}:new", "channel_id": "ops", "incident_id": found.id, "kind": "new",
           "outcome": "sent", "sent_at": NOW}  # fmt: skip
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.insert(deliveries).values(**row))
    with store.engine.begin() as conn:
        conn.execute(sa.insert(deliveries).values(**{**row, "channel_id": "desk"}))  # another channel: fine
    assert store.counts()["deliveries"] == 2
    store.close()

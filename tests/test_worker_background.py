"""One ``new`` message per incident and channel when the incident was first known as earlier news
(crawler.alerts.first_news): the store's filing, the outbox publisher, a real Redis stream, the
worker, the store's digest queue and the local Bot API."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from crawler.alerts.deadletters import requeue
from crawler.alerts.senders import build_senders
from crawler.alerts.worker import Worker
from crawler.config import Settings
from crawler.publisher import publish_pending
from crawler.schema import deliveries
from crawler.store import Store
from crawler.stream import AlertStream
from extractors.models import Article, Incident
from tests.dev_reports import incident_at, report
from tests.fakes.fixtures import alert_stream, redis_client, telegram_api, tmp_settings
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI, scripted
from tests.test_digest import Clock

__all__ = ["alert_stream", "redis_client", "telegram_api"]

EARLIER_NEWS = "خبر سابق"  # how a background alert is labelled (crawler.alerts.render)


def chat(api: FakeTelegramAPI, channel_id: str, chat_id: str, **options: Any) -> dict[str, Any]:
    return {"id": channel_id, "kind": "telegram", "chat_id": chat_id, "token_env": "T", "api_url": api.url,
            "per_chat_interval_seconds": 0, "per_minute": 0, **options}  # fmt: skip


def as_earlier_news(incident: Incident) -> Incident:
    return replace(incident, background=True, date=None)


def file(store: Store, article: Article, found: Incident) -> None:
    assert article.published is not None
    store.save_article(replace(article, text=""), [found], timedelta(hours=72),
                       now=article.published + timedelta(hours=1))  # fmt: skip


def mention_then_news(store: Store) -> Article:
    """Snack Syrian's raid on البصيرة, first met as earlier news in one outlet, then reported as news
    by another; returns the news report."""
    mention = report("dev-03", url="https://a.example/1", source_id="a")
    news = report("dev-03", url="https://b.example/1", source_id="b", hours=14)
    file(store, mention, as_earlier_news(incident_at(mention, "البصيرة")))
    file(store, news, incident_at(news, "البصيرة"))
    assert [r.alert.alert_id.split(":", 1)[1] for r in store.unpublished_outbox()] == ["new", "new:current"]
    return news


def worker(settings: Settings, stream: AlertStream, store: Store, clock: Clock | None = None) -> Worker:
    senders, problems = build_senders(settings, {"T": TOKEN})
    assert problems == []
    if clock is None:
        return Worker(settings, stream, store, senders, "w1")
    return Worker(settings, stream, store, senders, "w1", digests=store, now=clock)


def outcomes(store: Store) -> dict[str, str]:
    """alert id (its suffix after the incident id) -> ledger outcome, for the archive channel."""
    query = sa.select(deliveries.c.alert_id, deliveries.c.outcome).where(deliveries.c.channel_id == "archive")
    with store.engine.connect() as conn:
        return {row.alert_id.split(":", 1)[1]: row.outcome for row in conn.execute(query)}


def test_a_channel_told_of_the_mention_gets_no_second_new_message(
    tmp_path: Path, alert_stream: AlertStream, telegram_api: FakeTelegramAPI
) -> None:
    settings = tmp_settings(tmp_path, channels=[chat(telegram_api, "archive", "-1001"), chat(telegram_api, "ops", "-1002")],
                            rules=[{"channels": ["archive"], "include_background": True}, {"channels": ["ops"]}])  # fmt: skip
    store = Store(f"sqlite:///{tmp_path / 'rasad.sqlite3'}")
    mention_then_news(store)
    publish_pending(store, alert_stream)
    stats = worker(settings, alert_stream, store).run(burst=True)
    assert sorted(m.chat_id for m in telegram_api.messages) == ["-1001", "-1002"]  # one each
    assert (stats.sent, stats.duplicates, stats.acked) == (2, 1, 2)
    store.close()


def test_a_digest_holding_the_mention_carries_the_incident_once_as_news(
    tmp_path: Path, alert_stream: AlertStream, telegram_api: FakeTelegramAPI
) -> None:
    settings = tmp_settings(tmp_path, channels=[chat(telegram_api, "archive", "-1001", digest="hourly")],
                            rules=[{"channels": ["archive"], "include_background": True}])  # fmt: skip
    store = Store(f"sqlite:///{tmp_path / 'rasad.sqlite3'}")
    news = mention_then_news(store)
    publish_pending(store, alert_stream)
    assert news.published is not None
    clock = Clock(news.published + timedelta(hours=1))
    held = worker(settings, alert_stream, store, clock).run(burst=True)
    assert (held.held, held.sent, store.held_for_digest("archive")) == (
        2,
        0,
        1,
    )  # the current form replaced it
    clock.now += timedelta(hours=1)
    sent = worker(settings, alert_stream, store, clock).run(burst=True)
    assert (sent.digests, sent.sent) == (1, 1)
    [digest] = telegram_api.messages
    assert "تنبيه" in digest.plain and digest.plain.count("البصيرة، دير الزور") == 1
    assert EARLIER_NEWS not in digest.plain
    assert outcomes(store) == {"new": "skipped", "new:current": "sent"}
    store.close()


def test_an_urgent_report_in_quiet_hours_goes_at_once_and_the_held_mention_never(
    tmp_path: Path, alert_stream: AlertStream, telegram_api: FakeTelegramAPI
) -> None:
    # ذيبان: an early count of one killed, met as earlier news; then North Press's report of three.
    levant = report("dev-28", url="https://levant.example/1", source_id="levant")
    north = report("dev-29", url="https://npa.example/1", source_id="npa", hours=14)
    assert north.published is not None
    local = (north.published + timedelta(hours=1)).astimezone(ZoneInfo("Asia/Damascus"))
    window = (
        f"{local - timedelta(hours=2):%H:%M}-{local + timedelta(hours=3):%H:%M}"  # around the worker's now
    )
    settings = tmp_settings(tmp_path, channels=[chat(telegram_api, "archive", "-1001", quiet_hours=window,
                                                     urgent_min_killed=3)],
                            rules=[{"channels": ["archive"], "include_background": True}])  # fmt: skip
    store = Store(f"sqlite:///{tmp_path / 'rasad.sqlite3'}")
    file(store, levant, as_earlier_news(replace(incident_at(levant, "ذيبان"), killed=1)))
    publish_pending(store, alert_stream)
    clock = Clock(north.published + timedelta(hours=1))
    assert worker(settings, alert_stream, store, clock).run(burst=True).held == 1  # quiet, not urgent
    file(store, north, incident_at(north, "حوايج ذيبان"))
    publish_pending(store, alert_stream)
    urgent = worker(settings, alert_stream, store, clock).run(burst=True)
    assert (urgent.sent, urgent.held, store.held_for_digest("archive")) == (1, 0, 0)
    clock.now += timedelta(hours=4)  # the quiet hours are over: nothing was left to send
    assert worker(settings, alert_stream, store, clock).run(burst=True).sent == 0
    [message] = telegram_api.messages
    assert EARLIER_NEWS not in message.plain and "3" in message.plain
    assert outcomes(store) == {"new": "skipped", "new:current": "sent"}
    store.close()


def test_a_requeued_mention_after_the_news_went_out_is_not_sent(
    tmp_path: Path, alert_stream: AlertStream, telegram_api: FakeTelegramAPI
) -> None:
    settings = tmp_settings(tmp_path, channels=[chat(telegram_api, "archive", "-1001")],
                            rules=[{"channels": ["archive"], "include_background": True}])  # fmt: skip
    store = Store(f"sqlite:///{tmp_path / 'rasad.sqlite3'}")
    mention_then_news(store)
    publish_pending(store, alert_stream)
    telegram_api.script(scripted(403))  # the mention's new alert fails: its current form fills the gap
    first = worker(settings, alert_stream, store).run(burst=True)
    assert (first.failed, first.sent) == (1, 1)
    assert len(requeue(alert_stream, store, "all")) == 1  # the operator re-queues the dead letter
    again = worker(settings, alert_stream, store).run(burst=True)
    assert (again.sent, again.duplicates) == (0, 1)
    [message] = telegram_api.messages
    assert EARLIER_NEWS not in message.plain
    assert outcomes(store) == {"new": "skipped", "new:current": "sent"}
    store.close()

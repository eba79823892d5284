"""One ``new`` message per incident and channel when the incident was first known as earlier news:
the store's filing, the outbox publisher, a real Redis stream, the worker and the local Bot API."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from crawler.alerts.senders import build_senders
from crawler.alerts.worker import Worker
from crawler.publisher import publish_pending
from crawler.store import Store
from crawler.stream import AlertStream
from tests.dev_reports import incident_at, report
from tests.fakes.fixtures import alert_stream, redis_client, telegram_api, tmp_settings
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI

__all__ = ["alert_stream", "redis_client", "telegram_api"]


def test_a_channel_told_of_the_mention_gets_no_second_new_message(
    tmp_path: Path, alert_stream: AlertStream, telegram_api: FakeTelegramAPI
) -> None:
    def chat(channel_id: str, chat_id: str) -> dict[str, object]:
        return {"id": channel_id, "kind": "telegram", "chat_id": chat_id, "token_env": "T",
                "api_url": telegram_api.url, "per_chat_interval_seconds": 0, "per_minute": 0}  # fmt: skip

    settings = tmp_settings(tmp_path, channels=[chat("archive", "-1001"), chat("ops", "-1002")], rules=[
        {"channels": ["archive"], "include_background": True}, {"channels": ["ops"]}])  # fmt: skip
    store = Store(f"sqlite:///{tmp_path / 'rasad.sqlite3'}")
    # Snack Syrian's raid on البصيرة, first met as earlier news in one outlet, then reported as news.
    mention = report("dev-03", url="https://a.example/1", source_id="a")
    news = report("dev-03", url="https://b.example/1", source_id="b", hours=14)
    for article, background in ((mention, True), (news, False)):
        assert article.published is not None
        found = incident_at(article, "البصيرة")
        found = replace(found, background=True, date=None) if background else found
        store.save_article(replace(article, text=""), [found], timedelta(hours=72),
                           now=article.published + timedelta(hours=1))  # fmt: skip
    assert [r.alert.alert_id.split(":", 1)[1] for r in store.unpublished_outbox()] == ["new", "new:current"]
    publish_pending(store, alert_stream)
    senders, problems = build_senders(settings, {"T": TOKEN})
    assert problems == []
    stats = Worker(settings, alert_stream, store, senders, "w1").run(burst=True)
    assert sorted(m.chat_id for m in telegram_api.messages) == ["-1001", "-1002"]  # one each
    assert (stats.sent, stats.duplicates, stats.acked) == (2, 1, 2)
    store.close()

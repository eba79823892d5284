"""``rasad alerts dead``: listing dead letters with reasons, re-queueing them so they are delivered."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from crawler.alerts.senders import build_senders
from crawler.alerts.worker import Worker
from crawler.cli import build_parser
from crawler.commands import UsageError, dead_letters
from crawler.redis_conn import connect, release
from crawler.store import Store
from crawler.stream import AlertStream
from tests.fakes.fixtures import make_alert, tmp_settings
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI, scripted


def test_list_then_requeue_all_delivers_what_had_failed(
    tmp_path: Path, telegram_api: FakeTelegramAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_settings(tmp_path, channels=[
        {"id": "ops", "kind": "telegram", "chat_id": "-100123", "token_env": "T", "api_url": telegram_api.url,
         "per_chat_interval_seconds": 0, "per_minute": 0},
    ])  # fmt: skip
    client = connect(settings)  # the embedded Redis of this data dir, shared with the command
    store = Store(settings.effective_database_url)
    try:
        stream = AlertStream(client, name=settings.stream)
        stream.ensure_group()
        senders, _ = build_senders(settings, {"T": TOKEN})
        stream.publish(make_alert("a1"))
        stream.publish(make_alert("a2", place="قرية"))
        telegram_api.script(scripted(403), scripted(400, "Bad Request: chat not found"))
        stats = Worker(settings, stream, store, senders, "w1").run(burst=True)
        assert stats.failed == 2 and telegram_api.messages == []

        assert dead_letters(build_parser().parse_args(["alerts", "dead"]), settings) == 0
        listing = capsys.readouterr().out
        assert "2 dead letter(s)" in listing and "alert=a1" in listing and "bot was blocked" in listing
        assert "chat not found" in listing and "channel=ops" in listing

        first = stream.dead_letters()[0].entry_id
        assert dead_letters(argparse.Namespace(requeue=first), settings) == 0
        assert "alert a1 re-queued" in capsys.readouterr().out
        assert dead_letters(argparse.Namespace(requeue="all"), settings) == 0
        assert "alert a2 re-queued" in capsys.readouterr().out
        assert stream.depth()["dead"] == 0
        again = Worker(settings, AlertStream(client, name=settings.stream), store, senders, "w1").run(burst=True)
        assert again.sent == 2 and len(telegram_api.messages) == 2
        assert store.delivered("a1", "ops") and store.message_id_for(make_alert("a1").incident.id, "ops") == "1"
        with pytest.raises(UsageError, match="no dead letter"):
            dead_letters(argparse.Namespace(requeue="0-1"), settings)
    finally:
        store.close()
        release(client)

"""The worker end to end: real Redis stream, the local Bot API server and a real SMTP server."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from crawler.alerts.alert import Alert
from crawler.alerts.errors import ChannelConfigError
from crawler.alerts.senders import Sender, build_senders
from crawler.alerts.worker import Worker, default_consumer_name, send_test
from crawler.config import Settings
from crawler.stream import AlertStream
from tests.fakes.fixtures import (
    MemoryLedger,
    alert_stream,
    make_alert,
    redis_client,
    smtp_server,
    telegram_api,
    tmp_settings,
)
from tests.fakes.smtp import SMTPServer
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI, scripted

__all__ = ["alert_stream", "redis_client", "smtp_server", "telegram_api"]
ENV = {"RASAD_TELEGRAM_TOKEN": TOKEN}


@pytest.fixture
def settings(tmp_path: Path, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer) -> Settings:
    return tmp_settings(tmp_path, channels=[
        {"id": "ops", "kind": "telegram", "chat_id": "-100123", "token_env": "RASAD_TELEGRAM_TOKEN",
         "api_url": telegram_api.url, "per_chat_interval_seconds": 0, "per_minute": 0, "timeout_seconds": 2},
        {"id": "desk", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": smtp_server.port, "security": "none",
         "sender": "alerts@example.org", "recipients": ["desk@example.org"], "timeout_seconds": 5},
    ])  # fmt: skip


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def worker(settings: Settings, stream: AlertStream, ledger: MemoryLedger, consumer: str = "w1",
           senders: dict[str, Sender] | None = None, **options: Any) -> Worker:  # fmt: skip
    if senders is None:
        senders, problems = build_senders(settings, ENV)
        assert problems == []
    fresh = AlertStream(stream.client, stream.name, dead_name=stream.dead_name)  # as after a restart
    return Worker(settings, fresh, ledger, senders, consumer, **options)


def test_burst_delivers_to_every_channel_once(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer
) -> None:
    ledger = MemoryLedger()
    for n in range(3):
        alert_stream.publish(make_alert(f"a{n}", place=f"قرية {n}"))
    stats = worker(settings, alert_stream, ledger).run(burst=True)
    assert (stats.read, stats.acked, stats.sent, stats.failed, stats.deferred) == (3, 3, 6, 0, 0)
    assert [m.message_id for m in telegram_api.messages] == [1, 2, 3]
    assert len(smtp_server.collector.messages) == 3
    assert ledger.rows[("a0", "ops")]["message_id"] == "1" and ledger.outcome("a2", "desk") == "sent"
    assert alert_stream.depth() == {"length": 3, "pending": 0, "dead": 0}
    assert worker(settings, alert_stream, ledger).run(burst=True).read == 0


class Crash(BaseException):
    """The process dies (SIGKILL, power cut): nothing is caught, nothing is cleaned up."""


class CrashBefore:
    def __init__(self, real: Sender, alert_id: str) -> None:
        self.channel_id, self.real, self.alert_id = real.channel_id, real, alert_id

    def send(self, alert: Alert, reply_to: str | None = None) -> str:
        if alert.alert_id == self.alert_id:
            raise Crash
        return self.real.send(alert, reply_to)


def test_a_restarted_worker_finishes_without_repeating_or_losing_anything(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer
) -> None:
    ledger = MemoryLedger()
    for n in range(4):
        alert_stream.publish(make_alert(f"a{n}"))
    senders, _ = build_senders(settings, ENV)
    senders["desk"] = CrashBefore(senders["desk"], "a1")  # a1 reached Telegram, then the worker died
    with pytest.raises(Crash):
        worker(settings, alert_stream, ledger, senders=senders).run(burst=True)
    # a0 settled and acked; a1 half done; a2 and a3 were read in the same batch but never handled
    assert alert_stream.depth()["pending"] == 3
    stats = worker(settings, alert_stream, ledger, consumer="w1").run(burst=True)
    assert (stats.read, stats.sent, stats.duplicates) == (3, 5, 1)  # a1 had reached Telegram: not again
    assert len(telegram_api.messages) == 4 and len(smtp_server.collector.messages) == 4
    assert alert_stream.depth()["pending"] == 0


def test_429_waits_retry_after_then_delivers(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI
) -> None:
    alert_stream.publish(make_alert())
    telegram_api.script(scripted(429, retry_after=1))
    stats = worker(settings, alert_stream, MemoryLedger()).run(burst=True)  # real sleep: one second
    assert stats.sent == 2 and stats.acked == 1
    assert telegram_api.calls == 2 and len(telegram_api.messages) == 1
    assert telegram_api.call_times[1] - telegram_api.call_times[0] >= 1.0


def test_a_long_retry_after_is_not_waited_out_in_line(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer
) -> None:
    sleeps = Sleeps()
    alert_stream.publish(make_alert())
    telegram_api.script(scripted(429, retry_after=35))
    stats = worker(settings, alert_stream, MemoryLedger(), sleep=sleeps).run(burst=True)
    assert sleeps.waits == [] and (stats.sent, stats.deferred, stats.acked) == (1, 1, 0)
    assert len(smtp_server.collector.messages) == 1  # email did not wait for Telegram's flood limit


def test_403_is_dead_lettered_and_the_other_channel_still_delivered(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer
) -> None:
    ledger = MemoryLedger()
    entry_id = alert_stream.publish(make_alert())
    telegram_api.script(scripted(403))
    stats = worker(settings, alert_stream, ledger).run(burst=True)
    assert (stats.sent, stats.failed, stats.acked) == (1, 1, 1)
    assert telegram_api.calls == 1  # permanent: not retried
    assert len(smtp_server.collector.messages) == 1
    assert ledger.outcome("a1", "ops") == "failed" and "403" in ledger.rows[("a1", "ops")]["detail"]
    [letter] = alert_stream.dead_letters()
    assert (letter.original_entry_id, letter.channel_id) == (entry_id, "ops")
    assert "bot was blocked" in letter.reason and letter.alert == make_alert()
    assert alert_stream.depth()["pending"] == 0


def test_retryable_failures_leave_the_entry_pending_for_a_later_pass(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer
) -> None:
    ledger, sleeps = MemoryLedger(), Sleeps()
    alert_stream.publish(make_alert("a1"))
    alert_stream.publish(make_alert("a2"))
    telegram_api.script(scripted(500), scripted(500), scripted(500))
    stats = worker(settings, alert_stream, ledger, sleep=sleeps).run(burst=True)
    assert sleeps.waits == [1.0, 2.0]  # exponential backoff between the three attempts
    # a1 deferred on Telegram; the channel then cools down, so a2 waits too; email got both
    assert (stats.sent, stats.deferred, stats.acked) == (2, 2, 0)
    assert len(smtp_server.collector.messages) == 2
    assert alert_stream.depth()["pending"] == 2
    later = worker(settings, alert_stream, ledger, sleep=sleeps).run(burst=True)  # a restart, same consumer
    assert (later.sent, later.duplicates, later.acked) == (2, 2, 2)
    assert len(telegram_api.messages) == 2 and len(smtp_server.collector.messages) == 2
    assert alert_stream.depth()["pending"] == 0


def test_an_update_replies_to_the_first_message_on_each_channel(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer
) -> None:
    alert_stream.publish(make_alert("a1"))
    alert_stream.publish(make_alert("a2", kind="update"))
    worker(settings, alert_stream, MemoryLedger()).run(burst=True)
    assert [m.reply_to for m in telegram_api.messages] == [None, 1]
    first, update = (r.message for r in smtp_server.collector.messages)
    assert update["In-Reply-To"] == first["Message-ID"]


def test_a_channel_missing_its_secret_keeps_its_alerts_pending(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer
) -> None:
    senders, problems = build_senders(settings, {})
    assert [str(p) for p in problems] == [
        "channel 'ops': environment variable RASAD_TELEGRAM_TOKEN is not set"
    ]
    assert isinstance(problems[0], ChannelConfigError) and set(senders) == {"desk"}
    ledger = MemoryLedger()
    alert_stream.publish(make_alert())
    stats = worker(settings, alert_stream, ledger, senders=senders).run(burst=True)
    assert (stats.sent, stats.deferred, stats.acked) == (1, 1, 0)
    assert ledger.outcome("a1", "ops") is None and telegram_api.calls == 0
    assert alert_stream.depth()["pending"] == 1 and alert_stream.dead_letters() == []
    # Restarted with the secret set, the worker delivers what waited, and email is not sent twice.
    fixed, _ = build_senders(settings, {"RASAD_TELEGRAM_TOKEN": TOKEN})
    restarted = AlertStream(alert_stream.client, name=alert_stream.name, dead_name=alert_stream.dead_name)
    again = worker(settings, restarted, ledger, senders=fixed).run(burst=True)
    assert (again.sent, again.acked, again.duplicates) == (1, 1, 1)
    assert len(telegram_api.messages) == 1 and len(smtp_server.collector.messages) == 1


class Broken:
    channel_id = "ops"

    def send(self, alert: Alert, reply_to: str | None = None) -> str:
        raise RuntimeError("a bug in a sender")


def test_a_bug_in_one_sender_is_dead_lettered_not_fatal(
    settings: Settings, alert_stream: AlertStream, smtp_server: SMTPServer
) -> None:
    senders, _ = build_senders(settings, ENV)
    senders["ops"] = Broken()
    alert_stream.publish(make_alert())
    stats = worker(settings, alert_stream, MemoryLedger(), senders=senders).run(burst=True)
    assert (stats.failed, stats.sent, stats.acked) == (1, 1, 1)
    assert "unexpected RuntimeError: a bug in a sender" in alert_stream.dead_letters()[0].reason


def test_before_read_publishes_and_its_failures_do_not_stop_delivery(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI
) -> None:
    alert_stream.publish(make_alert("a0"))  # already in the stream
    outbox = [make_alert("a1")]
    calls = []

    def publish() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("database is locked")
        while outbox:
            alert_stream.publish(outbox.pop())

    stats = worker(settings, alert_stream, MemoryLedger(), before_read=publish).run(burst=True)
    assert stats.acked == 2 and len(telegram_api.messages) == 2 and len(calls) == 3


def test_run_until_stopped(
    settings: Settings, alert_stream: AlertStream, telegram_api: FakeTelegramAPI
) -> None:
    stop = threading.Event()
    runner = worker(settings, alert_stream, MemoryLedger(), block_ms=100)
    thread = threading.Thread(target=runner.run, kwargs={"burst": False, "stop": stop})
    thread.start()
    alert_stream.publish(make_alert())
    deadline = time.monotonic() + 10
    while not telegram_api.messages and time.monotonic() < deadline:
        time.sleep(0.02)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive() and len(telegram_api.messages) == 1


def test_without_channels_alerts_go_to_the_console(
    tmp_path: Path, alert_stream: AlertStream, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_settings(tmp_path)
    alert_stream.publish(make_alert())
    stats = worker(settings, alert_stream, MemoryLedger()).run(burst=True)
    assert stats.sent == 1 and "إنزال جوي" in capsys.readouterr().out


def test_consumer_name_is_stable_per_host_and_data_dir(tmp_path: Path) -> None:
    assert default_consumer_name(tmp_path / "a") == default_consumer_name(tmp_path / "a")
    assert default_consumer_name(tmp_path / "a") != default_consumer_name(tmp_path / "b")


def test_send_test(settings: Settings, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer) -> None:
    assert send_test(settings, "ops", ENV) == "channel ops (telegram): test message accepted, message id 1"
    assert "تجريبية" in telegram_api.messages[0].plain
    assert send_test(settings, "desk", ENV).startswith("channel desk (email): test message accepted")
    with pytest.raises(ChannelConfigError, match="RASAD_TELEGRAM_TOKEN"):
        send_test(settings, "ops", {})


def test_storm_429s_500s_a_403_chat_and_smtp_451_lose_and_repeat_nothing(
    tmp_path: Path, alert_stream: AlertStream, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer
) -> None:
    """Two Telegram chats on one server (one blocked the bot) and one mailbox. The server answers a
    storm of 429s and 500s, the SMTP server 451 twice: everything still arrives exactly once, the
    blocked chat's alerts are dead-lettered, and the other channels never wait for it."""
    tg = {"kind": "telegram", "token_env": "RASAD_TELEGRAM_TOKEN", "api_url": telegram_api.url,
          "per_chat_interval_seconds": 0, "per_minute": 0, "timeout_seconds": 2}  # fmt: skip
    settings = tmp_settings(tmp_path, claim_idle_seconds=1, channels=[
        {"id": "ops", "chat_id": "-100123", **tg},
        {"id": "blocked", "chat_id": "777", **tg},
        {"id": "desk", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": smtp_server.port, "security": "none",
         "sender": "alerts@example.org", "recipients": ["desk@example.org"], "timeout_seconds": 5},
    ])  # fmt: skip
    ledger, sleeps = MemoryLedger(), Sleeps()
    for n in range(5):
        alert_stream.publish(make_alert(f"a{n}", place=f"قرية {n}"))
    # Calls go ops, blocked, ops, blocked...: 429 (1 s), 500 on ops; 403 for every blocked one.
    telegram_api.script(scripted(429, retry_after=1), None, scripted(403), scripted(500), None,
                        scripted(403), scripted(429, retry_after=2), None, scripted(403))  # fmt: skip
    smtp_server.collector.replies("451 4.3.0 Try again later", "451 4.3.0 Try again later")
    real_chat = telegram_api.answer

    def answer(path: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if str(payload.get("chat_id")) == "777" and not telegram_api._script:
            return scripted(403)
        return real_chat(path, payload)

    telegram_api.answer = answer  # type: ignore[method-assign]
    for _ in range(4):  # passes until settled, as the running worker would make
        worker(settings, alert_stream, ledger, sleep=sleeps).run(burst=True)
        if alert_stream.depth()["pending"] == 0:
            break
    assert alert_stream.depth()["pending"] == 0
    ops = [m for m in telegram_api.messages if m.chat_id == "-100123"]
    assert sorted(m.plain.count("قرية") for m in ops) == [1] * 5 and len({m.plain for m in ops}) == 5
    assert len(smtp_server.collector.messages) == 5
    assert len({r.part("plain") for r in smtp_server.collector.messages}) == 5
    assert all(ledger.outcome(f"a{n}", "blocked") == "failed" for n in range(5))
    assert {letter.channel_id for letter in alert_stream.dead_letters()} == {"blocked"}
    assert 1.0 in sleeps.waits and 2.0 in sleeps.waits  # retry_after honoured as given

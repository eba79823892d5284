"""Digests and quiet hours: held in the store, sent together when due, each alert in the ledger once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.alerts.digest import hold_until, next_digest_time
from crawler.alerts.quiet import is_urgent, parse_window, quiet_until
from crawler.alerts.senders import build_senders
from crawler.alerts.worker import Worker
from crawler.config import Settings
from crawler.store import Store
from crawler.stream import AlertStream
from tests.fakes.fixtures import make_alert, make_incident, tmp_settings
from tests.fakes.smtp import SMTPServer
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI

# Damascus is UTC+3 all year (no DST since 2022): 20:30 UTC is 23:30 there.
LATE = datetime(2025, 3, 10, 20, 30, tzinfo=UTC)


def test_quiet_window_over_midnight_in_damascus() -> None:
    assert parse_window("23:00-07:00") is not None and parse_window("") is None
    with pytest.raises(ValueError):
        parse_window("7-9")
    assert quiet_until("23:00-07:00", "Asia/Damascus", LATE) == datetime(2025, 3, 11, 4, 0, tzinfo=UTC)
    assert quiet_until("23:00-07:00", "Asia/Damascus", LATE + timedelta(hours=5)) == datetime(
        2025, 3, 11, 4, 0, tzinfo=UTC
    )
    assert quiet_until("23:00-07:00", "Asia/Damascus", LATE - timedelta(hours=1)) is None
    assert quiet_until("13:00-14:00", "Asia/Damascus", datetime(2025, 3, 10, 10, 15, tzinfo=UTC)) is not None


def test_urgent_and_digest_times() -> None:
    assert is_urgent(make_incident(killed=5), 5, ())
    assert is_urgent(make_incident(killed=3, killed_max=6), 5, ())  # reports since raised the toll
    assert not is_urgent(make_incident(killed=3), 5, ()) and not is_urgent(make_incident(killed=9), 0, ())
    assert is_urgent(make_incident(killed=0), 5, ("airdrop",))
    assert next_digest_time("hourly", "Asia/Damascus", LATE) == datetime(2025, 3, 10, 21, 0, tzinfo=UTC)
    assert next_digest_time("daily", "Asia/Damascus", LATE, "08:00") == datetime(
        2025, 3, 11, 5, 0, tzinfo=UTC
    )


def test_hold_until_follows_the_channel(tmp_path: Path) -> None:
    quiet = tmp_settings(
        tmp_path, channels=[{"id": "c", "kind": "console", "quiet_hours": "23:00-07:00"}]
    ).channels[0]
    assert hold_until(quiet, make_alert(killed=3), LATE) == datetime(2025, 3, 11, 4, 0, tzinfo=UTC)
    assert hold_until(quiet, make_alert(killed=12), LATE) is None  # urgent: not held
    assert hold_until(quiet, make_alert(killed=3), LATE - timedelta(hours=2)) is None


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'rasad.sqlite3'}")


def build(settings: Settings, stream: AlertStream, store: Store, clock: Clock, **options: Any) -> Worker:
    senders, problems = build_senders(settings, {"RASAD_TELEGRAM_TOKEN": TOKEN})
    assert problems == []
    fresh = AlertStream(stream.client, stream.name, dead_name=stream.dead_name)
    return Worker(settings, fresh, store, senders, "w1", digests=store, now=clock, **options)


def test_hourly_email_digest_one_message_each_alert_once(
    tmp_path: Path, alert_stream: AlertStream, store: Store, smtp_server: SMTPServer
) -> None:
    settings = tmp_settings(tmp_path, channels=[
        {"id": "desk", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": smtp_server.port, "security": "none",
         "sender": "alerts@example.org", "recipients": ["desk@example.org"], "digest": "hourly"},
    ])  # fmt: skip
    clock = Clock(LATE)
    for n in range(3):
        alert_stream.publish(make_alert(f"a{n}", place=f"قرية {n}"))
    stats = build(settings, alert_stream, store, clock).run(burst=True)
    assert (stats.held, stats.acked, stats.sent) == (3, 3, 0) and smtp_server.collector.messages == []
    assert alert_stream.depth()["pending"] == 0 and store.held_for_digest("desk") == 3
    clock.now = LATE + timedelta(minutes=31)  # past 00:00 Damascus: the hour's digest is due
    stats = build(settings, alert_stream, store, clock).run(burst=True)
    assert (stats.digests, stats.sent) == (1, 3)
    [mail] = smtp_server.collector.messages
    assert "موجز" in str(mail.message["Subject"]) and 'dir="rtl"' in mail.part("html")
    assert all(f"قرية {n}" in mail.part("plain") for n in range(3))
    assert store.held_for_digest() == 0 and store.delivered("a2", "desk")
    alert_stream.publish(make_alert("a1", place="قرية 1"))  # published again: the ledger has it
    again = build(settings, alert_stream, store, clock).run(burst=True)
    assert (again.duplicates, again.held, again.digests) == (1, 0, 0) and len(
        smtp_server.collector.messages
    ) == 1


def test_quiet_hours_hold_all_but_urgent_then_send_one_telegram_digest(
    tmp_path: Path, alert_stream: AlertStream, store: Store, telegram_api: FakeTelegramAPI
) -> None:
    settings = tmp_settings(tmp_path, channels=[
        {"id": "ops", "kind": "telegram", "chat_id": "-100123", "token_env": "RASAD_TELEGRAM_TOKEN",
         "api_url": telegram_api.url, "per_chat_interval_seconds": 0, "per_minute": 0,
         "quiet_hours": "23:00-07:00", "urgent_min_killed": 10},
    ])  # fmt: skip
    clock = Clock(LATE)
    alert_stream.publish(make_alert("calm1", killed=1, place="قرية 1"))
    alert_stream.publish(make_alert("urgent", killed=14, place="قرية 2"))
    alert_stream.publish(make_alert("calm2", killed=None, place="قرية 3"))
    stats = build(settings, alert_stream, store, clock).run(burst=True)
    assert (stats.held, stats.sent, stats.acked) == (2, 1, 3)
    assert len(telegram_api.messages) == 1 and "قرية 2" in telegram_api.messages[0].plain
    clock.now = LATE + timedelta(hours=6)  # 05:30 Damascus: still quiet
    assert build(settings, alert_stream, store, clock).run(burst=True).digests == 0
    clock.now = LATE + timedelta(hours=8)  # 07:30 Damascus
    assert build(settings, alert_stream, store, clock).run(burst=True).digests == 1
    digest = telegram_api.messages[1]
    assert "موجز" in digest.plain and "قرية 1" in digest.plain and "قرية 3" in digest.plain
    assert store.delivered("calm1", "ops") and store.delivered("calm2", "ops")


def test_a_failing_digest_is_retried_later_and_sent_once(
    tmp_path: Path, alert_stream: AlertStream, store: Store, smtp_server: SMTPServer
) -> None:
    settings = tmp_settings(tmp_path, claim_idle_seconds=1, channels=[
        {"id": "desk", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": smtp_server.port, "security": "none",
         "sender": "alerts@example.org", "recipients": ["desk@example.org"], "digest": "daily"},
    ])  # fmt: skip
    clock = Clock(LATE)
    alert_stream.publish(make_alert("a1"))
    build(settings, alert_stream, store, clock).run(burst=True)
    clock.now = LATE + timedelta(days=1)
    smtp_server.collector.replies("451 4.3.0 Try again later")
    assert build(settings, alert_stream, store, clock).run(burst=True).digests == 0
    assert store.held_for_digest("desk") == 1 and not store.delivered("a1", "desk")
    assert build(settings, alert_stream, store, clock).run(burst=True).digests == 1
    assert len(smtp_server.collector.messages) == 1 and store.held_for_digest() == 0


def test_a_held_alert_is_dropped_once_and_never_after_its_digest_went_out(store: Store) -> None:
    """crawler.alerts.first_news replaces a held alert by its current form: out of the queue, into the
    ledger as skipped, in one transaction; a digest already sent keeps what it sent."""
    for alert_id in ("a1", "a2"):
        assert store.queue_digest(make_alert(alert_id), "ops", LATE)
    assert store.held("a1", "ops") and not store.held("a1", "desk")
    assert store.drop_held("a1", "ops", "replaced by a1:current")
    assert (
        not store.held("a1", "ops")
        and store.delivered("a1", "ops")
        and not store.drop_held("a1", "ops", "again")
    )
    assert [alert.alert_id for alert in store.due_digest("ops", LATE)] == ["a2"]
    store.settle_digest("ops", store.due_digest("ops", LATE), "sent", message_id="7")
    assert (
        not store.drop_held("a2", "ops", "too late")
        and store.message_id_for(make_alert().incident.id, "ops") == "7"
    )

"""Telegram sender against the local Bot API server: payload, replies, splitting, errors, limits, secrecy."""

from __future__ import annotations

import logging
import socket
from typing import Any

import httpx
import pytest

from crawler.alerts.errors import PermanentError, RetryableError
from crawler.alerts.telegram import TelegramSender
from crawler.config import TelegramChannel
from extractors.models import Source
from tests.fakes.fixtures import ATHR_URL, make_alert, telegram_api
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI, scripted

__all__ = ["telegram_api"]


def channel(api_url: str, **changes: Any) -> TelegramChannel:
    values: dict[str, Any] = {"id": "ops", "kind": "telegram", "chat_id": "-1001234567890",
                              "token_env": "RASAD_TELEGRAM_TOKEN", "api_url": api_url,
                              "per_chat_interval_seconds": 0, "per_minute": 0, **changes}  # fmt: skip
    return TelegramChannel.model_validate(values)


@pytest.fixture
def sender(telegram_api: FakeTelegramAPI) -> TelegramSender:
    return TelegramSender(
        channel(telegram_api.url), httpx.Client(), TOKEN, source_names={"athr-press": "أثر برس"}
    )


def test_sends_html_without_preview(sender: TelegramSender, telegram_api: FakeTelegramAPI) -> None:
    assert sender.send(make_alert()) == "1"
    [sent] = telegram_api.messages
    assert (sent.chat_id, sent.parse_mode, sent.reply_to) == ("-1001234567890", "HTML", None)
    assert sent.payload["disable_web_page_preview"] is True
    assert "إنزال جوي" in sent.plain and "أثر برس" in sent.plain and "<b>" in sent.text
    assert "allow_sending_without_reply" not in sent.payload


def test_an_update_replies_to_the_first_message(
    sender: TelegramSender, telegram_api: FakeTelegramAPI
) -> None:
    first = sender.send(make_alert("a1"))
    assert sender.send(make_alert("a2", kind="update", killed=4), reply_to=first) == "2"
    update = telegram_api.messages[1]
    assert update.reply_to == 1 and update.payload["allow_sending_without_reply"] is True
    assert "تحديث" in update.plain and "القتلى: 4" in update.plain


def test_a_long_alert_goes_out_in_parts_threaded_under_the_first(
    sender: TelegramSender, telegram_api: FakeTelegramAPI
) -> None:
    sources = tuple(Source(f"{ATHR_URL}?p={n}", "athr-press", None) for n in range(150))
    assert sender.send(make_alert(sources=sources), reply_to="7") == "1"
    parts = telegram_api.messages
    assert len(parts) >= 2  # the fake refuses anything Telegram would: too long, broken markup
    assert parts[0].reply_to == 7 and all(p.reply_to == 1 for p in parts[1:])
    assert sum(p.text.count("<a href=") for p in parts) == 150 + 1  # every source, and the map


def test_a_retry_after_a_failed_part_resumes_after_the_parts_sent(
    sender: TelegramSender, telegram_api: FakeTelegramAPI
) -> None:
    alert = make_alert(sources=tuple(Source(f"{ATHR_URL}?p={n}", "athr-press", None) for n in range(150)))
    telegram_api.script(None, scripted(500))  # the first part goes through, the second fails
    with pytest.raises(RetryableError):
        sender.send(alert)
    assert len(telegram_api.messages) == 1
    assert sender.send(alert) == "1"
    texts = [m.text for m in telegram_api.messages]
    assert len(texts) == len(set(texts)) >= 2  # no part twice
    assert all(m.reply_to == 1 for m in telegram_api.messages[1:])


@pytest.mark.parametrize(
    ("answer", "error", "words"),
    [
        (scripted(429, retry_after=1), RetryableError, "Too Many Requests"),
        (scripted(500), RetryableError, "Internal Server Error"),
        (scripted(400), PermanentError, "chat not found"),
        (scripted(403), PermanentError, "bot was blocked"),
    ],
)
def test_api_refusals_are_classified(
    sender: TelegramSender, telegram_api: FakeTelegramAPI, answer: Any, error: type[Exception], words: str
) -> None:
    telegram_api.script(answer)
    with pytest.raises(error, match=words) as raised:
        sender.send(make_alert())
    if answer[0] == 429:
        assert raised.value.retry_after == 1  # type: ignore[attr-defined]
    assert telegram_api.messages == []
    assert sender.send(make_alert()) == "1"  # the next call goes through


def test_timeouts_and_refused_connections_are_retryable(telegram_api: FakeTelegramAPI) -> None:
    slow = TelegramSender(channel(telegram_api.url, timeout_seconds=0.2), httpx.Client(), TOKEN)
    telegram_api.script(0.6)
    with pytest.raises(RetryableError, match="timed out"):
        slow.send(make_alert())
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    closed = TelegramSender(channel(f"http://127.0.0.1:{port}"), httpx.Client(), TOKEN)
    with pytest.raises(RetryableError, match="connection failed"):
        closed.send(make_alert())


def test_the_token_never_shows(telegram_api: FakeTelegramAPI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for noisy in ("httpx", "httpcore"):  # the CLI quiets them; here they must speak, to be checked
        caplog.set_level(logging.DEBUG, logger=noisy)
    wrong = TelegramSender(channel(telegram_api.url), httpx.Client(), "999:WRONG-token-value")
    good = TelegramSender(channel(telegram_api.url), httpx.Client(), TOKEN)
    seen: list[str] = [repr(good), str(vars(good).get("_client"))]
    with pytest.raises(PermanentError, match="Unauthorized") as unauthorized:
        wrong.send(make_alert())
    good.send(make_alert())
    telegram_api.script(scripted(403), 0.6)
    with pytest.raises(PermanentError) as forbidden:
        good.send(make_alert())
    slow = TelegramSender(channel(telegram_api.url, timeout_seconds=0.2), httpx.Client(), TOKEN)
    with pytest.raises(RetryableError) as timed_out:
        slow.send(make_alert())
    for raised in (unauthorized, forbidden, timed_out):
        error: BaseException | None = raised.value
        while error is not None:  # the whole chain, as a traceback would print it
            seen += [str(error), repr(error), str(getattr(error, "request", ""))]
            error = error.__cause__ or error.__context__
    seen += [record.getMessage() for record in caplog.records]
    assert any("sendMessage" in record.getMessage() for record in caplog.records)  # httpx did log the URL
    for text in seen:
        assert TOKEN not in text and "WRONG-token" not in text and TOKEN.split(":")[1] not in text


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_per_chat_interval_and_per_minute_limits(telegram_api: FakeTelegramAPI) -> None:
    clock = FakeClock()
    limited = TelegramSender(channel(telegram_api.url, per_chat_interval_seconds=1.0, per_minute=3),
                             httpx.Client(), TOKEN, clock=clock, sleep=clock.sleep)  # fmt: skip
    for _ in range(4):
        limited.send(make_alert())
    # 1 s apart for the chat; the fourth, past three a minute, waits until the first is a minute old.
    assert clock.slept == [1.0, 1.0, 1.0, 57.0]
    assert len(telegram_api.messages) == 4


def test_zero_disables_the_limits(telegram_api: FakeTelegramAPI) -> None:
    clock = FakeClock()
    free = TelegramSender(channel(telegram_api.url), httpx.Client(), TOKEN, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        free.send(make_alert())
    assert clock.slept == []


def test_the_per_minute_limit_is_for_groups_only(telegram_api: FakeTelegramAPI) -> None:
    clock = FakeClock()
    private = TelegramSender(channel(telegram_api.url, chat_id="5551234", per_chat_interval_seconds=1.0, per_minute=3),
                             httpx.Client(), TOKEN, clock=clock, sleep=clock.sleep)  # fmt: skip
    for _ in range(4):
        private.send(make_alert())
    assert clock.slept == [1.0, 1.0, 1.0] and not private.is_group  # one a second, no minute cap
    assert TelegramSender(channel(telegram_api.url, chat_id="@rasad_alerts"), httpx.Client(), TOKEN).is_group


def test_a_digest_past_the_limit_goes_out_in_parts(telegram_api: FakeTelegramAPI) -> None:
    sender = TelegramSender(channel(telegram_api.url), httpx.Client(), TOKEN)
    alerts = [make_alert(f"a{n}", place=f"قرية {n}") for n in range(12)]
    first = sender.send_digest(alerts)
    assert len(telegram_api.messages) > 1 and first == "1"
    assert all(m.reply_to == 1 for m in telegram_api.messages[1:])
    text = "".join(m.plain for m in telegram_api.messages)
    assert all(f"قرية {n}" in text for n in range(12))

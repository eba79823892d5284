"""Telegram: the Bot API's sendMessage, with HTML parse mode, rate limits and no token leaks.

The token is part of every request URL (``/bot<token>/sendMessage``). httpx logs request URLs at
INFO, so a filter on the ``httpx`` logger masks ``/bot<token>`` in every record; exception messages
are built here from status codes and the API's own description, with the token scrubbed, and are
raised ``from None`` so no httpx exception (which carries the request URL) is chained to them.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx

from crawler.alerts import errors
from crawler.alerts.alert import Alert
from crawler.alerts.digest import telegram_digest
from crawler.alerts.render import RenderOptions, telegram_html
from crawler.config import TelegramChannel

log = logging.getLogger(__name__)

_TOKEN_IN_URL = re.compile(r"/bot\d+:[\w-]+")  # Bot API tokens: <bot id>:<secret>


class _RedactBotToken(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if "/bot" in str(record.msg) or any("/bot" in str(a) for a in _args(record)):
            record.msg = _TOKEN_IN_URL.sub("/bot***", record.getMessage())
            record.args = None
        return True


def _args(record: logging.LogRecord) -> tuple[Any, ...]:
    args = record.args
    if isinstance(args, tuple):
        return args
    return (args,) if args else ()


def install_log_redaction() -> None:
    """Idempotent; done on import, so any code path that sends also guards the logs."""
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactBotToken) for f in logger.filters):
            logger.addFilter(_RedactBotToken())


install_log_redaction()


class TelegramSender:
    def __init__(
        self,
        channel: TelegramChannel,
        client: httpx.Client,
        token: str,
        *,
        source_names: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.channel = channel
        self.channel_id = channel.id
        self._client = client
        self.__token = token
        self._options = RenderOptions(channel.include_persons, dict(source_names or {}))
        self._clock = clock
        self._sleep = sleep
        self._last_sent: float | None = None
        self._recent: deque[float] = deque()
        self._partial: dict[str, list[str]] = {}  # alert id -> message ids of the parts already sent

    def __repr__(self) -> str:
        return f"TelegramSender(channel={self.channel_id!r}, chat_id={self.channel.chat_id!r})"

    def send(self, alert: Alert, reply_to: str | None = None) -> str:
        """Send ``alert`` (in several messages past 4,096 characters); returns the first message id.
        When a later part fails, a retry of the same alert resumes after the parts already sent."""
        return self._send_parts(alert.alert_id, split_telegram(telegram_html(alert, self._options)), reply_to)

    def send_digest(self, alerts: Sequence[Alert]) -> str:
        """Several alerts as one message (more past 4,096 characters, threaded under the first)."""
        key = "digest:" + ",".join(alert.alert_id for alert in alerts)
        return self._send_parts(key, split_telegram(telegram_digest(alerts, self._options)), None)

    def _send_parts(self, key: str, parts: list[str], reply_to: str | None) -> str:
        sent = self._partial.pop(key, [])
        try:
            for part in parts[len(sent) :]:
                sent.append(self.send_text(part, reply_to=sent[0] if sent else reply_to))
        except errors.DeliveryError:
            if sent:
                self._partial[key] = sent
                while len(self._partial) > 100:  # only alerts failing halfway: keep a few
                    self._partial.pop(next(iter(self._partial)))
            raise
        return sent[0]

    def send_notice(self, text: str) -> str:
        """An operational note (a source failing or recovered), as plain escaped text."""
        return self.send_text(html.escape(text))

    def send_text(self, text: str, reply_to: str | None = None) -> str:
        payload: dict[str, Any] = {
            "chat_id": self.channel.chat_id,
            "text": text,
            "parse_mode": "HTML",
            "disable_web_page_preview": True,
        }
        if reply_to:
            payload["reply_to_message_id"] = int(reply_to) if reply_to.isdigit() else reply_to
            payload["allow_sending_without_reply"] = True
        self._respect_limits()
        url = f"{self.channel.api_url}/bot{self.__token}/sendMessage"
        failure: errors.DeliveryError | None = None
        try:
            response = self._client.post(url, json=payload, timeout=self.channel.timeout_seconds)
        except httpx.TransportError as error:  # timeouts, refused or reset connections
            failure = errors.from_transport_error(error, self._scrub(f"{type(error).__name__}: {error}"))
        finally:
            self._note_sent()
        if failure is not None:  # raised outside the except block: no chained httpx error, no URL
            log.warning("telegram channel %s: %s", self.channel_id, failure)
            raise failure
        return self._message_id(response)

    def _message_id(self, response: httpx.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code == 200 and body.get("ok"):
            return str(body["result"]["message_id"])
        description = self._scrub(str(body.get("description") or response.reason_phrase or "no description"))
        parameters = body.get("parameters") or {}
        if parameters.get("migrate_to_chat_id"):
            description += f" (the group is now chat {parameters['migrate_to_chat_id']}: update chat_id)"
        retry_after = parameters.get("retry_after")
        error = errors.from_http_status(
            int(body.get("error_code") or response.status_code), description,
            float(retry_after) if isinstance(retry_after, int | float) else None,
        )  # fmt: skip
        log.warning("telegram channel %s: %s", self.channel_id, error)
        raise error

    def _scrub(self, text: str) -> str:
        return _TOKEN_IN_URL.sub("/bot***", text.replace(self.__token, "***")) if self.__token else text

    # -- rate limits (Bot API: about one message a second per chat, twenty a minute per group) ----
    @property
    def is_group(self) -> bool:
        """Groups and channels have negative ids ("-100..." for supergroups and channels);
        a "@channelname" username is a channel too. Private chats are positive."""
        return self.channel.chat_id.startswith(("-", "@"))

    def _respect_limits(self) -> None:
        interval = self.channel.per_chat_interval_seconds
        if interval and self._last_sent is not None:
            wait = self._last_sent + interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        per_minute = self.channel.per_minute if self.is_group else 0
        if per_minute:
            now = self._clock()
            while self._recent and self._recent[0] <= now - 60:
                self._recent.popleft()
            if len(self._recent) >= per_minute:
                self._sleep(self._recent[0] + 60 - now)

    def _note_sent(self) -> None:
        self._last_sent = self._clock()
        self._recent.append(self._last_sent)


# -- splitting for Telegram's 4,096-character limit ----------------------------------------------

TELEGRAM_LIMIT = 4096
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\s+|[^<&\s]+|[<&]")


def telegram_length(text: str) -> int:
    """Telegram counts UTF-16 code units; counting the markup too keeps every part under the limit."""
    return len(text.encode("utf-16-le")) // 2


def split_telegram(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut HTML into parts of at most ``limit`` units, between lines where possible, never inside a
    tag or an entity; a tag open at a cut is closed there and opened again in the next part."""
    if telegram_length(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for unit in _balanced_units(text):
        joined = f"{current}\n{unit}" if current else unit
        if telegram_length(joined) <= limit:
            current = joined
            continue
        if current:
            parts.append(current)
        if telegram_length(unit) <= limit:
            current = unit
        else:
            pieces = _split_unit(unit, limit)
            parts.extend(pieces[:-1])
            current = pieces[-1]
    if current:
        parts.append(current)
    return [p for p in (part.strip("\n") for part in parts) if p.strip()]


def _balanced_units(text: str) -> list[str]:
    """Lines, joined while a tag stays open across a line break."""
    units: list[str] = []
    pending: list[str] = []
    depth = 0
    for line in text.split("\n"):
        pending.append(line)
        for tag in re.findall(r"<(/?)[a-zA-Z][^>]*?(/?)>", line):
            depth += -1 if tag[0] else (0 if tag[1] else 1)
        if depth <= 0:
            units.append("\n".join(pending))
            pending, depth = [], 0
    if pending:
        units.append("\n".join(pending))
    return units


def _split_unit(unit: str, limit: int) -> list[str]:
    """Word by word (token by token for a word longer than a part), carrying the stack of open tags
    over each cut: closed at the end of one part, opened again at the start of the next."""
    parts: list[str] = []
    stack: list[str] = []  # opening tags
    current, fresh = "", True  # fresh: nothing but re-opened tags yet

    def cut() -> None:
        nonlocal current, fresh
        parts.append(current + _closing(stack))
        current, fresh = "".join(stack), True

    def fits(tokens: list[str]) -> bool:
        return telegram_length(current + "".join(tokens) + _closing(_pushed(stack, tokens))) <= limit

    for word in _words(_TOKEN.findall(unit)):
        if not fits(word) and not fresh:
            cut()
            if word[0].isspace():
                continue
        if fits(word):
            current, fresh, stack = current + "".join(word), False, _pushed(stack, word)
            continue
        for token in _pieces(word, limit // 4):  # a word longer than a whole part
            if not fits([token]) and not fresh:
                cut()
            current, fresh, stack = current + token, False, _pushed(stack, [token])
    if not fresh:
        parts.append(current + _closing(stack))
    return parts


def _words(tokens: list[str]) -> list[list[str]]:
    """Tokens grouped into words, whitespace runs as words of their own."""
    words: list[list[str]] = []
    for token in tokens:
        if token.isspace() or not words or words[-1][0].isspace():
            words.append([token])
        else:
            words[-1].append(token)
    return words


def _pushed(stack: list[str], tokens: list[str]) -> list[str]:
    stack = list(stack)
    for token in tokens:
        if token.startswith("</"):
            if stack:
                stack.pop()
        elif token.startswith("<") and len(token) > 1 and not token.endswith("/>"):
            stack.append(token)
    return stack


_TAG_NAME = re.compile(r"<([\w-]+)")


def _closing(stack: list[str]) -> str:
    return "".join(f"</{name}>" for tag in reversed(stack) for name in _TAG_NAME.findall(tag)[:1])


def _pieces(tokens: list[str], longest: int) -> list[str]:
    """Words longer than ``longest`` split into chunks (a URL or a run without spaces)."""
    out: list[str] = []
    for token in tokens:
        if token.startswith(("<", "&")) or len(token) <= longest:
            out.append(token)
        else:
            out.extend(token[i : i + longest] for i in range(0, len(token), longest))
    return out

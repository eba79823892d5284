"""A local stand-in for the Telegram Bot API's sendMessage, on 127.0.0.1 (DESIGN.md 5).

It checks what the real API checks that matters to Rasad: the token in the path, ``chat_id`` and
``text`` present, ``parse_mode=HTML`` markup that Telegram would accept (supported tags only,
balanced, no stray ``<``/``&``, only the four named entities), and the 4,096-character limit after
entities are parsed, counted in UTF-16 units. Responses can be scripted per call: 429 with
``retry_after``, 500, 400, 403, or a hang longer than the client's timeout.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TOKEN = "123456789:AAF-rasad_TEST_token-0123456789abcdefXYZ"
TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
        "tg-spoiler", "tg-emoji", "blockquote"}  # fmt: skip
_MARKUP = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^<>]*)>|&(#x[0-9a-fA-F]+|#\d+|\w+);|[<>&]")


@dataclass
class Sent:
    chat_id: str
    text: str  # as sent, with markup
    parse_mode: str | None
    reply_to: int | None
    message_id: int
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def plain(self) -> str:
        """The text a reader sees (tags dropped, entities decoded)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.text))


def scripted(
    status: int, description: str = "", retry_after: int | None = None
) -> tuple[int, dict[str, Any]]:
    """A refusal as the Bot API words it."""
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description or {
        400: "Bad Request: chat not found", 403: "Forbidden: bot was blocked by the user",
        429: f"Too Many Requests: retry after {retry_after}", 500: "Internal Server Error",
    }.get(status, "error")}  # fmt: skip
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return status, body


class FakeTelegramAPI:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.messages: list[Sent] = []
        self.calls = 0  # sendMessage requests, refused ones included
        self.call_times: list[float] = []
        self._script: deque[tuple[int, dict[str, Any]] | float | None] = deque()
        self._lock = threading.Lock()
        self._next_id: dict[str, int] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="fake-telegram",
                                        daemon=True)  # fmt: skip

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeTelegramAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def script(self, *responses: tuple[int, dict[str, Any]] | float | None) -> None:
        """Answers for the next calls, in order: ``scripted(429, retry_after=1)``, a number of seconds
        to hang before answering normally, or None to answer normally; afterwards every call succeeds."""
        with self._lock:
            self._script.extend(responses)

    def answer(self, path: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not path.startswith(f"/bot{self.token}/"):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if path.rsplit("/", 1)[1] != "sendMessage":
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        with self._lock:
            self.calls += 1
            self.call_times.append(time.monotonic())
            step = self._script.popleft() if self._script else None
        if isinstance(step, int | float):
            time.sleep(step)
        elif step is not None:
            return step
        chat_id, text = str(payload.get("chat_id") or ""), str(payload.get("text") or "")
        if not chat_id:
            return scripted(400, "Bad Request: chat_id is empty")
        if not text.strip():
            return scripted(400, "Bad Request: message text is empty")
        parse_mode = payload.get("parse_mode")
        problem = html_problem(text) if parse_mode == "HTML" else None
        if problem:
            return scripted(400, f"Bad Request: can't parse entities: {problem}")
        visible = html.unescape(re.sub(r"<[^>]+>", "", text)) if parse_mode == "HTML" else text
        if len(visible.encode("utf-16-le")) // 2 > 4096:
            return scripted(400, "Bad Request: message is too long")
        reply_to = payload.get("reply_to_message_id")
        with self._lock:
            message_id = self._next_id.get(chat_id, 0) + 1
            self._next_id[chat_id] = message_id
            self.messages.append(Sent(chat_id, text, parse_mode, int(reply_to) if reply_to else None,
                                      message_id, payload))  # fmt: skip
        return 200, {
            "ok": True,
            "result": {"message_id": message_id, "chat": {"id": chat_id}, "text": visible},
        }


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse this HTML, or None."""
    stack: list[str] = []
    for match in _MARKUP.finditer(text):
        closing, name, _attrs, entity = match.groups()
        if name:
            if name not in TAGS:
                return f'unsupported start tag "{name}" at byte offset {match.start()}'
            if closing:
                if not stack or stack.pop() != name:
                    return f"unexpected end tag at byte offset {match.start()}"
            else:
                stack.append(name)
        elif entity is not None:
            if not entity.startswith("#") and entity not in ("lt", "gt", "amp", "quot"):
                return f"unsupported HTML entity at byte offset {match.start()}"
        else:
            return f"unescaped {match.group()!r} at byte offset {match.start()}"
    return f'can\'t find end tag corresponding to start tag "{stack[-1]}"' if stack else None


def _handler_for(api: FakeTelegramAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
            if "json" in (self.headers.get("Content-Type") or ""):
                payload = json.loads(body or "{}")
            else:
                payload = {k: v[0] for k, v in parse_qs(body).items()}
            status, answer = api.answer(self.path, payload)
            data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr
            pass

    return Handler

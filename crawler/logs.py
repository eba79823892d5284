"""Logging set-up for the command line: plain text or JSON lines, third-party chatter quietened.

Context travels in ``extra`` (``source``, ``url``, ``channel``, ``alert``) and appears in both formats.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

CONTEXT_KEYS = ("source", "url", "channel", "alert", "incident")
# httpx logs full request URLs at INFO, and a Bot API URL holds the token: never below WARNING.
QUIET = ("scrapy", "twisted", "httpx", "httpcore", "apscheduler", "filelock", "urllib3", "py.warnings")


class PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        context = " ".join(f"{k}={getattr(record, k)}" for k in CONTEXT_KEYS if getattr(record, k, None))
        if not context:
            return text
        first, newline, rest = text.partition("\n")  # keep a traceback below the context
        return f"{first} [{context}]{newline}{rest}"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for journald, Loki or jq."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in CONTEXT_KEYS:
            value = getattr(record, key, None)
            if value:
                entry[key] = str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(verbose: bool, log_format: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else PlainFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose and noisy == "scrapy" else logging.WARNING)

"""Checks before the daemon starts, each with a message an operator can act on.

Fatal: no sources, a data dir that cannot be written, a database or Redis that does not answer.
Not fatal: a channel whose secret is missing (its alerts wait; the other channels deliver).
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass

from crawler.alerts.senders import build_senders
from crawler.config import Settings
from crawler.db_url import redacted_line
from crawler.redis_conn import connect, release
from crawler.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    ok: bool
    fatal: bool
    message: str


def run_checks(settings: Settings, environ: dict[str, str]) -> list[Check]:
    checks = [_sources(settings), _data_dir(settings)]
    if checks[-1].ok:
        checks += [_database(settings), _redis(settings)]
    _, problems = build_senders(settings, environ)
    channels = len(settings.channels) or 1
    if problems:
        checks += [Check(False, False, f"{p} (its alerts wait until it is set)") for p in problems]
    else:
        checks.append(
            Check(
                True,
                False,
                f"{channels} alert channel(s) ready" + ("" if settings.channels else " (console)"),
            )
        )
    return checks


def _sources(settings: Settings) -> Check:
    enabled = [s for s in settings.sources if s.enabled]
    if not enabled:
        return Check(False, True, "no enabled sources: add [[sources]] to your config")
    return Check(True, False, f"{len(enabled)} source(s) to poll")


def _data_dir(settings: Settings) -> Check:
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=settings.data_dir, prefix=".write-test-"):
            pass
    except OSError as error:
        return Check(False, True, f"data dir {settings.data_dir} is not writable: {error.strerror or error}")
    if not os.access(settings.data_dir, os.W_OK | os.X_OK):
        return Check(False, True, f"data dir {settings.data_dir} is not writable")
    return Check(True, False, f"data dir {settings.data_dir}")


def _database(settings: Settings) -> Check:
    url = settings.effective_database_url
    try:
        Store(url).close()
    except Exception as error:  # noqa: BLE001 - reported as one line, without the URL's password
        return Check(False, True, f"database does not open: {redacted_line(error, url)}")
    return Check(True, False, "database ready")


def _redis(settings: Settings) -> Check:
    where = settings.redis_url.split("@")[-1] if settings.redis_url else "embedded, in the data dir"
    try:
        client = connect(settings)
        try:
            client.ping()
        finally:
            release(client)
    except Exception as error:  # noqa: BLE001 - reported as one line, without the URL's password
        return Check(False, True, f"Redis ({where}) does not answer: {type(error).__name__}")
    return Check(True, False, f"Redis ready ({where})")

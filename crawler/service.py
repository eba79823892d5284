"""Wiring: the alert worker built from configuration (store as ledger, Redis stream, channel senders)."""

from __future__ import annotations

import logging
import sys

from crawler.alerts.senders import build_senders
from crawler.alerts.worker import Worker, default_consumer_name
from crawler.config import Settings
from crawler.publisher import publish_pending
from crawler.redis_conn import connect
from crawler.store import Store
from crawler.stream import AlertStream

log = logging.getLogger(__name__)


def build_worker(settings: Settings, environ: dict[str, str]) -> Worker:
    """A worker that publishes left-over outbox rows before each read. Channels whose secrets are
    missing are reported and left out; the others still deliver."""
    store = Store(settings.effective_database_url)
    stream = AlertStream(connect(settings), name=settings.stream)
    stream.ensure_group()
    senders, problems = build_senders(settings, environ)
    for problem in problems:
        log.error("%s", problem)
        print(f"rasad: {problem}", file=sys.stderr)
    return Worker(
        settings,
        stream,
        store,
        senders,
        consumer=default_consumer_name(settings.data_dir),
        before_read=lambda: publish_pending(store, stream),
    )

"""Wiring: the alert worker built from configuration (store as ledger, Redis stream, channel senders),
and everything it holds, released together."""

from __future__ import annotations

import fcntl
import logging
import os
import sys
import threading
from typing import IO

from crawler.alerts.health_notes import deliver_health_notes
from crawler.alerts.senders import build_senders
from crawler.alerts.worker import Worker, WorkerStats, default_consumer_name
from crawler.config import Settings
from crawler.publisher import publish_pending
from crawler.redis_conn import connect, release
from crawler.store import Store
from crawler.stream import AlertStream

log = logging.getLogger(__name__)


class WorkerBusy(RuntimeError):
    """Another worker already delivers for this data dir (it would share this one's consumer name)."""


class WorkerService:
    def __init__(self, worker: Worker, store: Store, lock: IO[str]) -> None:
        self.worker = worker
        self.store = store
        self._lock = lock

    def run(self, burst: bool = False, stop: threading.Event | None = None) -> WorkerStats:
        return self.worker.run(burst=burst, stop=stop)

    def close(self) -> None:
        """Release the Redis client (stopping the embedded server if nobody else uses it), the
        database engine and the data-dir lock."""
        try:
            release(self.worker.stream.client)
        finally:
            self.store.close()
            self._lock.close()  # closing the file drops the flock


def _lock_worker(settings: Settings) -> IO[str]:
    # The consumer name is stable per host and data dir so that a restart re-reads its own pending
    # entries; two live workers with one name would both take the same entries and send twice.
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    handle = (settings.data_dir / "worker.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise WorkerBusy(
            f"another alert worker (pid {holder}) already delivers for {settings.data_dir}; "
            "alerts are in its hands"
        ) from None
    handle.truncate(0)
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def build_worker(settings: Settings, environ: dict[str, str]) -> WorkerService:
    """A worker that publishes left-over outbox rows before each read. Channels whose secrets are
    missing are reported; their alerts wait, and the other channels still deliver."""
    lock = _lock_worker(settings)
    try:
        store = Store(settings.effective_database_url)
        stream = AlertStream(connect(settings), name=settings.stream)
        stream.ensure_group()
    except BaseException:
        lock.close()
        raise
    senders, problems = build_senders(settings, environ)
    for problem in problems:
        log.error("%s", problem)
        print(f"rasad: {problem}", file=sys.stderr)
    worker = Worker(
        settings,
        stream,
        store,
        senders,
        consumer=default_consumer_name(settings.data_dir),
        before_read=lambda: (publish_pending(store, stream), deliver_health_notes(store, senders)),
        digests=store,
    )
    return WorkerService(worker, store, lock)

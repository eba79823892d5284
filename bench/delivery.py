"""Alert delivery figures: alerts per second delivered to the local Bot API server with the rate
limits off, and the p95 time from an outbox row being written to its message being delivered.

Everything real but the Bot API: the SQLite store (outbox and deliveries ledger), the embedded Redis
stream and consumer group, the worker with its HTTP client. Two runs:

- backlog: ``BACKLOG`` alerts already in the outbox, one ``worker --burst``-style pass; alerts/s.
- steady: a producer writes ``STEADY`` outbox rows at ``RATE`` per second and publishes each, as a
  crawl does, while a worker runs; latency = ledger ``sent_at`` - outbox ``created_at``.

Run: ``python -m bench.delivery`` (or ``make bench``).
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.alerts.senders import build_senders  # noqa: E402 - after the path set-up
from crawler.alerts.worker import Worker  # noqa: E402
from crawler.config import Settings  # noqa: E402
from crawler.publisher import publish_pending  # noqa: E402
from crawler.redis_conn import connect_embedded, release  # noqa: E402
from crawler.store import Store  # noqa: E402
from crawler.stream import AlertStream  # noqa: E402
from tests.fakes.fixtures import make_alert  # noqa: E402
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI  # noqa: E402

BACKLOG = 500
STEADY = 200
RATE = 50.0  # alerts per second offered in the steady run


def _setup(directory: Path, api: FakeTelegramAPI) -> tuple[Settings, Store, AlertStream, Worker]:
    settings = Settings.model_validate({"data_dir": str(directory), "channels": [
        {"id": "ops", "kind": "telegram", "chat_id": "-100123", "token_env": "TOKEN", "api_url": api.url,
         "per_chat_interval_seconds": 0, "per_minute": 0},
    ]})  # fmt: skip
    store = Store(settings.effective_database_url)
    stream = AlertStream(connect_embedded(directory / "redis"), name="rasad:bench")
    stream.ensure_group()
    senders, _ = build_senders(settings, {"TOKEN": TOKEN})
    worker = Worker(settings, stream, store, senders, "bench", before_read=lambda: publish_pending(store, stream),
                    digests=store, block_ms=200)  # fmt: skip
    return settings, store, stream, worker


def backlog(directory: Path) -> float:
    api = FakeTelegramAPI().start()
    _, store, stream, worker = _setup(directory, api)
    try:
        store.queue_alerts(make_alert(f"b{n}", place=f"قرية {n}") for n in range(BACKLOG))
        started = time.perf_counter()
        stats = worker.run(burst=True)
        elapsed = time.perf_counter() - started
        assert stats.sent == BACKLOG and len(api.messages) == BACKLOG, stats
        return BACKLOG / elapsed
    finally:
        api.stop()
        store.close()
        release(stream.client)


def steady(directory: Path) -> list[float]:
    api = FakeTelegramAPI().start()
    _, store, stream, worker = _setup(directory, api)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, kwargs={"stop": stop})
    thread.start()
    try:
        for n in range(STEADY):
            store.queue_alerts([make_alert(f"s{n}", place=f"قرية {n}")])
            publish_pending(store, stream)  # as `rasad crawl` does after storing
            time.sleep(1 / RATE)
        deadline = time.monotonic() + 30
        while len(api.messages) < STEADY and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()
        api.stop()
    written, sent = store.outbox_times(), store.delivery_times("ops")
    store.close()
    release(stream.client)
    return [(sent[a] - written[a]).total_seconds() * 1000 for a in written if a in sent]


def run() -> None:
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        rate = backlog(Path(first))
        latencies = steady(Path(second))
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print("Alert delivery (local Bot API server, rate limits off, SQLite ledger, embedded Redis):")
    print(f"  backlog of {BACKLOG}: {rate:.0f} alerts/s delivered")
    print(f"  steady {RATE:.0f}/s for {STEADY} alerts: outbox row -> delivered p50 "
          f"{statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, max {max(latencies):.0f} ms "
          f"({len(latencies)}/{STEADY} delivered)")  # fmt: skip
    logging.disable(logging.NOTSET)


if __name__ == "__main__":
    run()

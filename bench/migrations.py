"""What schema migrations cost at ``Store`` open (``python -m bench.migrations``; ``run()`` for make bench).

1. Opening an up-to-date SQLite database, as every crawl subprocess and command does: the engine,
   the one read of ``alembic_version``, and the first query; next to what the check alone costs,
   and to ``metadata.create_all`` (what opening cost before migrations: a table check per table).
2. Migrating a new database from nothing to head, on SQLite and on a throwaway PostgreSQL server
   (when the binaries are installed; tests/pg.py starts it).
Medians of repeated runs, in one process (imports not counted).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler import db  # noqa: E402
from crawler.schema import metadata  # noqa: E402
from crawler.store import Store  # noqa: E402


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _open_and_query(url: str) -> None:
    store = Store(url)
    store.known_urls(["https://a/1"])
    store.close()


def run(repeat: int = 50) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/rasad.sqlite3"
        _open_and_query(url)
        engine = db.open_engine(url)
        check = _median_ms(lambda: db._up_to_date(engine), repeat)
        create_all = _median_ms(lambda: metadata.create_all(engine), repeat)
        engine.dispose()
        opened = _median_ms(lambda: _open_and_query(url), repeat)
        counter = iter(range(10**6))
        fresh = _median_ms(
            lambda: db.open_engine(f"sqlite:///{tmp}/new-{next(counter)}.sqlite3").dispose(), 10
        )
    print(f"store open, SQLite, up to date (open + one query + close): {opened:.1f} ms median of {repeat}")
    print(
        f"  of which the revision check: {check:.2f} ms (metadata.create_all, the check before: {create_all:.2f} ms)"
    )
    print(f"new SQLite database migrated to head ({db.head_revision()}): {fresh:.0f} ms median of 10")
    _postgresql(repeat)


def _postgresql(repeat: int) -> None:
    from tests.pg import BIN, PostgresCluster

    if not (BIN / "initdb").exists():
        print("PostgreSQL: not measured (binaries missing: run .ci/system-deps)")
        return
    cluster = PostgresCluster()
    try:
        fresh = _median_ms(lambda: db.open_engine(cluster.new_database()).dispose(), 10)
        url = cluster.new_database()
        _open_and_query(url)
        opened = _median_ms(lambda: _open_and_query(url), repeat)
    finally:
        cluster.stop()
    print(f"store open, PostgreSQL over its unix socket, up to date: {opened:.1f} ms median of {repeat}")
    print(f"new PostgreSQL database migrated to head (CREATE DATABASE included): {fresh:.0f} ms median of 10")


if __name__ == "__main__":
    run()

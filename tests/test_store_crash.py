"""A writer killed with SIGKILL in the middle of ``save_article`` loses nothing and leaves nothing
half-written, on SQLite and PostgreSQL: every article it reported stored is there, and every stored
article has all its incidents, their sources and their outbox rows (one transaction each)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from crawler.schema import articles, incident_sources, incidents, outbox
from tests.conftest import REPO

pytestmark = pytest.mark.slow

INCIDENTS_PER_ARTICLE = 3
KILLS = 5

# Each article: its own text (no near-duplicates) and incidents far apart in time (no matching),
# so each save is one article, three new incidents, three sources and three alerts.
WRITER = """
import random, sys
from datetime import UTC, date, datetime, timedelta
from crawler.store import Store
from extractors.models import Article, Incident, Source

store = Store(sys.argv[1])
words = ["مداهمة", "اعتقال", "قرية", "ريف", "دير", "الزور", "شرقي", "قوات", "مدنيين", "حملة", "عنصر", "منزل"]
for n in range(int(sys.argv[2]), 10**6):
    url = f"https://crash.example/{n}"
    text = " ".join(random.Random(n).choice(words) for _ in range(120)) + f" {n}"
    found = [
        Incident(types=("raid", "arrest"), place="الرز", place_id=f"P{n}-{k}", admin1="دير الزور",
                 date=(date(1990, 1, 1) + timedelta(days=9 * (INCIDENTS * n + k))).isoformat(),
                 sources=(Source(url, "sy24", None),), evidence=f"{n}-{k}").with_stable_id()
        for k in range(INCIDENTS)
    ]
    article = Article(url=url, title=f"t{n}", text=text, published=datetime(2023, 6, 8, tzinfo=UTC), source_id="sy24")
    assert store.save_article(article, found, timedelta(days=10**6)).stored
    print(n, flush=True)
""".replace("INCIDENTS", str(INCIDENTS_PER_ARTICLE))


def start_writer(url: str, first: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(first)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_kill_9_mid_save_loses_nothing_and_halves_nothing(database_url: str) -> None:
    rng = random.Random(11)
    reported: set[int] = set()
    first = 0
    for _ in range(KILLS):
        writer = start_writer(database_url, first)
        assert writer.stdout is not None
        wanted = len(reported) + rng.randrange(5, 40)
        deadline = time.monotonic() + 60
        while len(reported) < wanted and time.monotonic() < deadline:
            line = writer.stdout.readline()
            assert line, "the writer stopped before its kill"
            reported.add(int(line))
        time.sleep(rng.uniform(0, 0.01))  # inside the next save, most of the time
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate(timeout=30)
        reported |= {int(line) for line in rest.split()}  # printed before the kill, read after
        first = (
            max(reported) + 1
        )  # the next writer goes on (an article saved unreported is a key clash otherwise)
        first += 1  # and skips the one it may have half-written: it must not be there at all

    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        stored = {str(url) for url in conn.scalars(sa.select(articles.c.url))}
        numbers = {int(url.rsplit("/", 1)[1]) for url in stored}
        assert reported <= numbers, f"lost: {sorted(reported - numbers)}"
        # the unreported ones: at most one per kill, saved whole just before it (committed, unprinted)
        assert len(numbers - reported) <= KILLS
        per_article = conn.execute(
            sa.select(incident_sources.c.url, sa.func.count()).group_by(incident_sources.c.url)
        ).all()
        assert {str(url) for url, _ in per_article} == stored, "sources without their article, or the reverse"
        assert {count for _, count in per_article} == {INCIDENTS_PER_ARTICLE}
        total = INCIDENTS_PER_ARTICLE * len(stored)
        assert conn.scalar(sa.select(sa.func.count()).select_from(incidents)) == total
        assert conn.scalar(sa.select(sa.func.count()).select_from(outbox)) == total
        alerted = set(conn.scalars(sa.select(outbox.c.incident_id)))
        assert alerted == set(conn.scalars(sa.select(incidents.c.id)))
    engine.dispose()
    print(f"\nstore crash test ({engine.dialect.name}): {KILLS} kills, {len(stored)} articles, all whole")

"""Store throughput with issue 6's matching: incidents filed per second with ``STORED`` incidents in the
store, and the candidate query's p50/p95.

Set-up (not timed): a SQLite store filled with ``STORED`` incidents, each with its source and its
article (a random MinHash fingerprint and its LSH bands, so the near-duplicate index is full size):
places drawn from the gazetteer (85% communities, 15% districts and sub-districts read as areas),
types from the combinations outlets report, dates over two years, actors and figures varied.

Timed: ``REPORTS`` new articles through ``Store.save_article``, one transaction each, as a crawl files
them: half report a stored incident again (another outlet, another text, a figure that may have grown:
they join, some with an update alert), half are new events. Each article has a 150-word body of the
dev set's words in random order, so its fingerprint is computed and looked up like a real one. Then
``PROBES`` candidate look-ups (the indexed query plus scoring) on their own.

Run: ``python -m bench.store`` (or ``make bench``; section ``store``).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import insert  # noqa: E402 - after the path set-up

from crawler import neardup  # noqa: E402
from crawler.matching import date_span, name_words  # noqa: E402
from crawler.schema import article_bands, articles, incident_sources, incidents  # noqa: E402
from crawler.store import Store  # noqa: E402
from crawler.store_incidents import _columns  # noqa: E402
from extractors.gazetteer import Place, gazetteer  # noqa: E402
from extractors.models import Article, Incident, Source  # noqa: E402

STORED = int(os.environ.get("BENCH_STORED", 100_000))  # smaller for a quick look
REPORTS = 2_000
PROBES = 1_000
START = date(2024, 1, 1)
DAYS = 730
TYPES = [("raid", "arrest"), ("killing", "attack"), ("killing", "assassination", "attack"), ("clash", "killing"),
         ("explosion", "ied"), ("drone_strike", "killing"), ("shelling",), ("airdrop", "raid", "arrest"),
         ("abduction",), ("explosion", "suicide_bombing", "killing")]  # fmt: skip
ACTORS = [
    ("sdf",),
    ("coalition", "sdf"),
    ("unknown",),
    ("isis",),
    ("syrian_government",),
    ("turkey",),
    ("tribal",),
]
OUTLETS = ["enab-baladi", "sy24", "north-press", "syria-tv", "sohr", "jesr-press", "sana", "levant-news"]


def _places() -> tuple[list[Place], list[Place]]:
    unique = {p.pcode: p for ps in gazetteer().exact.values() for p in ps if p.lat is not None}
    communities = [p for p in unique.values() if p.kind == "community"]
    areas = [p for p in unique.values() if p.kind in ("district", "subdistrict")]
    return communities, areas


def _incident(
    rng: random.Random, communities: list[Place], areas: list[Place], url: str, outlet: str
) -> Incident:
    place = rng.choice(areas) if rng.random() < 0.15 else rng.choice(communities)
    day = START + timedelta(days=rng.randrange(DAYS))
    killed = rng.choice([None, None, 0, 1, 2, 3, 5])
    return Incident(
        types=rng.choice(TYPES), date=day.isoformat(), date_precision="day", place=place.name, place_id=place.pcode,
        admin1=place.admin1, admin2=place.admin2 or None, admin3=place.admin3 or None, lat=place.lat, lon=place.lon,
        geo_precision=1 if place.kind == "community" else 2, actors=rng.choice(ACTORS), killed=killed,
        sources=(Source(url, outlet, f"{day.isoformat()}T12:00:00+00:00"),), evidence=f"{place.name} {day}",
    ).with_stable_id()  # fmt: skip


def _fill(store: Store, rng: random.Random, communities: list[Place], areas: list[Place]) -> list[Incident]:
    stored: list[Incident] = []
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with store.engine.begin() as conn:
        for start in range(0, STORED, 5_000):
            rows, sources, arts, bands = [], [], [], []
            for n in range(start, start + 5_000):
                url = f"https://{rng.choice(OUTLETS)}.example/{n}"
                incident = _incident(rng, communities, areas, url, url.split("//")[1].split(".")[0])
                stored.append(incident)
                span = date_span(incident, None)
                rows.append({"id": incident.id, "first_seen": now, "place_names": " ".join(name_words(incident.place)),
                             **_columns(incident, span, now)})  # fmt: skip
                sources.append(
                    {"incident_id": incident.id, "url": url, "source_id": incident.sources[0].source_id}
                )
                signature = rng.randbytes(neardup.PERMUTATIONS * 4)
                arts.append(
                    {
                        "id": n + 1,
                        "url": url,
                        "status": "article",
                        "fetched_at": now,
                        "fingerprint": signature,
                    }
                )
                bands += [{"band": b, "article_id": n + 1} for b in neardup.bands(signature)]
            conn.execute(insert(incidents), rows)
            conn.execute(insert(incident_sources), sources)
            conn.execute(insert(articles), arts)
            conn.execute(insert(article_bands), bands)
    return stored


def _reports(
    rng: random.Random, stored: list[Incident], communities: list[Place], areas: list[Place]
) -> list[tuple[Article, Incident]]:
    vocabulary = [w for doc in json.loads((REPO / "tests/data/eval/dev_gold.json").read_text())["docs"].values()
                  for w in doc["text"].split()]  # fmt: skip
    out = []
    for n in range(REPORTS):
        outlet = rng.choice(OUTLETS)
        url = f"https://{outlet}.example/new/{n}"
        if n % 2:  # another outlet's report of a stored incident, the toll perhaps grown
            known = rng.choice(stored)
            grown = (known.killed or 0) + rng.choice([0, 0, 1, 2])
            incident = replace(known, killed=grown, sources=(Source(url, outlet, known.sources[0].published),),
                               evidence=f"report {n}", id="").with_stable_id()  # fmt: skip
        else:
            incident = _incident(rng, communities, areas, url, outlet)
        assert incident.date
        published = datetime.fromisoformat(incident.date).replace(tzinfo=UTC) + timedelta(hours=10)
        text = " ".join(rng.choices(vocabulary, k=150))
        out.append((Article(url=url, title="", text=text, published=published, source_id=outlet), incident))
    return out


def run() -> None:
    rng = random.Random(6)
    communities, areas = _places()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'rasad.sqlite3'}")
        started = time.perf_counter()
        stored = _fill(store, rng, communities, areas)
        fill = time.perf_counter() - started
        reports = _reports(rng, stored, communities, areas)
        new = joined = alerts = 0
        started = time.perf_counter()
        for article, incident in reports:
            assert article.published
            result = store.save_article(article, [incident], timedelta(days=10_000), now=article.published)
            new, joined, alerts = (
                new + result.new_incidents,
                joined + result.joined_incidents,
                alerts + result.alerts,
            )
        filed = time.perf_counter() - started
        probes = []
        with store.engine.connect() as conn:
            for _article, incident in reports[:PROBES]:
                span = date_span(incident, None)
                began = time.perf_counter()
                store._best(incident, span, store._candidates(conn, incident, span), set())
                probes.append((time.perf_counter() - began) * 1000)
        store.close()
    cuts = statistics.quantiles(probes, n=20)
    print(f"store (SQLite, {STORED:,} incidents and their articles stored; filled in {fill:.0f} s):")
    print(f"  filed: {REPORTS / filed:.0f} incidents/s ({REPORTS:,} articles, one transaction each, fingerprint "
          f"included; {joined} joined, {new} new, {alerts} alerts)")  # fmt: skip
    print(f"  candidate query + scoring: p50 {statistics.median(probes):.2f} ms, p95 {cuts[18]:.2f} ms "
          f"({PROBES:,} look-ups)")  # fmt: skip


if __name__ == "__main__":
    run()

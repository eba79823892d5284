"""Incident extraction speed in articles per second on one core, for ``make bench``.

``python -m extractors.throughput`` (or ``measure()`` from the bench) builds articles of about 3 KB
from the gold texts in the repository (the dev set and the seeds: real Syrian news, clutter included),
each excerpt used once per article so no two articles are alike, and times ``extract_incidents`` over
them in this process: a *cold* pass with every word cache emptied first (a freshly started daemon),
then the median of warm passes (a daemon that has read a few hundred articles; the word caches are
bounded, so this is its steady state).
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from datetime import time as day_time
from functools import _lru_cache_wrapper
from pathlib import Path

from extractors import actors, arabic, places, triggers
from extractors.evaluation import DAMASCUS, DEV_GOLD, SEED_GOLD, load_gold
from extractors.incidents import extract_incidents
from extractors.models import Article

ARTICLE_BYTES = 3 * 1024


@dataclass(frozen=True)
class Throughput:
    articles: int
    mean_bytes: float
    cold_per_second: float
    warm_per_second: float
    passes: int

    def __str__(self) -> str:
        return (f"incident extraction, {self.articles} articles of {self.mean_bytes / 1024:.1f} KB mean: "
                f"{self.cold_per_second:.0f} articles/s cold caches, {self.warm_per_second:.0f} articles/s warm "
                f"(median of {self.passes} passes), one core")  # fmt: skip


def sample_articles(
    gold_files: tuple[Path, ...] = (DEV_GOLD, SEED_GOLD), size: int = ARTICLE_BYTES
) -> list[Article]:
    """Articles of about ``size`` bytes, each made of consecutive gold texts."""
    texts: list[tuple[str, str | None]] = []
    for path in gold_files:
        if path.exists():
            texts += [(d["text"], d.get("published")) for d in load_gold(path).values() if d.get("text")]
    articles: list[Article] = []
    body: list[str] = []
    published: str | None = None
    for text, day in texts:
        body.append(text)
        published = published or day
        if len("\n".join(body).encode()) >= size:
            moment = (
                datetime.combine(datetime.fromisoformat(published).date(), day_time(12), DAMASCUS)
                if published
                else None
            )
            articles.append(Article(url=None, title="", text="\n".join(body), published=moment))
            body, published = [], None
    return articles


def clear_caches() -> None:
    for module in (arabic, triggers, actors, places):
        for value in vars(module).values():
            if isinstance(value, _lru_cache_wrapper) and value not in (places.gazetteer, arabic._camel):
                value.cache_clear()
    places.gazetteer()._starts.clear()


def measure(articles: list[Article] | None = None, passes: int = 9) -> Throughput:
    articles = articles or sample_articles()
    places.gazetteer()  # loading the gazetteer and camel-tools is start-up, not extraction
    arabic.normalize("ا")
    clear_caches()
    started = time.perf_counter()
    for article in articles:
        extract_incidents(article)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(passes):
        started = time.perf_counter()
        for article in articles:
            extract_incidents(article)
        warm.append(time.perf_counter() - started)
    size = statistics.mean(len(a.text.encode()) for a in articles)
    return Throughput(
        len(articles), size, len(articles) / cold, len(articles) / statistics.median(warm), passes
    )


if __name__ == "__main__":
    print(measure())
    sys.exit(0)

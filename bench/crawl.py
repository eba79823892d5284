"""Crawl figures against the bundled replicas on loopback (``python -m bench.crawl``; ``run()`` for make bench).

1. Cost of polling an unchanged feed: the Enab Baladi replica crawled once, then again; requests and
   bytes of the second crawl from Scrapy's downloader stats (robots.txt included).
2. Latency from an article appearing in a feed to its page being stored, at a 60 s interval.  Waiting
   hours for real arrivals is not practical, so the two parts are measured apart and combined:
   the crawl time of a poll that finds one new article is measured with real crawls (politeness
   delays on, as shipped); the wait for the next poll comes from APScheduler's own IntervalTrigger
   (60 s, the shipped 2 s jitter), asked for its real fire times, with arrivals uniform over 1000 intervals.
3. Throughput with politeness off: 120 article pages on one replica, no delay, no AutoThrottle, 8 requests
   in flight (the shipped limit is 2 per site), the whole pipeline (extraction, incidents, store) included.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_CRAWL = """
import json, sys
from crawler.config import load_settings
from crawler.crawl import run_crawl
settings = load_settings(__import__("pathlib").Path(sys.argv[1]), __import__("pathlib").Path(sys.argv[2]))
if len(sys.argv) > 3:
    settings = settings.model_copy(update={"concurrent_requests_per_site": int(sys.argv[3])})
report = run_crawl(settings, list(settings.sources))
print(json.dumps({"requests": report.requests, "bytes": report.response_bytes, "seconds": report.seconds,
                  "articles": sum(s.articles + s.skipped for s in report.sources.values())}))
"""


def _crawl(config: Path, data_dir: Path, concurrency: int | None = None) -> dict[str, float]:
    args = [sys.executable, "-c", _CRAWL, str(config), str(data_dir)] + ([str(concurrency)] if concurrency else [])
    out = subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=True, timeout=600)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _config(path: Path, base_url: str, feed: str, delay: float) -> Path:
    path.write_text(f'download_delay_seconds = {delay}\n[[sources]]\nid = "bench"\nfeeds = ["{base_url}{feed}"]\n'
                    "allow_private = true\n", encoding="utf-8")  # fmt: skip
    return path


def unchanged_feed(work: Path) -> dict[str, float]:
    from crawler.replicas import ReplicaServer, site_dirs

    with ReplicaServer(site_dirs()["enab-baladi"]) as site:
        config = _config(work / "unchanged.toml", site.base_url, "/feed/", 1.0)
        _crawl(config, work / "unchanged")
        return _crawl(config, work / "unchanged")


def poll_times(work: Path, samples: int = 3) -> list[float]:
    """Seconds of a crawl (process start to stored) that finds one new article, shipped politeness."""
    import time

    from crawler.replicas import ReplicaServer, site_dirs

    times = []
    with ReplicaServer(site_dirs()["enab-baladi"]) as site:
        config = _config(work / "latency.toml", site.base_url, "/feed/", 1.0)
        _crawl(config, work / "latency")
        feed = (site_dirs()["enab-baladi"] / "feed" / "index.xml").read_text(encoding="utf-8")
        page = next(site_dirs()["enab-baladi"].glob("2025/**/index.html")).read_text(encoding="utf-8")
        for n in range(samples):
            item = f"<item><title>n{n}</title><link>{{{{BASE}}}}/bench/{n}/</link></item>"
            feed = feed.replace("<item>", item + "<item>", 1)
            site.add_file(f"/bench/{n}/", page)
            site.add_file("/feed/", feed)
            started = time.perf_counter()
            _crawl(config, work / "latency")
            times.append(time.perf_counter() - started)
    return times


def scheduled_waits(interval: int = 60, jitter: int = 2, intervals: int = 1000) -> list[float]:
    """Wait from a uniformly random arrival to the next poll, from APScheduler's real fire times."""
    from apscheduler.triggers.interval import IntervalTrigger

    random.seed(5)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    trigger = IntervalTrigger(seconds=interval, jitter=jitter, start_date=start, timezone=UTC)
    fires: list[datetime] = []
    previous: datetime | None = None
    now = start
    while len(fires) < intervals + 2:
        fire = trigger.get_next_fire_time(previous, now)
        assert fire is not None
        fires.append(fire)
        previous, now = fire, fire + timedelta(microseconds=1)
    waits = []
    for _ in range(20_000):
        arrival = start + timedelta(seconds=random.uniform(interval, interval * intervals))
        waits.append((next(f for f in fires if f >= arrival) - arrival).total_seconds())
    return waits


def throughput(work: Path, pages: int = 120) -> dict[str, float]:
    from crawler.replicas import ReplicaServer, site_dirs

    source = site_dirs()["enab-baladi"]
    article = next(source.glob("2025/**/index.html")).read_text(encoding="utf-8")
    root = work / "many"
    (root / "feed").mkdir(parents=True)
    (root / "manifest.json").write_text('{"id": "many", "feeds": ["/feed/"], "articles": []}')
    items = "".join(f"<item><title>{n}</title><link>{{{{BASE}}}}/p/{n}/</link></item>" for n in range(pages))
    (root / "feed" / "index.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>m</title>'
                                             f"{items}</channel></rss>")  # fmt: skip
    for n in range(pages):
        (root / "p" / str(n)).mkdir(parents=True)
        (root / "p" / str(n) / "index.html").write_text(re.sub(r"<h1([^>]*)>", rf"<h1\1>{n} ", article, count=1))
    with ReplicaServer(root) as site:
        config = _config(work / "many.toml", site.base_url, "/feed/", 0)
        return _crawl(config, work / "many-data", concurrency=8)


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="rasad-bench-crawl-") as tmp:
        work = Path(tmp)
        unchanged = unchanged_feed(work)
        print(f"crawl: unchanged feed poll: {unchanged['requests']:.0f} request(s) incl. robots.txt, "
              f"{unchanged['bytes']:.0f} response bytes, {unchanged['articles']:.0f} article(s) fetched")  # fmt: skip
        polls = poll_times(work)
        for jitter in (2, 10):  # 2 s is the shipped jitter_seconds
            latencies = sorted(w + random.choice(polls) for w in scheduled_waits(jitter=jitter))
            p50, p95 = statistics.median(latencies), latencies[int(len(latencies) * 0.95)]
            print(f"crawl: feed-to-stored latency, 60 s interval, jitter {jitter} s: p50 {p50:.1f} s, p95 {p95:.1f} s")
        print(f"       (poll with one new article: median {statistics.median(polls):.2f} s over {len(polls)} real crawl "
              "subprocesses; wait for the next poll: APScheduler IntervalTrigger fire times, 20000 uniform arrivals)")  # fmt: skip
        bulk = throughput(work)
        print(f"crawl: throughput, politeness off: {bulk['articles'] / bulk['seconds']:.1f} pages/s "
              f"({bulk['articles']:.0f} pages in {bulk['seconds']:.2f} s inside the crawl, extraction and store included)")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    run()

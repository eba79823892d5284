"""``make bench``: figures, printed side by side, each with how it was measured.

Times are wall-clock on this machine; text extraction is also given as a ratio to plain trafilatura
on the same pages, since absolute times drift between machines.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timed(function: Callable[[], object], repeat: int) -> float:
    """Median seconds of one call over ``repeat`` calls (after one warm-up)."""
    function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bench_text() -> None:
    from bench import text

    text.run()


def bench_incidents() -> None:
    from extractors.incidents import extract_incidents
    from extractors.text import article_from_text

    seeds = sorted((REPO / "tests" / "data" / "seeds").glob("*.txt"))
    articles = [article_from_text(p.read_text(encoding="utf-8")) for p in seeds]
    size = statistics.mean(len(a.text.encode()) for a in articles)
    extract_incidents(articles[0])  # loads the gazetteer once
    per_pass = timed(lambda: [extract_incidents(a) for a in articles], 20)
    print(f"incident extraction, {len(articles)} seed articles (mean {size / 1024:.1f} KB), median of 20 passes:")
    print(f"  {len(articles) / per_pass:7.0f} articles/s on one core")


def bench_crawl_and_demo() -> None:
    from crawler.replicas.server import replica_sources, serve_replicas

    servers = serve_replicas()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}
    env["PYTHONPATH"] = str(REPO)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            config = Path(scratch) / "c.toml"
            text = "alert_max_age_hours = 300000\ndownload_delay_seconds = 0\n"
            for source in replica_sources(servers):
                text += f'[[sources]]\nid = "{source["id"]}"\nfeeds = ["{source["feeds"][0]}"]\nallow_private = true\n'
            config.write_text(text)
            env.update(RASAD_CONFIG=str(config), RASAD_DATA_DIR=str(Path(scratch) / "data"))
            command = [sys.executable, "-m", "crawler.cli", "crawl", "--quiet"]
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            first = time.perf_counter() - started
            for server in servers.values():
                server.reset_log()
            subprocess.run(command, env=env, check=True, capture_output=True)
            requests = [r for s in servers.values() for r in s.requests]
            feeds = [r for r in requests if r[1].startswith("/feed")]
            print(f"crawl of {len(servers)} replica outlets (subprocess, politeness delay 0):")
            print(f"  first crawl: {first:.1f} s wall, process start included")
            print(f"  unchanged feeds: {len(feeds)} feed request(s) answered {sorted({r[2] for r in feeds})}, "
                  f"{len(requests) - len(feeds)} other request(s) (robots.txt), no article page")  # fmt: skip
    finally:
        for server in servers.values():
            server.stop()
    started = time.perf_counter()
    demo_env = {k: v for k, v in env.items() if not k.startswith("RASAD_")}
    demo = subprocess.run([sys.executable, "-m", "crawler.cli", "demo"], env=demo_env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    lines = [line for line in demo.stdout.splitlines() if line.startswith("rasad demo:")]
    print(f"rasad demo (whole flow, {time.perf_counter() - started:.1f} s wall):")
    for line in lines[1:]:
        print(f"  {line.removeprefix('rasad demo: ')}")


def main() -> None:
    print(f"Rasad benchmarks, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    for bench in (bench_text, bench_incidents, bench_crawl_and_demo):
        bench()
        print()


if __name__ == "__main__":
    main()

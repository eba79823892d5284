"""``make bench``: every figure Rasad promises, printed side by side, each with how it was measured.

    python -m bench                 all sections (about 10 minutes: the daemon latency run is real time)
    python -m bench text crawl      only the sections named
    python -m bench soak 1000       the daemon soak test (crawl cycles, memory sampled)

Sections: text (extraction vs trafilatura, readability-lxml, jusText), incidents (articles/s),
crawl (unchanged feed, feed-to-stored latency, throughput), delivery (alerts/s, outbox-to-delivered),
migrations (store open with its schema check, new databases migrated, SQLite and PostgreSQL),
store (incidents filed and matched per second with 100,000 stored, candidate query p50/p95),
map (page size for 1,000 incidents, docs/map.png),
scenario (issue 6 replica scenario: merging precision and recall, incidents and alerts),
demo (start to first alert), daemon (publication-to-alert latency at 60 s, memory, idle CPU).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def bench_text() -> None:
    from bench import text

    text.run()


def bench_incidents() -> None:
    from extractors import throughput

    result = throughput.measure()
    print(f"incident extraction: {result}")


def bench_crawl() -> None:
    from bench import crawl

    crawl.run()


def bench_delivery() -> None:
    from bench import delivery

    delivery.run()


def bench_migrations() -> None:
    from bench import migrations

    migrations.run()


def bench_store() -> None:
    from bench import store

    store.run()


def bench_map() -> None:
    from bench import map as incident_map

    incident_map.run()


def bench_scenario() -> None:
    from tests import scenario_report  # the scenario lives with its test data; bench only prints it

    scenario_report.main()


def bench_demo() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}
    env["PYTHONPATH"] = str(REPO)
    started = time.perf_counter()
    demo = subprocess.run([sys.executable, "-m", "crawler.cli", "demo"], env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    lines = [line for line in demo.stdout.splitlines() if line.startswith("rasad demo:")]
    print(f"rasad demo (whole flow on the bundled replicas, {time.perf_counter() - started:.1f} s wall with process start):")
    for line in lines[1:]:
        print(f"  {line.removeprefix('rasad demo: ')}")


def bench_daemon() -> None:
    from bench import daemon

    daemon.latency_and_memory()


SECTIONS = {
    "text": bench_text,
    "incidents": bench_incidents,
    "crawl": bench_crawl,
    "delivery": bench_delivery,
    "migrations": bench_migrations,
    "store": bench_store,
    "map": bench_map,
    "scenario": bench_scenario,
    "demo": bench_demo,
    "daemon": bench_daemon,
}


def main(argv: list[str]) -> None:
    print(f"Rasad benchmarks, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    if argv[:1] == ["soak"]:
        from bench import daemon

        daemon.soak(int(argv[1]) if len(argv) > 1 else 1000)
        return
    unknown = [name for name in argv if name not in SECTIONS]
    if unknown:
        sys.exit(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)} or soak N")
    for name in argv or list(SECTIONS):
        SECTIONS[name]()
        print()


if __name__ == "__main__":
    main(sys.argv[1:])

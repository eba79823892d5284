"""The daemon's promises, measured on the real thing: ``rasad run`` in a subprocess against a replica
outlet on 127.0.0.1, alerts to the local Bot API server.

- latency: articles are published into the replica feed at random moments; each one's time from
  appearing in the feed to its message arriving at the Bot API server, with a 60 s polling interval;
- memory: the daemon's resident set at rest and its peak, and the peak of one crawl subprocess;
- idle CPU: the daemon's CPU seconds over an idle minute, scaled to an hour;
- soak: many crawl cycles at a short interval, memory sampled, growth reported.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

from crawler.replicas.server import ReplicaServer
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI

REPO = Path(__file__).resolve().parent.parent
PARAGRAPH = ("نفذت قوات الأمن الداخلي حملة دهم في قرية {place} بريف دير الزور الشرقي، أسفرت عن اعتقال "
             "ثلاثة أشخاص بتهمة الانتماء لخلايا تنظيم داعش، بحسب ما أفاد مراسل الموقع في المنطقة اليوم.")  # fmt: skip


def _villages(count: int = 40) -> list[str]:
    """Distinct Deir ez-Zor communities from the shipped gazetteer: each article is its own incident
    (the same place and day twice would rightly be one incident, and one alert)."""
    path = REPO / "extractors" / "data" / "places.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    names = [r[2] for r in rows[1:] if len(r) > 4 and r[1] == "community" and r[4] == "دير الزور" and " " not in r[2]]
    return sorted(set(names))[:count]


PLACES = tuple(_villages())


def _page(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return (f'<html lang="ar" dir="rtl"><head><title>حملة دهم في {place} {n}</title></head><body><article>'
            f"<h1>حملة دهم في {place} ({n})</h1><p>{PARAGRAPH.format(place=place)}</p>"
            f"<p>وأضاف المراسل أن المعتقلين نقلوا إلى مركز التحقيق، ولم تعلن الجهة المنفذة عن العملية حتى الآن.</p>"
            "</article></body></html>")  # fmt: skip


def _feed(count: int) -> str:
    stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
    items = "".join(f"<item><title>{n}</title><link>{{{{BASE}}}}/n/{n}/</link><pubDate>{stamp}</pubDate></item>"
                    for n in range(count))  # fmt: skip
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>{items}</channel></rss>'


def _feed_path(source: int) -> str:
    return "/feed/" if source == 0 else f"/feed-{source}/"


def publish(server: ReplicaServer, count: int, sources: int = 1) -> None:
    for source in range(sources):
        server.add_file(_feed_path(source), _feed(count))


@contextmanager
def running_daemon(interval: int, scratch: Path, sources: int = 1) -> Iterator[tuple[subprocess.Popen[bytes], ReplicaServer, FakeTelegramAPI]]:
    server = ReplicaServer.blank(scratch / "site", "bench")
    api = FakeTelegramAPI().start()
    publish(server, 0, sources)
    config = scratch / "rasad.toml"
    text = "alert_max_age_hours = 1000\ndownload_delay_seconds = 0\n"
    for n in range(sources):  # several sources on one feed: more crawl cycles per minute for the soak
        text += (f'[[sources]]\nid = "bench{n}"\nfeeds = ["{server.base_url}{_feed_path(n)}"]\nallow_private = true\n'
                 f"interval_seconds = {interval}\njitter_seconds = 0\n")  # fmt: skip
    text += (f'[[channels]]\nid = "ops"\nkind = "telegram"\nchat_id = "1"\ntoken_env = "RASAD_BENCH_TOKEN"\n'
             f'api_url = "{api.url}"\nper_chat_interval_seconds = 0\nper_minute = 0\n')  # fmt: skip
    config.write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}
    env.update(RASAD_CONFIG=str(config), RASAD_DATA_DIR=str(scratch / "data"), RASAD_BENCH_TOKEN=TOKEN,
               PYTHONPATH=str(REPO))  # fmt: skip
    log = (Path(tempfile.gettempdir()) / "rasad-bench-daemon.log").open("w")  # kept for a look after the run
    daemon = subprocess.Popen([sys.executable, "-m", "crawler.cli", "run"], env=env, stdout=log, stderr=log)
    try:
        yield daemon, server, api
    finally:
        daemon.terminate()
        daemon.wait(timeout=90)
        server.stop()
        api.stop()


class MemorySampler:
    """Samples the daemon's RSS and the largest RSS of any child (a crawl) every 0.2 s."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.daemon_rss: list[int] = []
        self.child_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            try:
                self.daemon_rss.append(self.process.memory_info().rss)
                for child in self.process.children(recursive=True):
                    if "redis-server" not in " ".join(child.cmdline()):
                        self.child_peak = max(self.child_peak, child.memory_info().rss)
            except psutil.Error:
                continue

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def latency_and_memory(articles: int = 10, interval: int = 60, window: float = 240.0) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as scratch_dir, running_daemon(interval, Path(scratch_dir)) as (daemon, server, api):
        sampler = MemorySampler(daemon.pid)
        with sampler:
            _wait_for(lambda: any(p.startswith("/feed") for _m, p, _s in server.requests), 60)
            time.sleep(3)
            at_rest = sampler.daemon_rss[-1] if sampler.daemon_rss else 0
            offsets = sorted(rng.uniform(0, window) for _ in range(articles))
            started, published = time.monotonic(), []
            for n, offset in enumerate(offsets):
                time.sleep(max(0.0, started + offset - time.monotonic()))
                server.add_file(f"/n/{n}/", _page(n))
                publish(server, n + 1)
                published.append(time.monotonic())
            _wait_for(lambda: len(api.messages) >= articles, interval + 60)
            arrived = {}
            for message in api.messages:
                for n in range(articles):
                    if f"/n/{n}/" in message.text:  # the source link carries the article URL
                        arrived.setdefault(n, api.call_times[message.message_id - 1])
            cpu_before = sum(psutil.Process(daemon.pid).cpu_times()[:2])
            time.sleep(30)  # idle: no new articles, at most one poll
            idle_cpu = sum(psutil.Process(daemon.pid).cpu_times()[:2]) - cpu_before
        latencies = sorted(arrived[n] - published[n] for n in arrived)
    print(f"daemon, 1 replica outlet, {interval} s polling interval, {articles} articles published at random over {window:.0f} s:")
    if latencies:
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        print(f"  publication-to-alert latency: p50 {statistics.median(latencies):.1f} s, p95 {p95:.1f} s, "
              f"max {latencies[-1]:.1f} s ({len(latencies)}/{articles} delivered)")  # fmt: skip
    print(f"  daemon memory: {at_rest / 2**20:.0f} MB at rest, peak {max(sampler.daemon_rss, default=0) / 2**20:.0f} MB; "
          f"one crawl subprocess peak {sampler.child_peak / 2**20:.0f} MB")  # fmt: skip
    print(f"  idle CPU: {idle_cpu:.2f} s over 30 s, about {idle_cpu * 120:.0f} s per idle hour")


def soak(cycles: int = 1000, interval: int = 10, sources: int = 8) -> None:
    """Crawl cycles of the real daemon (``sources`` sources polled every ``interval`` s); RSS sampled;
    growth from the first tenth of the run to the last tenth."""
    with tempfile.TemporaryDirectory() as scratch_dir, running_daemon(interval, Path(scratch_dir), sources) as (
        daemon, server, _api):  # fmt: skip
        for n in range(3):
            server.add_file(f"/n/{n}/", _page(n))
        publish(server, 3, sources)
        with MemorySampler(daemon.pid) as sampler:
            done = 0
            started = time.monotonic()
            while done < cycles:
                time.sleep(1)
                done = sum(1 for _m, p, _s in server.requests if p.startswith("/feed"))
                if time.monotonic() - started > cycles * (interval + 5):
                    break
        samples = sampler.daemon_rss
    tenth = max(1, len(samples) // 10)
    first, last = statistics.mean(samples[:tenth]), statistics.mean(samples[-tenth:])
    print(f"soak: {done} crawl cycles at {interval} s in {time.monotonic() - started:.0f} s; daemon RSS "
          f"{first / 2**20:.1f} MB -> {last / 2**20:.1f} MB (max {max(samples) / 2**20:.1f} MB)")  # fmt: skip


if __name__ == "__main__":
    if "--soak" in sys.argv:
        soak(int(sys.argv[sys.argv.index("--soak") + 1]))
    elif "--quick" in sys.argv:
        latency_and_memory(articles=5, interval=10, window=30)
    else:
        latency_and_memory()

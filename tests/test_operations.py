"""Operating the daemon: start-up checks, status, JSON logs, the metrics endpoint."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from pathlib import Path

from crawler.config import load_settings
from crawler.daemon import Daemon
from crawler.startup import run_checks
from tests.conftest import RunRasad


def config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "rasad.toml"
    path.write_text(
        'download_delay_seconds = 0\n' + extra +
        '\n[[sources]]\nid = "local"\nfeeds = ["http://127.0.0.1:9/feed/"]\n'
    )  # fmt: skip
    return path


def test_start_up_checks(tmp_path: Path) -> None:
    telegram = '[[channels]]\nid = "ops"\nkind = "telegram"\nchat_id = "1"\ntoken_env = "RASAD_T"\n'
    settings = load_settings(config(tmp_path, telegram), tmp_path / "data")
    checks = run_checks(settings, {})
    assert all(c.ok for c in checks if c.fatal) and not any(c.fatal for c in checks)
    assert any("Redis ready" in c.message for c in checks)
    [warning] = [c for c in checks if not c.ok]
    assert "RASAD_T is not set" in warning.message and not warning.fatal

    blocked = tmp_path / "a-file"
    blocked.write_text("")
    fatal = [c for c in run_checks(load_settings(config(tmp_path), blocked / "data"), {}) if c.fatal]
    assert fatal and "is not writable" in fatal[0].message


def test_run_refuses_to_start_with_a_clear_line(tmp_path: Path, run_rasad: RunRasad) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    result = run_rasad("--config", str(config(tmp_path)), "--data-dir", str(blocked / "data"), "run", timeout=60)
    assert result.returncode == 1
    assert "FATAL: data dir" in result.stderr and "Traceback" not in result.stderr


def test_json_logs_carry_context(tmp_path: Path, run_rasad: RunRasad) -> None:
    path = tmp_path / "rasad.toml"
    path.write_text('[[sources]]\nid = "guarded"\nfeeds = ["http://127.0.0.1:9/feed/"]\n')
    result = run_rasad("--log-format", "json", "--config", str(path), "--data-dir", str(tmp_path / "d"), "crawl")
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    failure = next(entry for entry in lines if entry["logger"] == "crawler.spiders.feed")
    assert failure["level"] == "WARNING" and failure["source"] == "guarded"
    assert "private or loopback" in failure["message"]


def test_status_after_a_failed_crawl(tmp_path: Path, run_rasad: RunRasad) -> None:
    env = {"RASAD_CONFIG": str(config(tmp_path)), "RASAD_DATA_DIR": str(tmp_path / "data")}
    run_rasad("crawl", env=env)
    text = run_rasad("status", env=env)
    assert text.returncode == 0, text.stderr
    assert "alert queue: 0 in stream, 0 being delivered, 0 dead letters" in text.stdout
    status = json.loads(run_rasad("status", "--format", "json", env=env).stdout)
    [source] = status["sources"]
    assert source["id"] == "local" and source["consecutive_failures"] == 1 and source["next_crawl"]
    assert status["last_alert"] is None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_metrics_endpoint(tmp_path: Path) -> None:
    port = free_port()
    settings = load_settings(config(tmp_path, f"metrics_port = {port}\n"), tmp_path / "data")

    class IdleWorker:
        def run(self, burst: bool, stop: threading.Event) -> None:
            stop.wait()

    daemon = Daemon(settings, {}, [], run_crawl=lambda source: 1, build_worker=lambda *_: IdleWorker())
    thread = threading.Thread(target=daemon.run_forever, kwargs={"install_signals": False, "checks": False})
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not daemon.crawls_finished and time.monotonic() < deadline:
            time.sleep(0.1)
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    finally:
        daemon.stop_event.set()
        thread.join(timeout=30)
    assert 'rasad_crawls_total{result="failed",source="local"} 1.0' in body
    assert 'rasad_alert_queue{state="dead"} 0.0' in body


def test_active_hours_skip_polls_outside_the_window(tmp_path: Path) -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    now = datetime.now(ZoneInfo("Asia/Damascus"))
    inside = f"{(now - timedelta(hours=1)):%H:%M}-{(now + timedelta(hours=1)):%H:%M}"
    outside = f"{(now + timedelta(hours=2)):%H:%M}-{(now + timedelta(hours=3)):%H:%M}"
    path = tmp_path / "rasad.toml"
    path.write_text(
        f'[[sources]]\nid = "day"\nfeeds = ["https://a.example/feed/"]\nactive_hours = "{inside}"\n'
        f'[[sources]]\nid = "night"\nfeeds = ["https://b.example/feed/"]\nactive_hours = "{outside}"\n'
    )  # fmt: skip
    settings = load_settings(path, tmp_path / "data")
    crawled: list[str] = []
    daemon = Daemon(settings, {}, [], run_crawl=lambda source: crawled.append(source.id) or 0)
    for source in settings.sources:
        daemon.crawl_job(source)
    assert crawled == ["day"]  # windows are read in Syria's time, whatever the machine's zone


def test_a_source_with_nothing_new_for_too_long_raises_one_stale_note(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from crawler.health_alerts import check_source_health
    from crawler.store import Store
    from extractors.models import Article

    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    old = datetime.now(UTC) - timedelta(hours=30)
    store.save_article(Article(url="https://a/1", title="t", text="x", source_id="s"), [], timedelta(hours=72), now=old)
    store.record_crawl("s", None)
    assert check_source_health(store, "s", "S", threshold=3, stale_hours=24) == "stale"
    assert check_source_health(store, "s", "S", threshold=3, stale_hours=24) is None  # once
    store.save_article(Article(url="https://a/2", title="t", text="x", source_id="s"), [], timedelta(hours=72))
    assert check_source_health(store, "s", "S", threshold=3, stale_hours=24) == "recovered"
    assert [m["kind"] for m in store.unpublished_health_messages()] == ["stale", "recovered"]


def test_crawls_run_at_most_max_concurrent_crawls_at_once(tmp_path: Path) -> None:
    path = tmp_path / "rasad.toml"
    path.write_text("max_concurrent_crawls = 2\n" + "".join(
        f'[[sources]]\nid = "s{n}"\nfeeds = ["https://s{n}.example/feed/"]\ninterval_seconds = 3600\n' for n in range(4)
    ))  # fmt: skip
    settings = load_settings(path, tmp_path / "data")
    running, peak, lock = [0], [0], threading.Lock()

    def slow_crawl(_source: object) -> int:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(1)
        with lock:
            running[0] -= 1
        return 0

    daemon = Daemon(settings, {}, [], run_crawl=slow_crawl)
    threads = [threading.Thread(target=daemon.crawl_job, args=(source,)) for source in settings.sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert peak[0] == 2 and sorted(daemon.crawls_finished) == ["s0", "s1", "s2", "s3"]

"""``rasad demo``: the bundled replica outlets served on 127.0.0.1 and the real daemon pointed at them.

Everything runs for real (scheduled crawl subprocesses, extraction, SQLite store, embedded Redis
stream, worker); alerts go to the console. The demo ends when every source has been crawled once and
every queued alert has been delivered, or at the timeout.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
import time
import tomllib
from pathlib import Path
from typing import Any

from crawler.config import Settings, load_settings
from crawler.daemon import Daemon
from crawler.redis_conn import connect, release
from crawler.replicas.sites import replica_sources, serve_replicas
from crawler.store import Store
from crawler.stream import AlertStream

log = logging.getLogger(__name__)

# The bundled articles are years old: the demo lifts the alert age limit so they are alerted.
DEMO_MAX_AGE_HOURS = 24 * 365 * 30


def demo_config(sources: list[dict[str, Any]]) -> str:
    """A config with these ``[[sources]]`` entries (as :func:`replica_sources` gives them) polled every
    minute, alerts to the console, every alert age accepted."""
    lines = [f"alert_max_age_hours = {DEMO_MAX_AGE_HOURS}", "download_delay_seconds = 0.0", ""]
    for source in sources:
        entry = {**source, "interval_seconds": 60, "jitter_seconds": 0, "allow_private": True}
        lines += ["[[sources]]", *(f"{key} = {_toml(value)}" for key, value in entry.items()), ""]
    lines += [
        "[[channels]]",
        'id = "console"',
        'kind = "console"',
        "",
        "[[rules]]",
        'channels = ["console"]',
        "",
    ]
    text = "\n".join(lines)
    tomllib.loads(text)  # the demo's own config must always parse
    return text


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def run_demo(
    settings: Settings, environ: dict[str, str], timeout: float = 120.0, keep_running: bool = False
) -> int:
    started = time.monotonic()
    servers = serve_replicas()
    try:
        with tempfile.TemporaryDirectory(prefix="rasad-demo-") as scratch:
            config_path = Path(scratch) / "demo.toml"
            config_path.write_text(demo_config(replica_sources(servers)), encoding="utf-8")
            demo_settings = load_settings(config_path, Path(scratch) / "data")
            print(f"rasad demo: {len(servers)} replica outlet(s) on 127.0.0.1: "
                  + ", ".join(f"{name} {server.base_url}" for name, server in servers.items()), flush=True)  # fmt: skip
            child_env = {k: v for k, v in environ.items() if k not in ("RASAD_CONFIG", "RASAD_DATA_DIR")}
            daemon = Daemon(
                demo_settings,
                child_env,
                ["--config", str(config_path), "--data-dir", str(demo_settings.data_dir)],
            )
            thread = threading.Thread(
                target=daemon.run_forever, kwargs={"install_signals": False}, daemon=True
            )
            thread.start()
            done = _wait_for_alerts(daemon, demo_settings, timeout, started, keep_running)
            daemon.stop_event.set()
            thread.join(timeout=60)
            return 0 if done else 1
    finally:
        for server in servers.values():
            server.stop()


def _wait_for_alerts(
    daemon: Daemon, settings: Settings, timeout: float, started: float, keep_running: bool
) -> bool:
    store = Store(settings.effective_database_url)
    stream = AlertStream(connect(settings), name=settings.stream)
    first_alert: float | None = None
    try:
        while time.monotonic() - started < timeout or keep_running:
            time.sleep(0.5)
            counts = store.counts()
            if first_alert is None and counts["deliveries"]:
                first_alert = time.monotonic() - started
                print(f"rasad demo: first alert {first_alert:.1f}s after start", flush=True)
            crawled = all(daemon.crawls_finished.get(s.id) for s in settings.sources)
            delivered_all = counts["outbox_unpublished"] == 0 and stream.drained()
            if crawled and delivered_all and not keep_running:
                print(f"rasad demo: {counts['articles']} article(s), {counts['incidents']} incident(s), "
                      f"{counts['deliveries']} alert(s) delivered in {time.monotonic() - started:.1f}s", flush=True)  # fmt: skip
                return True
    except KeyboardInterrupt:
        return True
    finally:
        store.close()
        release(stream.client)
    print(f"rasad demo: gave up after {timeout:.0f}s", flush=True)
    return False

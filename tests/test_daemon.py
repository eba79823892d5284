"""``rasad run`` and ``rasad demo`` as a user runs them: real subprocesses, replica outlets, a local
Bot API server; SIGTERM stops cleanly and a restart re-sends nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crawler.config import load_settings
from crawler.daemon import Daemon
from crawler.replicas import ReplicaServer, replica_sources, serve_replicas
from tests.conftest import REPO
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI

pytestmark = pytest.mark.slow


def wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def config_text(sources: list[dict[str, object]], telegram: FakeTelegramAPI) -> str:
    text = "alert_max_age_hours = 300000\ndownload_delay_seconds = 0\n"
    for source in sources:
        feeds = ", ".join(f'"{f}"' for f in source["feeds"])  # type: ignore[attr-defined]
        text += f'[[sources]]\nid = "{source["id"]}"\nfeeds = [{feeds}]\nallow_private = true\ninterval_seconds = 10\njitter_seconds = 0\n'
    text += f"""
[[channels]]
id = "ops"
kind = "telegram"
chat_id = "42"
token_env = "RASAD_TEST_TG_TOKEN"
api_url = "{telegram.url}"
per_chat_interval_seconds = 0
per_minute = 0
"""
    return text


def start_daemon(tmp_path: Path, config: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}
    env.update(RASAD_CONFIG=str(config), RASAD_DATA_DIR=str(tmp_path / "data"), RASAD_TEST_TG_TOKEN=TOKEN,
               PYTHONPATH=str(REPO))  # fmt: skip
    log = (tmp_path / "daemon.log").open("a")  # a file, not a pipe: nobody reads while it runs
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "run"], cwd=tmp_path, env=env,
                            stdout=log, stderr=subprocess.STDOUT, text=True)  # fmt: skip


def stop(process: subprocess.Popen[str], log: Path) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    text = log.read_text()
    log.unlink()
    return process.returncode, text


def test_run_delivers_survives_a_broken_source_and_restarts_without_resending(
    tmp_path: Path, telegram_api: FakeTelegramAPI
) -> None:
    servers = serve_replicas(["enab-baladi", "sy24"])
    bad = ReplicaServer.blank(tmp_path / "broken", "broken")
    bad.add_file("/feed/", b"\x00\x01 not xml at all")
    try:
        config = tmp_path / "rasad.toml"
        config.write_text(config_text(replica_sources(servers) + replica_sources({"broken": bad}), telegram_api))
        daemon = start_daemon(tmp_path, config)
        try:
            assert wait_for(lambda: len(telegram_api.messages) >= 4, 90), "no alerts from the daemon"
            time.sleep(1.0)  # let the worker finish the batch
        finally:
            code, err = stop(daemon, tmp_path / "daemon.log")
        assert code == 0, err
        assert "rasad stopped" in err
        assert "Traceback" not in err, err
        delivered = len(telegram_api.messages)

        # A second crawl cycle would find nothing new; a restart must not re-send anything.
        again = start_daemon(tmp_path, config)
        try:
            log = tmp_path / "daemon.log"
            assert wait_for(lambda: log.read_text().count("crawl of") >= 3, 60), log.read_text()
            time.sleep(2)  # the worker's next pass
        finally:
            code, err = stop(again, tmp_path / "daemon.log")
        assert code == 0, err
        assert len(telegram_api.messages) == delivered
    finally:
        bad.stop()
        for server in servers.values():
            server.stop()


def test_daemon_schedules_every_source_once_at_start(tmp_path: Path) -> None:
    config = tmp_path / "rasad.toml"
    config.write_text(
        '[[sources]]\nid = "a"\nfeeds = ["https://a.example/feed/"]\ninterval_seconds = 3600\n'
        '[[sources]]\nid = "b"\nfeeds = ["https://b.example/feed/"]\ninterval_seconds = 3600\n'
        '[[sources]]\nid = "c"\nfeeds = ["https://c.example/feed/"]\nenabled = false\n'
    )  # fmt: skip
    settings = load_settings(config, tmp_path / "data")
    crawled: list[str] = []

    def fake_crawl(source: object) -> int:
        crawled.append(source.id)  # type: ignore[attr-defined]
        if source.id == "a":  # type: ignore[attr-defined]
            raise RuntimeError("this source's crawl blew up")
        return 0

    class IdleWorker:
        def run(self, burst: bool, stop: threading.Event) -> None:
            stop.wait()

    daemon = Daemon(settings, {}, [], run_crawl=fake_crawl, build_worker=lambda *_: IdleWorker())
    thread = threading.Thread(target=daemon.run_forever, kwargs={"install_signals": False, "checks": False})
    thread.start()
    try:
        assert wait_for(lambda: sorted(daemon.crawls_finished) == ["a", "b"], 10)
    finally:
        daemon.stop_event.set()
        thread.join(timeout=10)
    assert sorted(crawled) == ["a", "b"]  # a failing crawl does not stop the other; disabled is skipped
    assert not thread.is_alive()


def test_demo_shows_incidents_on_the_console(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}
    env["PYTHONPATH"] = str(REPO)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "demo", "--timeout", "90"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=150)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "first alert" in result.stdout
    assert "البصيرة" in result.stdout and "مداهمة" in result.stdout
    assert time.monotonic() - started < 90


def test_worker_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}
    env.update(RASAD_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(REPO))
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen([sys.executable, "-m", "crawler.cli", "worker"], cwd=tmp_path, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
        try:
            assert wait_for(lambda: (tmp_path / "data" / "redis").exists(), 30)
            time.sleep(1.0)
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0, log.read_text()
        finally:
            if worker.poll() is None:
                worker.kill()
    assert "worker: WorkerStats" in log.read_text()

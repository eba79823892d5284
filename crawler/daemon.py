"""``rasad run``: one APScheduler job per source (each crawl a subprocess with a timeout) and the
alert worker in a supervised thread.  SIGTERM/SIGINT stop cleanly; a second signal exits at once."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from crawler.alerts.quiet import quiet_until
from crawler.config import Settings, SourceConfig

log = logging.getLogger(__name__)

# First polls start at once but a little apart, so that sources do not all hit the crawl slots (and
# their sites' DNS) in the same instant; the slots (max_concurrent_crawls) bound the memory.
FIRST_POLL_GAP_SECONDS = 0.5

CrawlRunner = Callable[[SourceConfig], int]


class Daemon:
    def __init__(
        self,
        settings: Settings,
        environ: dict[str, str],
        config_args: list[str],
        run_crawl: CrawlRunner | None = None,
        build_worker: Callable[[Settings, dict[str, str]], object] | None = None,
    ) -> None:
        self.settings = settings
        self.environ = environ
        self.config_args = config_args
        self.run_crawl = run_crawl or self._crawl_subprocess
        self._build_worker = build_worker
        self.stop_event = threading.Event()
        self.crawls_finished: dict[str, int] = {}
        self.crawl_results: dict[tuple[str, str], int] = {}  # (source, ok|failed) -> runs, for metrics
        self._children: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._signals = 0
        self._crawl_slots = threading.BoundedSemaphore(settings.max_concurrent_crawls)

    # -- crawling -------------------------------------------------------------------------------
    def _crawl_subprocess(self, source: SourceConfig) -> int:
        command = [sys.executable, "-m", "crawler.cli", *self.config_args, "crawl", "--quiet", source.id]
        child = subprocess.Popen(command, env={**os.environ, **self.environ})
        with self._lock:
            self._children.add(child)
            stopping = self.stop_event.is_set()
        if stopping:  # the daemon began to stop while this crawl was starting: it is not waited for
            self._stop_child(child)
        try:
            return child.wait(timeout=self.settings.crawl_timeout_seconds)
        except subprocess.TimeoutExpired:
            log.error("crawl of %s took longer than %ss; stopped", source.id, self.settings.crawl_timeout_seconds,
                      extra={"source": source.id})  # fmt: skip
            child.kill()
            child.wait()
            return -9
        finally:
            with self._lock:
                self._children.discard(child)

    def crawl_job(self, source: SourceConfig) -> None:
        if self.stop_event.is_set():
            return
        if source.active_hours and quiet_until(source.active_hours, "Asia/Damascus", datetime.now(UTC)) is None:
            log.debug("outside active hours %s: poll skipped", source.active_hours, extra={"source": source.id})
            return
        # At most max_concurrent_crawls crawl processes at once: each is a Python with Scrapy (about
        # 160 MB), and thirteen outlets polled together would need two gigabytes and thrash two cores.
        while not self._crawl_slots.acquire(timeout=1.0):
            if self.stop_event.is_set():
                return
        started = time.monotonic()
        try:
            code = self.run_crawl(source)
        except Exception:  # noqa: BLE001 - one source's trouble never stops the scheduler
            log.exception("crawl of %s failed to run", source.id, extra={"source": source.id})
            code = -1
        finally:
            self._crawl_slots.release()
        log.info("crawl of %s finished (exit %s) in %.1fs", source.id, code, time.monotonic() - started,
                 extra={"source": source.id})  # fmt: skip
        with self._lock:
            self.crawls_finished[source.id] = self.crawls_finished.get(source.id, 0) + 1
            key = (source.id, "ok" if code == 0 else "failed")
            self.crawl_results[key] = self.crawl_results.get(key, 0) + 1

    def schedule(self, scheduler: BackgroundScheduler) -> None:
        now = datetime.now(UTC)
        for index, source in enumerate(s for s in self.settings.sources if s.enabled):
            scheduler.add_job(
                self.crawl_job,
                IntervalTrigger(seconds=source.interval_seconds, jitter=source.jitter_seconds or None),
                args=[source],
                id=f"crawl:{source.id}",
                name=f"crawl {source.id}",
                next_run_time=now + timedelta(seconds=FIRST_POLL_GAP_SECONDS * index),
                max_instances=1,
                coalesce=True,
                misfire_grace_time=max(30, source.interval_seconds // 2),
            )

    # -- worker ---------------------------------------------------------------------------------
    def supervise_worker(self) -> None:
        """Run the alert worker; if it dies, log why and start it again after a pause."""
        pause = 1.0
        while not self.stop_event.is_set():
            try:
                if self._build_worker is None:
                    from crawler.service import build_worker

                    self._build_worker = build_worker
                worker = self._build_worker(self.settings, self.environ)
                try:
                    worker.run(burst=False, stop=self.stop_event)  # type: ignore[attr-defined]
                finally:
                    close = getattr(worker, "close", None)
                    if close is not None:
                        close()  # its Redis client, database engine and lock; a restart opens new ones
                pause = 1.0
            except Exception:  # noqa: BLE001 - restart, with a growing pause
                log.exception("alert worker stopped; restarting in %.0fs", pause)
                self.stop_event.wait(pause)
                pause = min(pause * 2, 60.0)

    # -- lifecycle ------------------------------------------------------------------------------
    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self._signals += 1
        if self._signals > 1:
            log.warning("second signal: exiting now")
            os._exit(130)
        log.info("signal %s: stopping after the current work (send again to exit at once)", signum)
        self.stop_event.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def start_up(self) -> int:
        """Start-up checks, logged one per line; 0 when the daemon may start."""
        from crawler.startup import run_checks

        code = 0
        for check in run_checks(self.settings, self.environ):
            level = logging.INFO if check.ok else (logging.ERROR if check.fatal else logging.WARNING)
            log.log(level, "start-up: %s%s", "" if check.ok else ("FATAL: " if check.fatal else "WARNING: "), check.message)
            if check.fatal:
                code = 2 if "no enabled sources" in check.message else 1
        return code

    def serve_metrics(self) -> object | None:
        if not self.settings.metrics_port:
            return None
        from crawler.metrics import RasadCollector, serve_metrics
        from crawler.redis_conn import connect
        from crawler.store import Store
        from crawler.stream import AlertStream

        stream = AlertStream(connect(self.settings), name=self.settings.stream)
        collector = RasadCollector(Store(self.settings.effective_database_url), stream.depth,
                                   lambda: dict(self.crawl_results))  # fmt: skip
        return serve_metrics(self.settings.metrics_address, self.settings.metrics_port, collector)

    def run_forever(self, install_signals: bool = True, checks: bool = True) -> int:
        if checks and (code := self.start_up()):
            return code
        if install_signals and threading.current_thread() is threading.main_thread():
            self.install_signal_handlers()
        metrics = self.serve_metrics()
        scheduler = BackgroundScheduler(timezone=UTC)
        self.schedule(scheduler)
        worker_thread = threading.Thread(target=self.supervise_worker, name="alert-worker", daemon=True)
        scheduler.start()
        worker_thread.start()
        log.info("rasad running: %d source(s), data in %s", len(self.settings.sources), self.settings.data_dir)
        self.stop_event.wait()
        scheduler.shutdown(wait=False)
        self._stop_children()
        worker_thread.join(timeout=30)
        if metrics is not None:
            metrics.shutdown()  # type: ignore[attr-defined]
        log.info("rasad stopped")
        return 0

    def _stop_children(self) -> None:
        with self._lock:
            children = list(self._children)
        threads = [threading.Thread(target=self._stop_child, args=(child,)) for child in children]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    @staticmethod
    def _stop_child(child: subprocess.Popen[bytes]) -> None:
        """Scrapy's way: a first SIGINT closes the spider after the downloads in flight, a second one
        forces it; the crawl still records its outcome. Killed only if it ignores both."""
        for signum, grace in ((signal.SIGINT, 10.0), (signal.SIGINT, 10.0), (signal.SIGKILL, 5.0)):
            if child.poll() is not None:
                return
            child.send_signal(signum)
            try:
                child.wait(timeout=grace)
                return
            except subprocess.TimeoutExpired:
                continue

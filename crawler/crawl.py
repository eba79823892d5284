"""One crawl of some sources, in this process: Scrapy with Rasad's spider, pipelines and guards.

Twisted's reactor cannot be restarted, so a process runs at most one crawl; the daemon therefore
starts each crawl as a subprocess (``rasad crawl SOURCE``).
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crawler.config import Settings, SourceConfig
from crawler.health_alerts import check_source_health
from crawler.items import CrawledPage
from crawler.pipelines import ITEM_PIPELINES
from crawler.store import Store

log = logging.getLogger(__name__)


class Shared:
    """Hands a live object (the store) to Scrapy components: Scrapy deep-copies its settings."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __copy__(self) -> Shared:
        return self

    def __deepcopy__(self, _memo: dict[int, Any]) -> Shared:
        return self


@dataclass
class SourceReport:
    articles: int = 0
    skipped: int = 0
    incidents: int = 0
    alerts: int = 0
    error: str | None = None
    waiting_until: datetime | None = None  # not polled, or cut short: a site's Retry-After runs until then


@dataclass
class CrawlReport:
    sources: dict[str, SourceReport] = field(default_factory=dict)
    requests: int = 0  # HTTP requests sent, robots.txt included (Scrapy's downloader stats)
    response_bytes: int = 0
    seconds: float = 0.0
    stopped: bool = False  # a stop signal came before the crawl started

    @property
    def failed(self) -> list[str]:
        return [sid for sid, report in self.sources.items() if report.error]


def scrapy_settings(settings: Settings, store: Store, verbose: bool) -> dict[str, Any]:
    delay = settings.download_delay_seconds
    return {
        "RASAD_SETTINGS": settings,
        "RASAD_STORE": Shared(store),
        "ITEM_PIPELINES": ITEM_PIPELINES,
        # RetryAfter's process_response runs before RetryMiddleware's (550): responses go high to low.
        "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.HostGuardMiddleware": 50,
                                   "crawler.middlewares.RetryAfterMiddleware": 560},  # fmt: skip
        "USER_AGENT": settings.effective_user_agent,
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": "Rasad",
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.concurrent_requests_per_site,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_DELAY": delay,
        "AUTOTHROTTLE_ENABLED": delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "DOWNLOAD_TIMEOUT": settings.download_timeout_seconds,
        # Scrapy >= 2.11.1 applies DOWNLOAD_MAXSIZE to the decompressed body too (HttpCompressionMiddleware
        # stops inflating past it), so a small gzip bomb is dropped like a large body (tests/test_politeness.py).
        "DOWNLOAD_MAXSIZE": settings.max_response_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_TIMES": 2,
        "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
        "LOG_LEVEL": "DEBUG" if verbose else "WARNING",
        "LOG_INSTALL_ROOT_HANDLER": False,  # cli.py configured logging already
        "LOG_FORMATTER": "crawler.logformat.RasadLogFormatter",  # items by URL, never their HTML
    }


class _ScrapyThreshold(logging.Filter):
    """Scrapy resets its loggers to DEBUG; items (whole articles) and banners would flood the log.
    Its retry middleware also logs routine connection failures with a traceback, which the spider
    reports itself in one line."""

    def __init__(self, verbose: bool) -> None:
        super().__init__()
        self.threshold = logging.DEBUG if verbose else logging.WARNING

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(("scrapy", "twisted")):
            return True
        if record.name == "scrapy.downloadermiddlewares.retry" and record.levelno < logging.CRITICAL:
            return False
        if self.threshold > logging.DEBUG and record.exc_info and record.name.startswith("scrapy.downloadermiddlewares"):
            record.exc_info, record.exc_text = None, None  # a network failure needs one line, not a traceback
        return record.levelno >= self.threshold


def _quiet_scrapy(verbose: bool) -> None:
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _ScrapyThreshold) for f in handler.filters):
            handler.addFilter(_ScrapyThreshold(verbose))


def run_crawl(
    settings: Settings,
    sources: list[SourceConfig],
    verbose: bool = False,
    on_page: Callable[[CrawledPage], None] | None = None,
) -> CrawlReport:
    """Crawl ``sources`` once; returns what was new per source. Blocks until the crawl ends."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.feed import FeedSpider

    # Until Scrapy installs its own handlers (in process.start), a stop signal is noted, not raised:
    # a KeyboardInterrupt in the middle of Scrapy's set-up would end in a Twisted traceback.
    stop_requested: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, _frame: stop_requested.append(signum))
                for signum in (signal.SIGINT, signal.SIGTERM)}  # fmt: skip
    store = Store(settings.effective_database_url)
    report = CrawlReport({source.id: SourceReport() for source in sources})

    def scraped(item: CrawledPage, **_: Any) -> None:
        source = report.sources[item.source_id]
        source.articles += 1
        source.incidents += item.new_incidents
        source.alerts += item.alerts
        if on_page:
            on_page(item)

    def dropped(item: Any, **_: Any) -> None:
        if isinstance(item, CrawledPage):
            report.sources[item.source_id].skipped += 1

    _quiet_scrapy(verbose)
    def failed(item: Any, response: Any, spider: FeedSpider, failure: Any) -> None:
        if isinstance(item, CrawledPage):
            log.error("page %s not stored: %s", item.url, failure.getErrorMessage(),
                      extra={"source": item.source_id, "url": item.url})  # fmt: skip
            spider.page_not_stored(item)

    process = CrawlerProcess(scrapy_settings(settings, store, verbose))
    crawler = process.create_crawler(FeedSpider)
    crawler.signals.connect(scraped, signal=signals.item_scraped)
    crawler.signals.connect(dropped, signal=signals.item_dropped)
    crawler.signals.connect(failed, signal=signals.item_error)
    process.crawl(crawler, sources=sources)
    if stop_requested:  # stopped while starting: nothing was fetched, nothing to record
        log.info("crawl stopped before it started")
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        store.close()
        report.stopped = True
        return report
    started = time.perf_counter()
    process.start()
    report.seconds = time.perf_counter() - started
    stats = crawler.stats.get_stats() if crawler.stats else {}
    report.requests = int(stats.get("downloader/request_count", 0))
    report.response_bytes = int(stats.get("downloader/response_bytes", 0))

    spider: FeedSpider = crawler.spider  # type: ignore[assignment]
    for source in sources:
        entry = report.sources[source.id]
        entry.error = spider.feed_errors.get(source.id) if spider else "crawl did not start"
        entry.waiting_until = spider.waiting.get(source.id) if spider else None
        if entry.waiting_until is not None and entry.error is None:  # neither a success nor a failure
            store.record_wait(source.id, entry.waiting_until, entry.articles)
            continue
        store.record_crawl(source.id, entry.error, entry.articles)
        check_source_health(store, source.id, source.name, settings.health_alert_after_failures,
                            settings.stale_source_hours)  # fmt: skip
    store.close()
    return report

"""The flow of one page, in order (ITEM_PIPELINES): text -> incidents -> store -> stream.

Each stage is a thin adapter around a plain function so it can be tested without Scrapy.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.config import Settings
from crawler.items import CrawledPage
from crawler.publisher import publish_pending
from crawler.store import Store
from extractors.incidents import extract_incidents
from extractors.models import NotAnArticle
from extractors.text import BOT_CHALLENGE, extract_article

log = logging.getLogger(__name__)

ITEM_PIPELINES = {
    "crawler.pipelines.TextPipeline": 100,
    "crawler.pipelines.IncidentPipeline": 200,
    "crawler.pipelines.StorePipeline": 300,
    "crawler.pipelines.StreamPipeline": 400,
}


class _RasadPipeline:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler.settings["RASAD_SETTINGS"], crawler.settings["RASAD_STORE"].value)


class TextPipeline(_RasadPipeline):
    def __init__(self, settings: Settings, store: Store) -> None:
        super().__init__(settings, store)
        self.rules = {
            s.id: s.page_rules() for s in settings.sources
        }
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        pipeline = super().from_crawler(crawler)
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item: CrawledPage) -> CrawledPage:
        try:
            item.article = extract_article(
                item.body, url=item.url, source_id=item.source_id, feed_published=item.feed_published,
                rules=self.rules.get(item.source_id),
            )  # fmt: skip
        except NotAnArticle as reason:
            if str(reason).startswith(BOT_CHALLENGE):  # the outlet blocks us: a source failure, fetched again later
                spider: Any = self.crawler.spider if self.crawler else None
                if spider is not None:
                    spider.fail(self.settings.source(item.source_id), f"{reason} at {item.url}")
                    spider.page_not_stored(item)
                raise DropItem(f"bot challenge: {item.url}: {reason}") from None
            self.store.record_skipped(item.url, item.source_id, str(reason))
            self.store.remember_urls(_fetched(item), item.source_id)
            raise DropItem(f"not an article: {item.url}: {reason}") from None
        return item


class IncidentPipeline(_RasadPipeline):
    def process_item(self, item: CrawledPage) -> CrawledPage:
        assert item.article is not None
        item.incidents = extract_incidents(item.article)
        return item


class StorePipeline(_RasadPipeline):
    def process_item(self, item: CrawledPage) -> CrawledPage:
        assert item.article is not None
        result = self.store.save_article(
            item.article, item.incidents, timedelta(hours=self.settings.alert_max_age_hours),
            confirm_sources=self.settings.confirm_sources,
        )  # fmt: skip
        self.store.remember_urls(_fetched(item), item.source_id)
        if not result.stored:
            raise DropItem(f"already stored: {item.url}")
        item.new_incidents, item.alerts = result.new_incidents, result.alerts
        return item


class StreamPipeline(_RasadPipeline):
    """Moves queued alerts to the Redis stream. Redis down is not fatal: the worker publishes later."""

    def __init__(self, settings: Settings, store: Store) -> None:
        super().__init__(settings, store)
        self._stream: Any = None

    def process_item(self, item: CrawledPage) -> CrawledPage:
        if item.alerts:
            try:
                publish_pending(self.store, self._connect())
            except Exception as error:  # noqa: BLE001 - any Redis trouble leaves rows in the outbox
                log.warning("alerts stay in the outbox for now (Redis: %s)", error)
                self._stream = None
        return item

    def _connect(self) -> Any:
        if self._stream is None:
            from crawler.redis_conn import connect
            from crawler.stream import AlertStream

            self._stream = AlertStream(connect(self.settings), name=self.settings.stream)
            self._stream.ensure_group()
        return self._stream


def _fetched(item: CrawledPage) -> list[str]:
    """The URL the index gave and where it led: both are this article from now on."""
    return [url for url in (item.url, item.fetched_url) if url]

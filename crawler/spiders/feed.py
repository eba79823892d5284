"""One generic spider for every source: its feeds (RSS 2.0 or Atom), then only the new article pages.

Feeds are fetched with the validators of the last crawl (ETag, Last-Modified), so an unchanged feed
costs one request answered 304.  Article URLs already in the store are never requested again.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.config import Settings, SourceConfig
from crawler.items import CrawledPage
from crawler.store import Store
from crawler.urls import canonical_url, host_of, same_site

log = logging.getLogger(__name__)


class FeedSpider(scrapy.Spider):
    name = "feeds"

    def __init__(self, sources: list[SourceConfig], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources = sources
        self.feed_errors: dict[str, str] = {}
        # A feed's validators are saved only once all its new articles were fetched and stored;
        # otherwise the next crawl's 304 would hide the articles that failed this time.
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.incomplete_feeds: set[str] = set()

    @property
    def rasad(self) -> Settings:
        settings: Settings = self.crawler.settings["RASAD_SETTINGS"]
        return settings

    @property
    def store(self) -> Store:
        store: Store = self.crawler.settings["RASAD_STORE"].value
        return store

    async def start(self) -> Any:  # Scrapy >= 2.13 entry point
        for request in self.feed_requests():
            yield request

    def feed_requests(self) -> Iterator[scrapy.Request]:
        for source in self.sources:
            for feed_url in source.feeds:
                etag, last_modified = self.store.feed_validators(feed_url)
                headers = {}
                if etag:
                    headers["If-None-Match"] = etag
                if last_modified:
                    headers["If-Modified-Since"] = last_modified
                yield scrapy.Request(
                    feed_url,
                    callback=self.parse_feed,
                    errback=self.feed_failed,
                    headers=headers,
                    dont_filter=True,
                    meta={"source": source, "feed_url": feed_url, "handle_httpstatus_list": [304]},
                )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        source: SourceConfig = response.meta["source"]
        if response.status == 304:
            log.debug("feed unchanged", extra={"source": source.id, "url": response.url})
            return
        parsed = feedparser.parse(response.body)
        entries = [e for e in parsed.entries if e.get("link")]
        if not entries:
            is_feed = bool(parsed.get("version")) and not parsed.get("bozo")
            reason = "feed has no items" if is_feed else "not a feed (no RSS or Atom document)"
            detail = str(parsed.get("bozo_exception") or "")[:120]
            self.fail(source, f"{reason}: {response.url}" + (f" ({detail})" if detail else ""))
            return
        feed_url: str = response.meta["feed_url"]  # as configured, even when the feed redirected
        self.validators[feed_url] = (_header(response, "ETag"), _header(response, "Last-Modified"))
        allowed = {host_of(feed) for feed in source.feeds}
        candidates: list[tuple[str, datetime | None]] = []
        for entry in entries:
            url = canonical_url(response.urljoin(entry["link"]))
            if not same_site(host_of(url), allowed):
                log.warning("feed item on another host skipped: %s", url, extra={"source": source.id})
                continue
            candidates.append((url, _entry_time(entry)))
        candidates.sort(key=lambda c: c[1] or datetime.min.replace(tzinfo=UTC), reverse=True)
        known = self.store.known_urls(url for url, _ in candidates)
        fresh = [c for c in candidates if c[0] not in known]
        if len(fresh) > self.rasad.max_articles_per_crawl:
            self.incomplete_feeds.add(feed_url)  # the rest next time: the feed must not answer 304
            fresh = fresh[: self.rasad.max_articles_per_crawl]
        for url, published in fresh:
            yield scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.article_failed,
                meta={"source": source, "feed_url": feed_url, "feed_published": published},
            )

    def parse_article(self, response: Response) -> Iterator[CrawledPage]:
        source: SourceConfig = response.meta["source"]
        encoding = getattr(response, "encoding", None)
        # Stored under the URL the feed gave, not where it redirected, so the next crawl knows it.
        first_url = response.meta.get("redirect_urls", [response.request.url if response.request else response.url])[0]
        yield CrawledPage(
            url=canonical_url(first_url),
            feed_url=response.meta["feed_url"],
            body=response.body,
            source_id=source.id,
            encoding=encoding,
            feed_published=response.meta.get("feed_published"),
        )

    def feed_failed(self, failure: Failure) -> None:
        source: SourceConfig = failure.request.meta["source"]  # type: ignore[attr-defined]
        self.fail(source, f"feed {failure.request.url}: {_describe(failure)}")  # type: ignore[attr-defined]

    def article_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.incomplete_feeds.add(request.meta["feed_url"])
        log.warning("article not fetched: %s: %s", request.url, _describe(failure),
                    extra={"source": request.meta["source"].id, "url": request.url})  # fmt: skip

    def page_not_stored(self, page: CrawledPage) -> None:
        """A pipeline failed on this page (not a clean "not an article" skip): fetch it again later."""
        if page.feed_url:
            self.incomplete_feeds.add(page.feed_url)

    def closed(self, reason: str) -> None:
        if reason != "finished":  # stopped early: nothing proves the feeds' new items were all seen
            return
        for feed_url, (etag, last_modified) in self.validators.items():
            if feed_url not in self.incomplete_feeds:
                self.store.save_feed_validators(feed_url, etag, last_modified)

    def fail(self, source: SourceConfig, reason: str) -> None:
        log.warning("source %s failed: %s", source.id, reason, extra={"source": source.id})
        self.feed_errors.setdefault(source.id, reason)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _entry_time(entry: Any) -> datetime | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    return datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC)


def _describe(failure: Failure) -> str:
    response = getattr(failure.value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    return f"{type(failure.value).__name__}: {failure.getErrorMessage()}"[:200]

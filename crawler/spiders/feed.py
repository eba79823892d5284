"""One generic spider for every source: its indexes (feeds, sitemaps, listing pages), then only the new
article pages.

Indexes are fetched with the validators of the last crawl (ETag, Last-Modified), so an unchanged feed
costs one request answered 304.  Article URLs already fetched (by :func:`crawler.urls.url_key`, so
http/https, ``www.``, slashes, ``amp`` and tracking parameters do not make a new article) are never
requested again.  A WordPress feed whose items are all new is paged (``?paged=2``) until it reaches
what is known; a sitemap index is followed to its newest sitemaps.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.config import Settings, SourceConfig
from crawler.items import CrawledPage
from crawler.middlewares import HostWaiting, source_hosts, wait_key
from crawler.spiders.challenge import bot_challenge
from crawler.spiders.discovery import Candidate, NotAnIndex, read_feed, read_listing, read_sitemap
from crawler.store import Store
from crawler.urls import canonical_url, host_of, same_site, url_key

log = logging.getLogger(__name__)

SITEMAP_CHILDREN = 2  # newest sitemaps of an index followed per crawl (news sitemaps change, archives do not)


class FeedSpider(scrapy.Spider):
    name = "feeds"

    def __init__(self, sources: list[SourceConfig], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources = sources
        self.feed_errors: dict[str, str] = {}
        # Sources not polled, or cut short: a host they need asked us (Retry-After) to wait until then.
        self.waiting: dict[str, datetime] = {}
        # An index's validators are saved only once all its new articles were fetched and stored;
        # otherwise the next crawl's 304 would hide the articles that failed this time.
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.incomplete_feeds: set[str] = set()
        self.requested: set[str] = set()  # url keys asked for in this crawl (two indexes, one article)
        self.index_requests = 0
        self.article_requests = 0

    @property
    def rasad(self) -> Settings:
        settings: Settings = self.crawler.settings["RASAD_SETTINGS"]
        return settings

    @property
    def store(self) -> Store:
        store: Store = self.crawler.settings["RASAD_STORE"].value
        return store

    async def start(self) -> Any:  # Scrapy >= 2.13 entry point
        for source in self.sources:
            indexes = [(u, "feed") for u in source.feeds] + [(u, "sitemap") for u in source.sitemaps]
            indexes += [(u, "listing") for u in source.listing_pages]
            held = self.store.host_waits({wait_key(url) for url, _kind in indexes})
            if held:  # the outlet asked for a pause (Retry-After) that has not ended: not one request
                self.waiting[source.id] = max(held.values())
                log.info("%s not polled: its site asked us to wait until %s", source.id, self.waiting[source.id],
                         extra={"source": source.id})  # fmt: skip
                continue
            for url, kind in indexes:
                yield self.index_request(source, url, kind, root=url)

    def index_request(
        self, source: SourceConfig, url: str, kind: str, root: str, page: int = 1
    ) -> scrapy.Request:
        headers = {}
        if page == 1:  # later feed pages are fetched only when page 1 changed
            etag, last_modified = self.store.feed_validators(url)
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        self.index_requests += 1
        return scrapy.Request(
            url, callback=self.parse_index, errback=self.feed_failed, headers=headers, dont_filter=True,
            meta={"source": source, "feed_url": url, "kind": kind, "root": root, "page": page,
                  "handle_httpstatus_list": [304]},
        )  # fmt: skip

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        source: SourceConfig = response.meta["source"]
        index_url: str = response.meta["feed_url"]  # as configured, even when the index redirected
        kind: str = response.meta["kind"]
        if response.status == 304:
            log.debug("%s unchanged: %s", kind, index_url, extra={"source": source.id})
            return
        challenge = bot_challenge(response.body)
        if challenge:
            self.fail(source, f"{challenge} at {response.url}")
            return
        try:
            if kind == "feed":
                document = read_feed(response.body)
                candidates, wordpress = document.entries, document.wordpress
            elif kind == "sitemap":
                sitemap = read_sitemap(response.body, self.rasad.max_response_bytes)
                for child in sitemap.children[:SITEMAP_CHILDREN]:
                    child_url = response.urljoin(child.url)
                    if same_site(host_of(child_url), source_hosts(source)):
                        yield self.index_request(source, child_url, "sitemap", root=response.meta["root"])
                candidates, wordpress = sitemap.articles, False
            else:
                candidates, wordpress = (
                    read_listing(response.text, source.listing_selector, response.url),
                    False,
                )
        except (NotAnIndex, AttributeError) as problem:  # AttributeError: a binary body has no .text
            self.fail(source, f"{problem}: {response.url}")
            return
        if response.meta["page"] == 1:
            self.validators[index_url] = (_header(response, "ETag"), _header(response, "Last-Modified"))
        fresh = self.new_candidates(source, response, candidates)
        if len(fresh) > self.rasad.max_articles_per_crawl:
            self.incomplete_feeds.add(response.meta["root"])  # the rest next time: no 304 before that
            fresh = fresh[: self.rasad.max_articles_per_crawl]
        for candidate in fresh:
            self.requested.add(url_key(candidate.url))
            self.article_requests += 1
            yield scrapy.Request(
                candidate.url, callback=self.parse_article, errback=self.article_failed,
                meta={"source": source, "feed_url": response.meta["root"], "index_url": index_url,
                      "feed_published": candidate.published},
            )  # fmt: skip
        page = int(response.meta["page"])
        every_item_new = bool(fresh) and len(fresh) == len(candidates)
        # A first crawl takes page 1 only: the backlog is not news.
        if (
            kind == "feed"
            and wordpress
            and every_item_new
            and page < source.max_feed_pages
            and self.has_history(source)
        ):
            root = response.meta["root"]
            next_url = f"{root}{'&' if '?' in root else '?'}paged={page + 1}"
            yield self.index_request(source, next_url, "feed", root=root, page=page + 1)

    def new_candidates(
        self, source: SourceConfig, response: Response, candidates: list[Candidate]
    ) -> list[Candidate]:
        """On the outlet's hosts, canonical, once each, and neither stored nor asked for in this crawl."""
        hosts = source_hosts(source)
        unique: dict[str, Candidate] = {}
        for candidate in candidates:
            url = canonical_url(response.urljoin(candidate.url))
            if not same_site(host_of(url), hosts):
                log.warning("index item on another host skipped: %s", url, extra={"source": source.id})
                continue
            unique.setdefault(url_key(url), Candidate(url, candidate.published))
        known = self.store.known_keys(unique) | self.requested
        known_urls = self.store.known_urls(c.url for c in unique.values())  # stored before url keys existed
        return [c for key, c in unique.items() if key not in known and c.url not in known_urls]

    def has_history(self, source: SourceConfig) -> bool:
        return bool(self.store.source_health().get(source.id, {}).get("last_success"))

    def parse_article(self, response: Response) -> Iterator[CrawledPage]:
        source: SourceConfig = response.meta["source"]
        encoding = getattr(response, "encoding", None)
        # Stored under the URL the index gave, not where it redirected, so the next crawl knows it.
        first_url = response.meta.get(
            "redirect_urls", [response.request.url if response.request else response.url]
        )[0]
        page = CrawledPage(
            url=canonical_url(first_url),
            feed_url=response.meta["feed_url"],
            index_url=response.meta.get("index_url"),
            body=response.body,
            source_id=source.id,
            encoding=encoding,
            feed_published=response.meta.get("feed_published"),
            fetched_url=canonical_url(response.url),
        )
        if self.rasad.archive_pages:
            from crawler.archive import archive_page

            try:
                archive_page(
                    self.rasad.archive_dir, page, response.status, _headers(response), datetime.now(UTC)
                )
            except OSError as error:  # a full disk must not lose the article itself
                log.error("page not archived: %s: %s", page.url, error, extra={"source": source.id})
        yield page

    def feed_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source: SourceConfig = request.meta["source"]
        if isinstance(failure.value, HostWaiting):  # not sent: a wait, not a failure
            self.wait(source, failure.value)
            return
        self.fail(source, f"{request.meta.get('kind', 'feed')} {request.url}: {_describe(failure)}")

    def article_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source: SourceConfig = request.meta["source"]
        self.incomplete_feeds.update((request.meta["feed_url"], request.meta.get("index_url", "")))
        if isinstance(failure.value, HostWaiting):  # the articles' host asked for a pause: next poll
            self.wait(source, failure.value)
            return
        response = getattr(failure.value, "response", None)
        challenge = bot_challenge(response.body) if response is not None else None
        if challenge:  # the outlet is blocking us: a source failure, not one lost article
            self.fail(source, f"{challenge} at {request.url}")
            return
        log.warning("article not fetched: %s: %s", request.url, _describe(failure),
                    extra={"source": source.id, "url": request.url})  # fmt: skip

    def page_not_stored(self, page: CrawledPage) -> None:
        """A pipeline failed on this page (not a clean "not an article" skip): fetch it again later."""
        self.incomplete_feeds.update(url for url in (page.feed_url, page.index_url) if url)

    def closed(self, reason: str) -> None:
        if reason != "finished":  # stopped early: nothing proves the indexes' new items were all seen
            return
        for index_url, (etag, last_modified) in self.validators.items():
            if index_url not in self.incomplete_feeds:
                self.store.save_feed_validators(index_url, etag, last_modified)

    def wait(self, source: SourceConfig, held: HostWaiting) -> None:
        if source.id not in self.waiting:
            log.info("%s waiting: %s", source.id, held, extra={"source": source.id})
        self.waiting[source.id] = max(held.until, self.waiting.get(source.id, held.until))

    def fail(self, source: SourceConfig, reason: str) -> None:
        log.warning("source %s failed: %s", source.id, reason, extra={"source": source.id})
        self.feed_errors.setdefault(source.id, reason)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}


def _describe(failure: Failure) -> str:
    response = getattr(failure.value, "response", None)
    if response is not None:
        request = getattr(failure, "request", None)
        meta = request.meta if request is not None else {}
        retry_after = meta.get("retry_after")
        if retry_after is None:
            return f"HTTP {response.status}"
        why = meta.get("retry_after_gave_up", "too long")
        wording = "longer than allowed" if why == "too long" else f"still asked {why}"
        return f"HTTP {response.status} (Retry-After {retry_after:.0f}s, {wording})"
    return f"{type(failure.value).__name__}: {failure.getErrorMessage()}"[:200]

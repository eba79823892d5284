"""Downloader middlewares: where a request may go, and how long to wait when a site asks us to.

- :class:`HostGuardMiddleware`: every request (redirects and robots.txt included) stays on its source's
  hosts (its feeds', sitemaps', listing pages' and ``extra_hosts``) and off private networks unless the
  source allows it (tests and intranets do).
- :class:`RetryAfterMiddleware`: a 429 or 503 with ``Retry-After`` is retried after that long, without
  blocking other outlets.  Scrapy's RetryMiddleware retries at once and ignores the header, so this one
  sits before it (its ``process_response`` runs first) and takes those responses out of its hands.
  A wait longer than a crawl may take (``max_retry_after_seconds``), or one still asked for after the
  retries, is kept in the store (at most :data:`REMEMBER_AT_MOST`): until it ends, no crawl process
  sends that host a request (:class:`HostWaiting`), and the spider skips a source whose indexes live
  there.  A wait met after a redirect binds the host first asked too, so the next crawl's spider, which
  knows only the configured URLs, skips that source before asking anything.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.config import Settings, SourceConfig
from crawler.urls import host_of, resolves_to_private, same_site

if TYPE_CHECKING:
    from crawler.store import Store

log = logging.getLogger(__name__)


def source_hosts(source: SourceConfig) -> set[str]:
    return {host_of(url) for url in (*source.feeds, *source.sitemaps, *source.listing_pages)} | set(
        source.extra_hosts
    )


class HostGuardMiddleware:
    def __init__(self, sources: tuple[SourceConfig, ...]) -> None:
        self.sources = sources

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        settings: Settings = crawler.settings["RASAD_SETTINGS"]
        return cls(settings.sources)

    def process_request(self, request: Request) -> None:
        source: SourceConfig | None = request.meta.get("source") or self._owner(request)
        if source is None:
            raise IgnoreRequest(f"{request.url}: belongs to no configured source")
        host = host_of(request.url)
        if not same_site(host, source_hosts(source)):
            raise IgnoreRequest(f"{request.url}: host {host!r} is not one of source {source.id}'s hosts")
        if not source.allow_private and resolves_to_private(host):
            raise IgnoreRequest(
                f"{request.url}: {host} is a private or loopback address (allow_private is off)"
            )

    def _owner(self, request: Request) -> SourceConfig | None:
        """The source of a request Scrapy made itself (robots.txt), by the host it was first meant for:
        a robots.txt that redirects elsewhere is then held to that source's hosts like any page."""
        first_host = host_of(request.meta.get("redirect_urls", [request.url])[0])
        return next((s for s in self.sources if same_site(first_host, source_hosts(s))), None)


class HostWaiting(IgnoreRequest):
    """A request not sent: its host asked us (Retry-After) to wait until ``until``.  The spider records
    the source as waiting, not failing."""

    def __init__(self, url: str, until: datetime) -> None:
        super().__init__(f"{url}: the site asked us to wait until {until:%Y-%m-%d %H:%M} UTC")
        self.until = until


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date (RFC 9110 10.2.3); None
    when it is neither (garbage, a negative or fractional number)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": RFC 5322's "zone unknown"; HTTP dates are always GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


# A Retry-After is remembered for at most this long: a site asking for days is asked again in 6 hours.
REMEMBER_AT_MOST = timedelta(hours=6)


def wait_key(url: str) -> str:
    """The host a Retry-After binds: ``www.`` and the bare name are one site; the port is kept."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}:{parts.port}" if parts.port else host


class RetryAfterMiddleware:
    STATUSES = (429, 503)
    MAX_TIMES = 2

    def __init__(self, max_wait: float, store: Store | None = None) -> None:
        self.max_wait = max_wait
        self.store = store
        self.not_before: dict[str, float] = {}  # host -> monotonic time its next request may start
        # wait_key -> when a stored Retry-After ends (kept from earlier crawls, or set by this one)
        self.held: dict[str, datetime] = store.host_waits() if store is not None else {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        settings: Settings = crawler.settings["RASAD_SETTINGS"]
        shared = crawler.settings.get("RASAD_STORE")
        return cls(float(settings.max_retry_after_seconds), shared.value if shared is not None else None)

    async def process_request(self, request: Request) -> None:
        """Hold a request to a host that asked us to wait; other hosts' requests go on meanwhile
        (Scrapy runs on the asyncio reactor, its default). A host whose stored wait has not ended is
        not asked at all."""
        held = self.held.get(wait_key(request.url))
        if held is not None and held > datetime.now(UTC):
            raise HostWaiting(request.url, held)
        wait = self.not_before.get(host_of(request.url), 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in self.STATUSES:
            return response
        delay = retry_after_seconds(response.headers.get("Retry-After"))
        if delay is None:
            return response  # no header: Scrapy's RetryMiddleware decides
        times = int(request.meta.get("retry_after_times", 0))
        request.meta["dont_retry"] = True  # never also retried at once by RetryMiddleware
        if delay > self.max_wait or times >= self.MAX_TIMES:
            log.warning("%s answered %s with Retry-After %.0fs; not waiting (limit %.0fs, %d retries)",
                        request.url, response.status, delay, self.max_wait, times)  # fmt: skip
            request.meta["retry_after"] = delay
            # Why we gave up, for the failure's wording (crawler.spiders.feed._describe).
            request.meta["retry_after_gave_up"] = (
                "too long" if delay > self.max_wait else f"after {times} retries"
            )
            self.remember(request, response.status, delay)
            return response
        host = host_of(request.url)
        self.not_before[host] = max(self.not_before.get(host, 0.0), time.monotonic() + delay)
        log.info("%s answered %s: retrying in %.1fs as asked", request.url, response.status, delay)
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = times + 1
        retry.meta.pop("dont_retry", None)
        return retry

    def remember(self, request: Request, status: int, delay: float) -> None:
        """Keep the wait for later crawls (capped, before any timedelta: a huge delay overflows it); the
        rest of this crawl leaves the host alone too.  After a redirect the host first asked is held as
        well: the feed that led here would lead here again."""
        until = datetime.now(UTC) + timedelta(seconds=min(delay, REMEMBER_AT_MOST.total_seconds()))
        source: SourceConfig | None = request.meta.get("source")
        first_url = request.meta.get("redirect_urls", [request.url])[0]
        for key in dict.fromkeys((wait_key(request.url), wait_key(first_url))):
            self.held[key] = max(until, self.held.get(key, until))
            if self.store is not None:
                self.store.set_host_wait(key, until, status, source.id if source else None)

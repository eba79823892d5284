"""Downloader guard: every request (redirects and robots.txt included) stays on its source's hosts and
off private networks unless the source allows it (tests and intranets do)."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.config import Settings, SourceConfig
from crawler.urls import host_of, resolves_to_private, same_site

log = logging.getLogger(__name__)


def source_hosts(source: SourceConfig) -> set[str]:
    return {host_of(url) for url in (*source.feeds, *source.sitemaps, *source.listing_pages)}


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
            raise IgnoreRequest(f"{request.url}: {host} is a private or loopback address (allow_private is off)")

    def _owner(self, request: Request) -> SourceConfig | None:
        """The source of a request Scrapy made itself (robots.txt), by the host it was first meant for:
        a robots.txt that redirects elsewhere is then held to that source's hosts like any page."""
        first_host = host_of(request.meta.get("redirect_urls", [request.url])[0])
        return next((s for s in self.sources if same_site(first_host, source_hosts(s))), None)

"""Downloader guard: every request (redirects included) stays on its source's hosts and off private
networks unless the source allows it (tests and intranets do)."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.config import SourceConfig
from crawler.urls import host_of, resolves_to_private, same_site

log = logging.getLogger(__name__)


class HostGuardMiddleware:
    def process_request(self, request: Request) -> None:
        source: SourceConfig | None = request.meta.get("source")
        if source is None:
            return  # robots.txt and other Scrapy-internal requests inherit nothing; let them pass
        host = host_of(request.url)
        allowed = {host_of(url) for url in (*source.feeds, *source.sitemaps, *source.listing_pages)}
        if not same_site(host, allowed):
            raise IgnoreRequest(f"{request.url}: host {host!r} is not one of source {source.id}'s hosts")
        if not source.allow_private and resolves_to_private(host):
            raise IgnoreRequest(f"{request.url}: {host} is a private or loopback address (allow_private is off)")

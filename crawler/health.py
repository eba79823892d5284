"""Source health for ``rasad sources``: what the store recorded, and a live check of each feed."""

from __future__ import annotations

from datetime import datetime

import httpx

from crawler.config import Settings
from crawler.store import Store
from crawler.urls import host_of, resolves_to_private, same_site


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if isinstance(value, datetime) else "never"


def describe_sources(settings: Settings) -> str:
    health = Store(settings.effective_database_url).source_health()
    lines = []
    for source in settings.sources:
        state = health.get(source.id, {})
        failures = int(str(state.get("consecutive_failures") or 0))
        status = "never crawled" if not state else ("OK" if failures == 0 else f"FAILING x{failures}")
        lines.append(f"{source.id:<16} {source.name or '':<14} every {source.interval_seconds}s  {status}"
                     f"{'' if source.enabled else '  (disabled)'}")  # fmt: skip
        lines.append(f"{'':<16} feeds: {', '.join(source.feeds)}")
        if state:
            lines.append(f"{'':<16} last success: {_when(state.get('last_success'))}; "
                         f"articles stored: {state.get('articles_total', 0)}")  # fmt: skip
            if failures and state.get("last_error"):
                lines.append(f"{'':<16} last error: {state['last_error']}")
    return "\n".join(lines) if lines else "no sources configured"


def check_feeds(settings: Settings) -> list[str]:
    """Fetch every feed once now; print one line each; return the problems."""
    problems: list[str] = []
    with httpx.Client(headers={"User-Agent": settings.user_agent}, timeout=settings.download_timeout_seconds,
                      follow_redirects=False) as client:  # fmt: skip
        for source in settings.sources:
            for feed in source.feeds:
                problem = _check(client, feed, source.allow_private)
                print(f"{'OK  ' if problem is None else 'FAIL'} {source.id}: {feed}" + (f": {problem}" if problem else ""))
                if problem:
                    problems.append(f"{source.id}: {problem}")
    return problems


def _check(client: httpx.Client, url: str, allow_private: bool, hops: int = 5) -> str | None:
    """Fetch as the crawler would: redirects followed only on the feed's own site, never into
    private addresses unless allowed."""
    site = {host_of(url)}
    for _ in range(hops + 1):
        if not same_site(host_of(url), site):
            return f"redirects off the outlet, to {url}"
        if not allow_private and resolves_to_private(host_of(url)):
            return "private or loopback address (allow_private is off)"
        try:
            response = client.get(url)
        except httpx.HTTPError as error:
            return f"{type(error).__name__}: {error}"
        if not response.is_redirect:
            break
        url = str(response.next_request.url) if response.next_request else url
    else:
        return f"more than {hops} redirects"
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    head = response.content[:2000].lstrip().lower()
    if not (head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head):
        return "not a feed (no RSS or Atom document)"
    return None

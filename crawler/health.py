"""Source health for ``rasad sources``: what the store recorded, and a live check of each feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from crawler.config import Settings
from crawler.middlewares import source_hosts, wait_key
from crawler.spiders.challenge import bot_challenge
from crawler.store import Store
from crawler.urls import host_of, resolves_to_private, same_site


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if isinstance(value, datetime) else "never"


def describe_sources(settings: Settings) -> str:
    store = Store(settings.effective_database_url)
    health = store.source_health()
    last_day = store.articles_since(datetime.now(UTC) - timedelta(days=1))
    store.close()
    lines = []
    for source in settings.sources:
        state = health.get(source.id, {})
        failures = int(str(state.get("consecutive_failures") or 0))
        status = "never crawled" if not state else ("OK" if failures == 0 else f"FAILING x{failures}")
        waiting = state.get("waiting_until")
        if isinstance(waiting, datetime) and waiting.replace(tzinfo=waiting.tzinfo or UTC) > datetime.now(
            UTC
        ):
            status += f", WAITING until {_when(waiting)} (the site's Retry-After)"
        lines.append(f"{source.id:<16} {source.name or '':<14} every {source.interval_seconds}s  {status}"
                     f"{'' if source.enabled else '  (disabled)'}")  # fmt: skip
        for label, urls in (
            ("feeds", source.feeds),
            ("sitemaps", source.sitemaps),
            ("listing", source.listing_pages),
        ):
            if urls:
                lines.append(f"{'':<16} {label}: {', '.join(urls)}")
        if state:
            lines.append(f"{'':<16} last success: {_when(state.get('last_success'))}; consecutive failures: "
                         f"{failures}; articles in the last day: {last_day.get(source.id, 0)}; "
                         f"stored in all: {state.get('articles_total', 0)}")  # fmt: skip
            if failures and state.get("last_error"):
                lines.append(f"{'':<16} last error: {state['last_error']}")
    return "\n".join(lines) if lines else "no sources configured"


class _Waiting(Exception):
    """A host on the way asked us (Retry-After, kept in the store) not to ask before ``until``."""

    def __init__(self, until: datetime) -> None:
        self.until = until


def check_feeds(settings: Settings) -> list[str]:
    """Fetch every feed once now; print one line each; return the problems.  A host whose stored
    Retry-After has not ended is not asked: WAIT, which is no problem of the configuration."""
    store = Store(settings.effective_database_url)
    try:
        held = store.host_waits()
    finally:
        store.close()
    problems: list[str] = []
    with httpx.Client(headers={"User-Agent": settings.effective_user_agent}, timeout=settings.download_timeout_seconds,
                      follow_redirects=False) as client:  # fmt: skip
        for source in settings.sources:
            indexes = [(u, "feed") for u in source.feeds] + [(u, "sitemap") for u in source.sitemaps]
            for feed, kind in indexes + [(u, "listing") for u in source.listing_pages]:
                try:
                    problem = _check(client, feed, source.allow_private, kind, source_hosts(source), held)
                except _Waiting as waiting:
                    print(
                        f"WAIT {source.id}: {feed}: WAITING until {_when(waiting.until)} (the site's Retry-After)"
                    )
                    continue
                print(
                    f"{'OK  ' if problem is None else 'FAIL'} {source.id}: {feed}"
                    + (f": {problem}" if problem else "")
                )
                if problem:
                    problems.append(f"{source.id}: {problem}")
    return problems


def _check(client: httpx.Client, url: str, allow_private: bool, kind: str, site: set[str],
           held: dict[str, datetime], hops: int = 5) -> str | None:  # fmt: skip
    """Fetch as the crawler would: redirects followed only on the source's own hosts, never into
    private addresses unless allowed, nor to a host that asked us to wait (raises :class:`_Waiting`)."""
    for _ in range(hops + 1):
        if not same_site(host_of(url), site):
            return f"redirects off the outlet, to {url}"
        if not allow_private and resolves_to_private(host_of(url)):
            return "private or loopback address (allow_private is off)"
        until = held.get(wait_key(url))
        if until is not None and until > datetime.now(UTC):
            raise _Waiting(until)
        try:
            response = client.get(url)
        except httpx.HTTPError as error:
            return f"{type(error).__name__}: {error}"
        if not response.is_redirect:
            break
        url = str(response.next_request.url) if response.next_request else url
    else:
        return f"more than {hops} redirects"
    challenge = bot_challenge(response.content)
    if challenge:
        return f"{challenge} (HTTP {response.status_code})"
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    head = response.content[:2000].lstrip().lower()
    if kind == "feed" and not (head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head):
        return "not a feed (no RSS or Atom document)"
    if kind == "sitemap" and not (
        b"<urlset" in head or b"<sitemapindex" in head or head.startswith(b"\x1f\x8b")
    ):
        return "not a sitemap (no urlset or sitemapindex)"
    return None

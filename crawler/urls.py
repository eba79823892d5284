"""URL hygiene for the crawl: one canonical form per article, and only hosts we may fetch."""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "amp", "ref")


def canonical_url(url: str) -> str:
    """Lower-case host, no fragment, no tracking parameters, one percent-encoding of Arabic slugs."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(TRACKING_PREFIXES)]
    cleaned = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def same_site(host: str, allowed: set[str]) -> bool:
    """``www.x.org`` and ``x.org`` are one outlet; any other host is not."""
    bare = host.removeprefix("www.")
    return any(bare == a.removeprefix("www.") for a in allowed)


@lru_cache(maxsize=1024)
def resolves_to_private(host: str) -> bool:
    """True when any address of ``host`` is loopback, private, link-local or otherwise not public."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # unresolvable: the download itself will fail with a clear DNS error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return True
    return False

"""URL hygiene for the crawl: one canonical form per article, and only hosts we may fetch.

Two forms, for two jobs:
- :func:`canonical_url` is the URL Rasad fetches and stores: lower-case host, no fragment, no tracking
  parameters, Arabic slugs percent-encoded once (a raw ``/ملف/`` and ``/%D9%85%D9%84%D9%81/`` agree),
  ``amp`` variants folded into the article they render.  Scheme and trailing slash stay as the site
  gave them, because some servers answer only one of them.
- :func:`url_key` is the identity of an article: also blind to http/https, ``www.``, a trailing slash
  and an ``index.html``.  "A URL already stored is never downloaded again" is checked on keys.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that say who sent the reader, never which article it is.
TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_", "_ga", "_gl", "ref",
                     "amp", "output", "share", "s_cid", "at_", "wt_", "spm")  # fmt: skip
_AMP_PATH = re.compile(r"/amp/?$|/amp(?=/)", re.IGNORECASE)  # WordPress /slug/amp/, Drupal /amp/node/1
_INDEX_FILE = re.compile(r"/index\.(?:html?|php)$", re.IGNORECASE)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(TRACKING_PREFIXES) and lowered not in ("p", "page_id")


def canonical_url(url: str) -> str:
    """Lower-case host, no fragment, no tracking parameters, one percent-encoding of Arabic slugs,
    no ``amp`` variant (``/slug/amp/``, ``?amp=1``, ``amp.`` host)."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    netloc = parts.netloc.lower()
    if netloc.startswith("amp."):
        netloc = netloc.removeprefix("amp.")
    path = _AMP_PATH.sub("/", parts.path) if "amp" in parts.path.lower() else parts.path
    path = re.sub(r"//+$", "/", path)
    cleaned = urlunsplit((parts.scheme.lower(), netloc, path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def url_key(url: str) -> str:
    """The article's identity: :func:`canonical_url` without scheme, ``www.``, trailing slash or index file."""
    parts = urlsplit(canonical_url(url))
    host = (parts.hostname or "").removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = _INDEX_FILE.sub("/", parts.path).rstrip("/") or "/"
    return f"{host}{port}{path}" + (f"?{parts.query}" if parts.query else "")


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

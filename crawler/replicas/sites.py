"""The bundled replica sites: which exist, serving them all, and ``[[sources]]`` entries pointing at them
(a replicated shipped outlet keeps its own entry, moved onto the replica)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawler.replicas import corpus
from crawler.replicas.server import MANIFEST, REPLICAS_DIR, ReplicaServer


def site_dirs() -> dict[str, Path]:
    """The bundled replica sites by id (a directory with a manifest.json); a site built from the
    article-page corpus only where the corpus is (a checkout, not an installed package)."""
    found = {}
    for path in sorted(REPLICAS_DIR.glob(f"*/{MANIFEST}")):
        if corpus.available(json.loads(path.read_text(encoding="utf-8"))):
            found[path.parent.name] = path.parent
    return found


def serve_replicas(names: list[str] | None = None) -> dict[str, ReplicaServer]:
    """Start one server per bundled site (or per named site); the caller stops them."""
    available = site_dirs()
    unknown = sorted(set(names or ()) - set(available))
    if unknown:
        raise KeyError(f"no replica site named {', '.join(unknown)} (have: {', '.join(available)})")
    servers: dict[str, ReplicaServer] = {}
    try:
        for name in names or list(available):
            servers[name] = ReplicaServer(available[name]).start()
    except BaseException:
        for server in servers.values():
            server.stop()
        raise
    return servers


def replica_sources(servers: dict[str, ReplicaServer], interval_seconds: int = 15) -> list[dict[str, Any]]:
    """``[[sources]]`` config entries pointing at running replica servers. A site that replicates a
    shipped source (``config/sources.toml``) gets that source's entry with its feeds, sitemaps and
    listing pages moved onto the replica (same paths) and its selector and page rules kept."""
    shipped = {source["id"]: source for source in shipped_sources()}
    sources = []
    for name, server in servers.items():
        manifest = server.manifest
        source_id = manifest.get("id", name)
        entry: dict[str, Any] = {"id": source_id, "name": manifest.get("name", name),
                                 "feeds": [server.base_url + feed for feed in manifest["feeds"]]}  # fmt: skip
        if source_id in shipped:
            entry = {key: value for key, value in shipped[source_id].items() if key not in _LOCAL_KEYS}
            for key in ("feeds", "sitemaps", "listing_pages"):
                if key in entry:
                    entry[key] = [server.base_url + corpus.url_path(url) for url in entry[key]]
        entry.update(allow_private=True, interval_seconds=interval_seconds)
        sources.append(entry)
    return sources


# Keys of a shipped source that do not carry over to its replica: its real CDN hosts, its schedule.
_LOCAL_KEYS = {"extra_hosts", "interval_seconds", "jitter_seconds", "active_hours", "enabled"}


def shipped_sources() -> list[dict[str, Any]]:
    """The ``[[sources]]`` Rasad ships (``crawler/defaults/sources.toml``), as written."""
    import tomllib

    from crawler.config import shipped_files

    sources_file = next(path for path in shipped_files() if path.name == "sources.toml")
    with sources_file.open("rb") as handle:
        result: list[dict[str, Any]] = tomllib.load(handle)["sources"]
    return result

"""Replica outlet sites (feeds and article pages in each outlet's markup) and the server that serves them.

Used by ``rasad demo`` and the end-to-end tests; see ``server.py`` and each site's ``manifest.json``.
"""

from crawler.replicas.server import ReplicaServer
from crawler.replicas.sites import replica_sources, serve_replicas, shipped_sources, site_dirs

__all__ = ["ReplicaServer", "replica_sources", "serve_replicas", "shipped_sources", "site_dirs"]

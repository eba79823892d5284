"""What travels through the item pipelines: one fetched page, filled in stage by stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from extractors.models import Article, Incident


@dataclass
class CrawledPage:
    url: str
    body: bytes
    source_id: str
    feed_url: str | None = None  # the configured feed/sitemap/listing page that led here
    index_url: str | None = None  # the document that listed it (a feed page, a sitemap of an index)
    fetched_url: str | None = None  # where the page was finally fetched from, after redirects
    encoding: str | None = None
    feed_published: datetime | None = None
    article: Article | None = None  # set by the text pipeline
    incidents: list[Incident] = field(default_factory=list)  # set by the incidents pipeline
    new_incidents: int = 0  # set by the store pipeline
    alerts: int = 0

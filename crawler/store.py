"""The store: articles, incidents with their sources, the outbox; with the deliveries ledger
(crawler.store_ledger) and the crawl state (crawler.store_crawl) on the same engine.

SQLAlchemy Core, so a PostgreSQL ``database_url`` works as well as the default SQLite file.  Every
write that must not be half-done (an article with its incidents and their outbox rows) is one
transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, insert, select, update

from crawler.alerts.alert import Alert
from crawler.db import open_engine
from crawler.schema import (
    article_bands,
    articles,
    deliveries,
    incidents,
    outbox,
)
from crawler.store_crawl import CrawlStateTables
from crawler.store_incidents import AlertPolicy, IncidentFiling
from crawler.store_ledger import LedgerTables
from crawler.timeutil import utcnow
from extractors.models import Article, Incident

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SaveResult:
    stored: bool  # False: the URL was in the store already, nothing was written
    new_incidents: int
    joined_incidents: int
    alerts: int


@dataclass(frozen=True)
class OutboxRow:
    id: int
    alert: Alert


class Store(IncidentFiling, LedgerTables, CrawlStateTables):
    def __init__(self, url: str) -> None:
        self.engine: Engine = open_engine(url)  # created or migrated to this code's schema

    def close(self) -> None:
        self.engine.dispose()

    # -- articles -------------------------------------------------------------------------------
    def known_urls(self, urls: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(select(articles.c.url).where(articles.c.url.in_(wanted)))
            return {row.url for row in rows}

    def record_skipped(self, url: str, source_id: str | None, reason: str) -> None:
        """A fetched page that is no article: remembered so it is not downloaded again."""
        with self.engine.begin() as conn:
            if conn.execute(select(articles.c.id).where(articles.c.url == url)).first() is None:
                conn.execute(
                    insert(articles).values(
                        url=url, source_id=source_id, status="skipped", skip_reason=reason[:500],
                        fetched_at=utcnow(),
                    )
                )  # fmt: skip

    def save_article(
        self,
        article: Article,
        found: Sequence[Incident],
        alert_max_age: timedelta,
        now: datetime | None = None,
        confirm_sources: int = 3,
    ) -> SaveResult:
        """Store an article with its incidents, each joined to the incident it reports or new
        (crawler.store_incidents); alerts queued in the same transaction."""
        now = now or utcnow()
        assert article.url, "a stored article needs its URL"
        with self.engine.begin() as conn:
            if conn.execute(select(articles.c.id).where(articles.c.url == article.url)).first():
                return SaveResult(False, 0, 0, 0)
            article_id = conn.execute(
                insert(articles).values(
                    url=article.url, source_id=article.source_id, status="article", title=article.title,
                    text=article.text, published=article.published, published_from=article.published_from,
                    fetched_at=now,
                )
            ).inserted_primary_key[0]  # type: ignore[index]  # fmt: skip
            filed = self._file_incidents(
                conn, article, article_id, found, AlertPolicy(alert_max_age, confirm_sources), now
            )
            return SaveResult(True, filed.new, filed.joined, filed.alerts)

    # -- alerts queued directly (tests, the delivery bench) -------------------------------------
    def queue_alerts(self, alerts: Iterable[Alert], now: datetime | None = None) -> int:
        """Outbox rows for ready-made alerts, in one transaction, as ``save_article`` writes them."""
        count = 0
        with self.engine.begin() as conn:
            for alert in alerts:
                self._queue_alert(conn, alert, now or utcnow())
                count += 1
        return count

    # -- incidents ------------------------------------------------------------------------------
    def incidents(self, since: datetime | None = None) -> list[Incident]:
        query = select(incidents.c.data).order_by(incidents.c.first_seen, incidents.c.id)
        if since is not None:
            query = query.where(incidents.c.first_seen >= since)
        with self.engine.connect() as conn:
            return [Incident.from_json(json.loads(row.data)) for row in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "articles": conn.scalar(select(func.count()).select_from(articles)) or 0,
                "incidents": conn.scalar(select(func.count()).select_from(incidents)) or 0,
                "outbox": conn.scalar(select(func.count()).select_from(outbox)) or 0,
                "outbox_unpublished": conn.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
                )
                or 0,
                "deliveries": conn.scalar(select(func.count()).select_from(deliveries)) or 0,
            }

    # -- outbox ---------------------------------------------------------------------------------
    def unpublished_outbox(self, limit: int = 500) -> list[OutboxRow]:
        query = select(outbox.c.id, outbox.c.payload).where(outbox.c.published_at.is_(None))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(outbox.c.id).limit(limit))
            return [OutboxRow(row.id, Alert.from_fields(json.loads(row.payload))) for row in rows]

    def mark_published(self, outbox_id: int, entry_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == outbox_id)
                .values(published_at=utcnow(), entry_id=entry_id)
            )

    def resave_article(
        self,
        article: Article,
        found: Sequence[Incident],
        alert_max_age: timedelta,
        now: datetime | None = None,
        confirm_sources: int = 3,
    ) -> SaveResult:
        """``rasad reprocess``: replace a stored page's article text and file the incidents found now,
        the same way as a crawl, except that each is first paired with an incident this URL gave before
        (crawler.store_incidents): re-reading a page never makes a second incident or ``new`` alert."""
        now = now or utcnow()
        with self.engine.begin() as conn:  # the text and its incidents together, or neither
            row = conn.execute(select(articles.c.id).where(articles.c.url == article.url)).first()
            if row is not None:
                conn.execute(
                    update(articles).where(articles.c.id == row.id).values(
                        status="article", skip_reason=None, title=article.title, text=article.text,
                        published=article.published, published_from=article.published_from,
                        fingerprint=None,  # the new text's, if it is long enough (store_incidents)
                    )
                )  # fmt: skip
                conn.execute(
                    delete(article_bands).where(article_bands.c.article_id == row.id)
                )  # text may differ
                policy = AlertPolicy(alert_max_age, confirm_sources)
                filed = self._file_incidents(conn, article, row.id, found, policy, now)
                return SaveResult(True, filed.new, filed.joined, filed.alerts)
        return self.save_article(
            article, found, alert_max_age, now, confirm_sources
        )  # never stored under this URL

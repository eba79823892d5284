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
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.engine import Connection

from crawler.alerts.alert import Alert
from crawler.db import open_engine
from crawler.matching import incident_key
from crawler.schema import (
    articles,
    deliveries,
    incident_sources,
    incidents,
    outbox,
)
from crawler.store_crawl import CrawlStateTables
from crawler.store_ledger import LedgerTables
from crawler.timeutil import utcnow
from extractors.models import Article, Incident, Source

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


class Store(LedgerTables, CrawlStateTables):
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
        self, article: Article, found: Sequence[Incident], alert_max_age: timedelta, now: datetime | None = None
    ) -> SaveResult:
        """Store an article with its incidents; queue an alert for each new, fresh, non-background one."""
        now = now or utcnow()
        assert article.url, "a stored article needs its URL"
        with self.engine.begin() as conn:
            if conn.execute(select(articles.c.id).where(articles.c.url == article.url)).first():
                return SaveResult(False, 0, 0, 0)
            conn.execute(
                insert(articles).values(
                    url=article.url, source_id=article.source_id, status="article", title=article.title,
                    text=article.text, published=article.published, published_from=article.published_from,
                    fetched_at=now,
                )
            )  # fmt: skip
            return self._file_incidents(conn, article, found, alert_max_age, now)

    def _file_incidents(
        self, conn: Connection, article: Article, found: Sequence[Incident], alert_max_age: timedelta, now: datetime
    ) -> SaveResult:
        """Each incident either joins the one it matches or is new (and alerted when fresh enough)."""
        new = joined = alerts = 0
        for incident in found:
            existing = self._matching_incident(conn, incident)
            if existing is None:
                self._insert_incident(conn, incident, now)
                new += 1
                if self._alertable(incident, article, alert_max_age, now):
                    self._queue_alert(conn, Alert(f"{incident.id}:new", "new", incident), now)
                    alerts += 1
            else:
                self._add_source(conn, existing, incident)
                joined += 1
        return SaveResult(True, new, joined, alerts)

    def _matching_incident(self, conn: Connection, incident: Incident) -> str | None:
        row = conn.execute(select(incidents.c.id).where(incidents.c.id == incident.id)).first()
        if row:
            return str(row.id)
        key = incident_key(incident)
        if key is None:
            return None
        row = conn.execute(select(incidents.c.id).where(incidents.c.match_key == key)).first()
        return str(row.id) if row else None

    def _insert_incident(self, conn: Connection, incident: Incident, now: datetime) -> None:
        conn.execute(
            insert(incidents).values(
                id=incident.id, first_seen=now, updated_at=now, date=incident.date,
                admin1=incident.admin1, types=",".join(incident.types), background=incident.background,
                match_key=incident_key(incident), data=json.dumps(incident.to_json(), ensure_ascii=False),
            )
        )  # fmt: skip
        for source in incident.sources:
            self._insert_source(conn, incident.id, source)

    def _add_source(self, conn: Connection, incident_id: str, incident: Incident) -> None:
        row = conn.execute(select(incidents.c.data).where(incidents.c.id == incident_id)).one()
        stored = Incident.from_json(json.loads(row.data))
        known = {s.url for s in stored.sources}
        added = tuple(s for s in incident.sources if s.url not in known)
        if not added:
            return
        merged = replace(stored, sources=stored.sources + added)
        conn.execute(
            update(incidents)
            .where(incidents.c.id == incident_id)
            .values(data=json.dumps(merged.to_json(), ensure_ascii=False), updated_at=utcnow())
        )
        for source in added:
            self._insert_source(conn, incident_id, source)

    @staticmethod
    def _insert_source(conn: Connection, incident_id: str, source: Source) -> None:
        conn.execute(
            insert(incident_sources).values(
                incident_id=incident_id, url=source.url, source_id=source.source_id, published=source.published
            )
        )

    @staticmethod
    def _alertable(incident: Incident, article: Article, max_age: timedelta, now: datetime) -> bool:
        """Fresh enough to alert. Background incidents are queued too: only rules that set
        ``include_background`` let them through (crawler.alerts.rules)."""
        when: datetime | None = None
        if incident.date:
            when = datetime.fromisoformat(incident.date).replace(tzinfo=UTC) + timedelta(days=1)
        elif article.published:
            when = article.published
        return when is None or now - when <= max_age

    @staticmethod
    def _queue_alert(conn: Connection, alert: Alert, now: datetime) -> None:
        conn.execute(
            insert(outbox).values(
                alert_id=alert.alert_id, incident_id=alert.incident.id, kind=alert.kind,
                payload=json.dumps(alert.to_fields(), ensure_ascii=False), created_at=now,
            )
        )  # fmt: skip

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
                update(outbox).where(outbox.c.id == outbox_id).values(published_at=utcnow(), entry_id=entry_id)
            )

    def resave_article(
        self, article: Article, found: Sequence[Incident], alert_max_age: timedelta, now: datetime | None = None
    ) -> SaveResult:
        """``rasad reprocess``: replace a stored page's article text and add the incidents found now.
        Incidents already stored stay (merged as usual); new ones are alerted under the usual age rule."""
        now = now or utcnow()
        with self.engine.begin() as conn:  # the text and its incidents together, or neither
            changed = conn.execute(
                update(articles).where(articles.c.url == article.url).values(
                    status="article", skip_reason=None, title=article.title, text=article.text,
                    published=article.published, published_from=article.published_from,
                )
            ).rowcount  # fmt: skip
            if changed:
                return self._file_incidents(conn, article, found, alert_max_age, now)
        return self.save_article(article, found, alert_max_age, now)  # never stored under this URL


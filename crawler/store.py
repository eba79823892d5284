"""The store: articles, incidents with their sources, the outbox, the deliveries ledger, source health.

SQLAlchemy Core, so a PostgreSQL ``database_url`` works as well as the default SQLite file.  Every
write that must not be half-done (an article with its incidents and their outbox rows) is one
transaction.
"""

from __future__ import annotations

import fcntl
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Connection

from crawler.alerts.alert import Alert
from crawler.matching import incident_key
from crawler.schema import (
    articles,
    deliveries,
    feed_state,
    incident_sources,
    incidents,
    metadata,
    outbox,
    source_health,
)
from extractors.models import Article, Incident, Source

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


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


class Store:
    def __init__(self, url: str) -> None:
        self.engine: Engine = create_engine(url, future=True)
        if not url.startswith("sqlite:///"):
            metadata.create_all(self.engine)
            return
        event.listen(self.engine, "connect", _sqlite_pragmas)
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # create_all checks, then creates: two processes opening a new database at once (the first
        # crawls of a fresh daemon) would both create. One at a time, under a lock beside the file.
        with (path.parent / f"{path.name}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            metadata.create_all(self.engine)

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
        new = joined = alerts = 0
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

    # -- deliveries ledger (crawler.alerts.alert.DeliveryLedger) --------------------------------
    def delivered(self, alert_id: str, channel_id: str) -> bool:
        query = select(deliveries.c.outcome).where(
            deliveries.c.alert_id == alert_id, deliveries.c.channel_id == channel_id
        )
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def record_delivery(
        self, alert: Alert, channel_id: str, outcome: str, detail: str = "", message_id: str | None = None
    ) -> None:
        with self.engine.begin() as conn:
            if conn.execute(
                select(deliveries.c.id).where(
                    deliveries.c.alert_id == alert.alert_id, deliveries.c.channel_id == channel_id
                )
            ).first():
                return
            conn.execute(
                insert(deliveries).values(
                    alert_id=alert.alert_id, channel_id=channel_id, incident_id=alert.incident.id,
                    kind=alert.kind, outcome=outcome, detail=detail[:1000], message_id=message_id,
                    sent_at=utcnow(),
                )
            )  # fmt: skip

    def forget_failure(self, alert_id: str, channel_id: str) -> bool:
        """Clear a permanent failure so a re-queued dead letter is delivered to that channel."""
        with self.engine.begin() as conn:
            result = conn.execute(
                delete(deliveries).where(
                    deliveries.c.alert_id == alert_id,
                    deliveries.c.channel_id == channel_id,
                    deliveries.c.outcome == "failed",
                )
            )
            return bool(result.rowcount)

    def message_id_for(self, incident_id: str, channel_id: str) -> str | None:
        query = (
            select(deliveries.c.message_id)
            .where(
                deliveries.c.incident_id == incident_id,
                deliveries.c.channel_id == channel_id,
                deliveries.c.outcome == "sent",
            )
            .order_by(deliveries.c.id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            return row.message_id if row else None

    def last_delivery(self) -> datetime | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(func.max(deliveries.c.sent_at)))

    # -- feeds and source health ----------------------------------------------------------------
    def feed_validators(self, feed_url: str) -> tuple[str | None, str | None]:
        with self.engine.connect() as conn:
            row = conn.execute(select(feed_state).where(feed_state.c.url == feed_url)).first()
            return (row.etag, row.last_modified) if row else (None, None)

    def save_feed_validators(self, feed_url: str, etag: str | None, last_modified: str | None) -> None:
        with self.engine.begin() as conn:
            values = {"etag": etag, "last_modified": last_modified, "checked_at": utcnow()}
            if conn.execute(update(feed_state).where(feed_state.c.url == feed_url).values(**values)).rowcount == 0:
                conn.execute(insert(feed_state).values(url=feed_url, **values))

    def record_crawl(self, source_id: str, error: str | None, articles_new: int = 0) -> None:
        """One crawl's outcome for a source: a success resets the failure count, an error adds one."""
        now = utcnow()
        with self.engine.begin() as conn:
            row = conn.execute(select(source_health).where(source_health.c.source_id == source_id)).first()
            if row is None:
                conn.execute(insert(source_health).values(source_id=source_id, consecutive_failures=0))
                row = conn.execute(select(source_health).where(source_health.c.source_id == source_id)).one()
            values: dict[str, object] = {"last_crawl": now}
            if error is None:
                values.update(last_success=now, consecutive_failures=0, articles_total=row.articles_total + articles_new)
            else:
                values.update(last_failure=now, last_error=error[:500], consecutive_failures=row.consecutive_failures + 1)
            conn.execute(update(source_health).where(source_health.c.source_id == source_id).values(**values))

    def source_health(self) -> dict[str, dict[str, object]]:
        with self.engine.connect() as conn:
            return {row.source_id: dict(row._mapping) for row in conn.execute(select(source_health))}


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # WAL lets the worker read while a crawl subprocess writes; busy_timeout rides out short locks.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA busy_timeout=10000")  # first: switching to WAL itself may meet a lock
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()

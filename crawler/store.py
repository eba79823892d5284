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
    digest_queue,
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


    # -- alerts queued directly (tests, the delivery bench) -------------------------------------
    def queue_alerts(self, alerts: Iterable[Alert], now: datetime | None = None) -> int:
        """Outbox rows for ready-made alerts, in one transaction, as ``save_article`` writes them."""
        count = 0
        with self.engine.begin() as conn:
            for alert in alerts:
                self._queue_alert(conn, alert, now or utcnow())
                count += 1
        return count

    def outbox_times(self) -> dict[str, datetime]:
        """alert id -> when its outbox row was written (UTC), for latency figures."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(outbox.c.alert_id, outbox.c.created_at))
            return {row.alert_id: _utc(row.created_at) for row in rows}

    def delivery_times(self, channel_id: str) -> dict[str, datetime]:
        """alert id -> when it was recorded as sent on ``channel_id`` (UTC)."""
        query = select(deliveries.c.alert_id, deliveries.c.sent_at).where(
            deliveries.c.channel_id == channel_id, deliveries.c.outcome == "sent"
        )
        with self.engine.connect() as conn:
            return {row.alert_id: _utc(row.sent_at) for row in conn.execute(query)}

    # -- digest queue (crawler.alerts.digest.DigestQueue) ---------------------------------------
    def queue_digest(self, alert: Alert, channel_id: str, due_at: datetime) -> bool:
        """Hold ``alert`` for ``channel_id``'s digest due at ``due_at``; False when already held."""
        with self.engine.begin() as conn:
            if conn.execute(
                select(digest_queue.c.id).where(
                    digest_queue.c.alert_id == alert.alert_id, digest_queue.c.channel_id == channel_id
                )
            ).first():
                return False
            conn.execute(
                insert(digest_queue).values(
                    channel_id=channel_id, alert_id=alert.alert_id, queued_at=utcnow(),
                    payload=json.dumps(alert.to_fields(), ensure_ascii=False), due_at=_naive_utc(due_at),
                )
            )  # fmt: skip
            return True

    def due_digest(self, channel_id: str, now: datetime) -> list[Alert]:
        """The unsent alerts of ``channel_id`` whose digest is due, oldest first."""
        query = (
            select(digest_queue.c.payload)
            .where(
                digest_queue.c.channel_id == channel_id,
                digest_queue.c.sent_at.is_(None),
                digest_queue.c.due_at <= _naive_utc(now),
            )
            .order_by(digest_queue.c.id)
        )
        with self.engine.connect() as conn:
            return [Alert.from_fields(json.loads(row.payload)) for row in conn.execute(query)]

    def held_for_digest(self, channel_id: str | None = None) -> int:
        query = select(func.count()).select_from(digest_queue).where(digest_queue.c.sent_at.is_(None))
        if channel_id is not None:
            query = query.where(digest_queue.c.channel_id == channel_id)
        with self.engine.connect() as conn:
            return conn.scalar(query) or 0

    def settle_digest(
        self, channel_id: str, alerts: Sequence[Alert], outcome: str, detail: str = "", message_id: str | None = None
    ) -> None:
        """One transaction: each alert's ledger row (unless it has one) and its queue row marked sent."""
        now = utcnow()
        ids = [alert.alert_id for alert in alerts]
        with self.engine.begin() as conn:
            known = {
                row.alert_id
                for row in conn.execute(
                    select(deliveries.c.alert_id).where(
                        deliveries.c.channel_id == channel_id, deliveries.c.alert_id.in_(ids)
                    )
                )
            }
            for alert in alerts:
                if alert.alert_id in known:
                    continue
                conn.execute(
                    insert(deliveries).values(
                        alert_id=alert.alert_id, channel_id=channel_id, incident_id=alert.incident.id,
                        kind=alert.kind, outcome=outcome, detail=detail[:1000], message_id=message_id, sent_at=now,
                    )
                )  # fmt: skip
            conn.execute(
                update(digest_queue)
                .where(digest_queue.c.channel_id == channel_id, digest_queue.c.alert_id.in_(ids))
                .values(sent_at=now)
            )

    # -- crawling (issue 5): URL keys, health messages, reprocessing -------------------------------
    def known_keys(self, keys: Iterable[str]) -> set[str]:
        from crawler.schema import url_keys

        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return set()
        with self.engine.connect() as conn:
            return {row.key for row in conn.execute(select(url_keys.c.key).where(url_keys.c.key.in_(wanted)))}

    def remember_urls(self, urls: Iterable[str], source_id: str | None) -> None:
        """Mark URLs (the one a feed gave and where it redirected) as fetched for good."""
        from crawler.schema import url_keys
        from crawler.urls import url_key

        now = utcnow()
        with self.engine.begin() as conn:
            for url in dict.fromkeys(urls):
                key = url_key(url)
                if conn.execute(select(url_keys.c.key).where(url_keys.c.key == key)).first() is None:
                    conn.execute(insert(url_keys).values(key=key, url=url, source_id=source_id, seen_at=now))

    def articles_since(self, since: datetime) -> dict[str, int]:
        """Articles stored per source since ``since`` (for "articles seen in the last day")."""
        query = (
            select(articles.c.source_id, func.count())
            .where(articles.c.fetched_at >= since, articles.c.status == "article")
            .group_by(articles.c.source_id)
        )
        with self.engine.connect() as conn:
            return {str(row[0]): int(row[1]) for row in conn.execute(query)}

    def last_article_at(self, source_id: str) -> datetime | None:
        """When this source's newest stored article was fetched (aware, UTC), or None."""
        query = select(func.max(articles.c.fetched_at)).where(
            articles.c.source_id == source_id, articles.c.status == "article"
        )
        with self.engine.connect() as conn:
            value = conn.scalar(query)
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    def queue_health_message(self, source_id: str, kind: str, text: str, detail: dict[str, object]) -> int:
        from crawler.schema import health_messages

        with self.engine.begin() as conn:
            result = conn.execute(
                insert(health_messages).values(
                    source_id=source_id, kind=kind, text=text, created_at=utcnow(),
                    detail=json.dumps(detail, ensure_ascii=False, default=str),
                )
            )  # fmt: skip
            key = result.inserted_primary_key
            return int(key[0]) if key else 0

    def last_health_message(self, source_id: str) -> str | None:
        """The kind of the last health message about a source (failing / recovered), or None."""
        from crawler.schema import health_messages

        query = (
            select(health_messages.c.kind)
            .where(health_messages.c.source_id == source_id)
            .order_by(health_messages.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            return str(row.kind) if row else None

    def unpublished_health_messages(self, limit: int = 100) -> list[dict[str, object]]:
        """Health messages nobody delivered yet, oldest first: what the alert path routes."""
        from crawler.schema import health_messages

        query = select(health_messages).where(health_messages.c.published_at.is_(None)).order_by(health_messages.c.id)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query.limit(limit))]

    def mark_health_message_sent(self, message_id: int) -> None:
        from crawler.schema import health_messages

        with self.engine.begin() as conn:
            conn.execute(update(health_messages).where(health_messages.c.id == message_id).values(published_at=utcnow()))

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


def _naive_utc(moment: datetime) -> datetime:
    """SQLite keeps no offset: every stored time is UTC, compared as UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # WAL lets the worker read while a crawl subprocess writes; busy_timeout rides out short locks.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA busy_timeout=10000")  # first: switching to WAL itself may meet a lock
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


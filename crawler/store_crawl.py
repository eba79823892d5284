"""Crawl state, as part of the store (crawler.store.Store): feed validators, source health, hosts'
Retry-After waits, URL identity keys and source-health notes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from crawler.schema import articles, feed_state, host_waits, source_health
from crawler.timeutil import utcnow


class CrawlStateTables:
    engine: Engine

    # -- feeds and source health ----------------------------------------------------------------
    def feed_validators(self, feed_url: str) -> tuple[str | None, str | None]:
        with self.engine.connect() as conn:
            row = conn.execute(select(feed_state).where(feed_state.c.url == feed_url)).first()
            return (row.etag, row.last_modified) if row else (None, None)

    def save_feed_validators(self, feed_url: str, etag: str | None, last_modified: str | None) -> None:
        with self.engine.begin() as conn:
            values = {"etag": etag, "last_modified": last_modified, "checked_at": utcnow()}
            if (
                conn.execute(update(feed_state).where(feed_state.c.url == feed_url).values(**values)).rowcount
                == 0
            ):
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
                values.update(last_success=now, consecutive_failures=0, articles_total=row.articles_total + articles_new,
                              waiting_until=None)  # fmt: skip
            else:
                values.update(
                    last_failure=now,
                    last_error=error[:500],
                    consecutive_failures=row.consecutive_failures + 1,
                )
            conn.execute(update(source_health).where(source_health.c.source_id == source_id).values(**values))

    def record_wait(self, source_id: str, until: datetime, articles_new: int = 0) -> None:
        """A poll skipped, or cut short, because the outlet asked us to wait: neither a success nor a
        failure; the articles it stored before that count."""
        with self.engine.begin() as conn:
            values = {"last_crawl": utcnow(), "waiting_until": until,
                      "articles_total": source_health.c.articles_total + articles_new}  # fmt: skip
            if (
                conn.execute(
                    update(source_health).where(source_health.c.source_id == source_id).values(**values)
                ).rowcount
                == 0
            ):
                values["articles_total"] = articles_new
                conn.execute(
                    insert(source_health).values(source_id=source_id, consecutive_failures=0, **values)
                )

    # -- hosts' Retry-After ----------------------------------------------------------------------
    def set_host_wait(self, host: str, until: datetime, status: int, source_id: str | None) -> None:
        """No request to ``host`` before ``until``; a later wait already stored stands.  One statement
        (INSERT ... ON CONFLICT DO UPDATE WHERE, in SQLite and PostgreSQL alike), so two crawl processes
        told to wait by one host at once cannot both insert."""
        values = {"host": host, "until": until, "status": status, "source_id": source_id, "set_at": utcnow()}
        upsert = (sqlite_insert if self.engine.dialect.name == "sqlite" else postgresql_insert)(host_waits)
        statement = upsert.values(**values).on_conflict_do_update(
            index_elements=[host_waits.c.host],
            set_={name: upsert.excluded[name] for name in values if name != "host"},
            where=host_waits.c.until < upsert.excluded.until,
        )
        with self.engine.begin() as conn:
            conn.execute(statement)

    def host_waits(self, hosts: Iterable[str] | None = None) -> dict[str, datetime]:
        """Hosts (all, or these) we must not ask before a time still to come, with that time."""
        query = select(host_waits.c.host, host_waits.c.until).where(host_waits.c.until > utcnow())
        if hosts is not None:
            query = query.where(host_waits.c.host.in_(list(hosts)))
        with self.engine.connect() as conn:
            return {row.host: _aware(row.until) for row in conn.execute(query)}

    def source_health(self) -> dict[str, dict[str, object]]:
        with self.engine.connect() as conn:
            return {row.source_id: dict(row._mapping) for row in conn.execute(select(source_health))}

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

        query = (
            select(health_messages)
            .where(health_messages.c.published_at.is_(None))
            .order_by(health_messages.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query.limit(limit))]

    def mark_health_message_sent(self, message_id: int) -> None:
        from crawler.schema import health_messages

        with self.engine.begin() as conn:
            conn.execute(
                update(health_messages)
                .where(health_messages.c.id == message_id)
                .values(published_at=utcnow())
            )


def _aware(value: datetime) -> datetime:
    """SQLite gives back naive datetimes; every stored time is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value

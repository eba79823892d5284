"""``rasad status``: what an operator checks first — sources, last and next crawl, the alert queue,
dead letters and the last alert — read from the store and Redis, so it works beside a running daemon."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from crawler.config import Settings
from crawler.store import Store


@dataclass
class SourceStatus:
    id: str
    enabled: bool
    interval_seconds: int
    last_crawl: str | None
    last_success: str | None
    next_crawl: str | None
    consecutive_failures: int
    last_error: str | None
    articles_total: int


@dataclass
class Status:
    sources: list[SourceStatus]
    queue: dict[str, int] | None  # stream length, pending, dead; None when Redis does not answer
    queue_error: str | None
    outbox_unpublished: int
    articles: int
    incidents: int
    last_alert: str | None


def _iso(value: object) -> str | None:
    if not isinstance(value, datetime):
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def collect(settings: Settings, store: Store, queue_depth: dict[str, int] | None, queue_error: str | None) -> Status:
    health = store.source_health()
    sources = []
    for source in settings.sources:
        state = health.get(source.id, {})
        last = state.get("last_crawl")
        next_crawl = None
        if source.enabled and isinstance(last, datetime):
            last_aware = last if last.tzinfo else last.replace(tzinfo=UTC)
            next_crawl = _iso(last_aware + timedelta(seconds=source.interval_seconds))
        sources.append(
            SourceStatus(
                id=source.id, enabled=source.enabled, interval_seconds=source.interval_seconds,
                last_crawl=_iso(last), last_success=_iso(state.get("last_success")), next_crawl=next_crawl,
                consecutive_failures=int(str(state.get("consecutive_failures") or 0)),
                last_error=str(state["last_error"]) if state.get("last_error") else None,
                articles_total=int(str(state.get("articles_total") or 0)),
            )  # fmt: skip
        )
    counts = store.counts()
    return Status(
        sources=sources, queue=queue_depth, queue_error=queue_error,
        outbox_unpublished=counts["outbox_unpublished"], articles=counts["articles"],
        incidents=counts["incidents"], last_alert=_iso(store.last_delivery()),
    )  # fmt: skip


def render_text(status: Status) -> str:
    lines = [f"{'source':<16} {'last crawl':<26} {'next crawl':<26} {'failures':>8}  articles"]
    for s in status.sources:
        lines.append(f"{s.id:<16} {s.last_crawl or 'never':<26} {(s.next_crawl or ('disabled' if not s.enabled else 'at start')):<26} "
                     f"{s.consecutive_failures:>8}  {s.articles_total}")  # fmt: skip
        if s.consecutive_failures and s.last_error:
            lines.append(f"{'':<16} last error: {s.last_error}")
    if status.queue is None:
        lines.append(f"alert queue: unknown ({status.queue_error})")
    else:
        q = status.queue
        lines.append(f"alert queue: {q['length']} in stream, {q['pending']} being delivered, {q['dead']} dead letters")
    lines.append(f"outbox not yet published: {status.outbox_unpublished}")
    lines.append(f"stored: {status.articles} articles, {status.incidents} incidents")
    lines.append(f"last alert delivered: {status.last_alert or 'never'}")
    return "\n".join(lines)


def render_json(status: Status) -> str:
    return json.dumps(asdict(status), ensure_ascii=False, indent=2)

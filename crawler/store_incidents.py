"""Filing an article's incidents (issue 6): each joins the stored incident it reports, or is new.

Inside the article's own transaction (crawler.store), in this order:
0. Re-processing (the URL was filed before): the new incidents are paired one-to-one with the
   incidents the URL reported before (same id first, then best match score), so a changed extractor
   or an incident that joined another outlet's never becomes a second incident with a second alert.
1. Near-duplicate text (crawler.neardup): an article whose body is a copy of a stored article from
   another URL, published within ``neardup.COPY_DAYS`` of it (its own outlet's only above a higher
   bar: outlets repeat standing paragraphs under short items), attaches each incident to the
   original's incident whose date span and place agree, as a source marked ``copy_of``.
2. Otherwise the best-scoring stored incident that matches (crawler.matching) among the candidates of
   the same governorate and date span (one indexed query); an article's own incidents never join each
   other (the extractor told them apart). Ties go to the first stored (first_seen, then id).
3. A join merges the two (crawler.merge). An ``update`` alert follows when the highest figure grew,
   the place became more precise, or the number of independent outlets reached ``confirm_sources``
   (a copy is no confirmation, but a grown figure it carries is news; told once per incident, though
   the count may fall and rise again when a re-processed source turns background); never for a
   background mention, never for an incident older than ``alert_max_age``.
   A background mention (its source row marked ``background``) is merged all the same (the store
   keeps the best figures and place) but is no confirmation, and what it brought stays news: a
   current report's figures and place are compared with the stored incident and with the incident
   as the last alert queued for it told it (its outbox row), so a toll first raised by a mention
   is announced when a current report brings it.
   Update alert ids are ``{incident}:update:{n}``: re-processing the same article changes nothing,
   so it queues nothing. An incident known only from background mentions gets its ``new`` alert
   (``{incident}:new:current``) from the first report of it as news, if that is fresh. The reverse
   is not undone: an incident whose only current report is re-read as earlier news stays current
   (subscribers were told it as news; its export and map say so, and its later reports are updates).
   Reports of one crawl are not coalesced: each article is its own transaction, and each update
   says what it changed.
On PostgreSQL two crawls may file at once: a transaction-scoped advisory lock, taken before the
candidate query, serialises filings (SQLite's write lock, taken by the article's INSERT, already
does), and a join reads the incident ``FOR UPDATE``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.engine import Connection

from crawler.alerts.alert import CHANGES, Alert
from crawler.matching import (
    DateSpan,
    date_span,
    name_words,
    type_family,
)
from crawler.merge import merge
from crawler.schema import incident_sources, incidents, outbox
from crawler.store_candidates import CandidateLookup
from extractors.models import Article, Incident, Source

# pg_advisory_xact_lock's two-key form (its own lock space, apart from the migrations' one-key lock):
# "RASD", "FILE".
_PG_FILING_LOCK = (0x52415344, 0x46494C45)


@dataclass(frozen=True)
class AlertPolicy:
    max_age: timedelta
    confirm_sources: int = 3  # independent outlets that make an update alert; 0: none


@dataclass
class Filed:
    new: int = 0
    joined: int = 0
    alerts: int = 0


class IncidentFiling(CandidateLookup):
    """Mixed into crawler.store.Store: the incident side of ``save_article``."""

    def _file_incidents(
        self,
        conn: Connection,
        article: Article,
        article_id: int,
        found: Sequence[Incident],
        policy: AlertPolicy,
        now: datetime,
    ) -> Filed:
        filed = Filed()
        _serialise_filing(conn)
        original = self._fingerprint(conn, article, article_id, now)
        published = article.published.astimezone(UTC).date() if article.published else None
        spans = [date_span(incident, published) for incident in found]
        # Re-processing: what this URL reported before. Those are its incidents again when they match;
        # the rest never join them (an article's own incidents never join each other).
        previous = self._incidents_of(conn, article.url) if article.url else set()
        paired = self._pair_with_previous(conn, found, spans, previous)
        reported = previous | set(paired.values())
        for n, incident in enumerate(found):
            span = spans[n]
            target = paired.get(n)
            if target is None and incident.id not in reported:
                target = self._stored(conn, incident.id)
            if target is None and original is not None:
                originals = self._by_id(conn, self._incidents_of(conn, original))
                target = self._best(incident, span, originals, reported, copy=True)
            if target is None:
                candidates = self._candidates(conn, incident, span)
                if self.pause_after_candidates is not None:
                    self.pause_after_candidates()
                target = self._best(incident, span, candidates, reported)
            if target is None:
                self._insert_incident(conn, incident, span, now)
                reported.add(incident.id)
                filed.new += 1
                if self._fresh(incident, article, policy.max_age, now):
                    filed.alerts += self._queue_alert(conn, Alert(f"{incident.id}:new", "new", incident), now)
            else:
                reported.add(target)
                filed.joined += 1
                copy_of = None if paired.get(n) else original
                filed.alerts += self._join(conn, target, incident, article, copy_of, policy, now)
        return filed

    # Tests only: called between the candidate query and the insert, to make a race deterministic.
    pause_after_candidates: Callable[[], None] | None = None

    # -- writing --------------------------------------------------------------------------------
    def _insert_incident(
        self, conn: Connection, incident: Incident, span: DateSpan | None, now: datetime
    ) -> None:
        conn.execute(
            insert(incidents).values(
                id=incident.id,
                first_seen=now,
                place_names=" ".join(sorted(name_words(incident.place))),
                **_columns(incident, span, now),
            )
        )
        for source in incident.sources:
            _insert_source(conn, incident.id, source, None, incident.background)

    def _join(
        self,
        conn: Connection,
        incident_id: str,
        report: Incident,
        article: Article,
        copy_of: str | None,
        policy: AlertPolicy,
        now: datetime,
    ) -> int:
        """Merge ``report`` into the stored incident; queue an update alert if something material changed."""
        row = conn.execute(select(incidents.c.data, incidents.c.date_low, incidents.c.date_high, incidents.c.date_basis,
                                  incidents.c.place_names).where(incidents.c.id == incident_id)
                           .with_for_update()).one()  # another crawl's join waits: no lost sources  # fmt: skip
        stored = Incident.from_json(json.loads(row.data))
        merged = merge(stored, report)
        known = {s.url for s in stored.sources}
        added = [s for s in report.sources if s.url not in known]
        wanted = 0 if report.background else policy.confirm_sources  # a mention confirms nothing
        outlets_before = _independent_outlets(conn, incident_id) if wanted else 0
        for source in added:
            _insert_source(conn, incident_id, source, copy_of, report.background)
        _reread(
            conn, incident_id, [s.url for s in report.sources if s.url and s.url in known], report.background
        )
        span = DateSpan(row.date_low, row.date_high, row.date_basis) if row.date_low else None
        if merged.incident.date and merged.incident.date != stored.date:
            span = date_span(merged.incident, None)
        names = " ".join(sorted(frozenset((row.place_names or "").split()) | name_words(report.place)))
        if merged.incident != stored or names != row.place_names:
            conn.execute(update(incidents).where(incidents.c.id == incident_id)
                         .values(place_names=names, **_columns(merged.incident, span, now)))  # fmt: skip
        if report.background or not self._fresh(merged.incident, article, policy.max_age, now):
            return 0  # a mention of a known incident (listed, silently), or old news
        if stored.background:
            # Known so far only as earlier news, which rules without include_background hold back:
            # the first current report is its "new" alert for them.
            return self._queue_alert(conn, Alert(f"{incident_id}:new:current", "new", merged.incident), now)
        # What is news to subscribers: what the report adds to the store, and to what they were last told
        # (a background mention may have raised the stored figures silently).
        told = _last_told(conn, incident_id)
        grown = set(merged.changes) | set(merge(told, report).changes if told else ())
        changes = [change for change in CHANGES if change in grown]
        if wanted and outlets_before < wanted:
            outlets = _independent_outlets(conn, incident_id)  # current reports only, copies not counted
            if outlets >= wanted and not _confirmed(conn, incident_id, wanted):
                changes.append(f"sources:{outlets}")
        if not changes:
            return 0
        count = conn.scalar(select(func.count()).select_from(outbox).where(
            outbox.c.incident_id == incident_id, outbox.c.kind == "update"))  # fmt: skip
        alert = Alert(f"{incident_id}:update:{(count or 0) + 1}", "update", merged.incident, tuple(changes))
        return self._queue_alert(conn, alert, now)

    @staticmethod
    def _fresh(incident: Incident, article: Article, max_age: timedelta, now: datetime) -> bool:
        """Recent enough to alert: by the incident's date (its whole day), else its article's publication.
        Background incidents are queued too: only rules with ``include_background`` let them through."""
        when: datetime | None = None
        if incident.date:
            when = datetime.fromisoformat(incident.date[:10]).replace(tzinfo=UTC) + timedelta(days=1)
        elif article.published:
            when = article.published
        return when is None or now - when <= max_age

    @staticmethod
    def _queue_alert(conn: Connection, alert: Alert, now: datetime) -> int:
        """One outbox row per alert id: a second try with the same id is a no-op (0)."""
        if conn.execute(select(outbox.c.id).where(outbox.c.alert_id == alert.alert_id)).first():
            return 0
        conn.execute(
            insert(outbox).values(
                alert_id=alert.alert_id, incident_id=alert.incident.id, kind=alert.kind,
                payload=json.dumps(alert.to_fields(), ensure_ascii=False), created_at=now,
            )
        )  # fmt: skip
        return 1


def _columns(incident: Incident, span: DateSpan | None, now: datetime) -> dict[str, object]:
    return {
        "updated_at": now, "date": incident.date, "admin1": incident.admin1, "types": ",".join(incident.types),
        "background": incident.background, "data": json.dumps(incident.to_json(), ensure_ascii=False),
        "family": type_family(incident.types), "place_id": incident.place_id, "admin2": incident.admin2,
        "admin3": incident.admin3, "lat": incident.lat, "lon": incident.lon, "geo_precision": incident.geo_precision,
        "date_low": span.low if span else None, "date_high": span.high if span else None,
        "date_basis": span.basis if span else None,
    }  # fmt: skip


def _serialise_filing(conn: Connection) -> None:
    """PostgreSQL: one filing at a time, until this transaction ends. Two crawls filing reports of
    one event would otherwise both find no candidate and both insert it (two ``new`` alerts)."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT pg_advisory_xact_lock(CAST(:a AS integer), CAST(:b AS integer))"),
            dict(zip("ab", _PG_FILING_LOCK, strict=True)),
        )


def _insert_source(
    conn: Connection, incident_id: str, source: Source, copy_of: str | None, background: bool
) -> None:
    conn.execute(
        insert(incident_sources).values(
            incident_id=incident_id, url=source.url, source_id=source.source_id, published=source.published,
            copy_of=copy_of, background=background,
        )
    )  # fmt: skip


def _reread(conn: Connection, incident_id: str, urls: list[str], background: bool) -> None:
    """Re-processing: a source filed before takes the new reading (earlier news or current report)."""
    if urls:
        rows = (incident_sources.c.incident_id == incident_id, incident_sources.c.url.in_(urls))
        conn.execute(update(incident_sources).where(*rows).values(background=background))


def _independent_outlets(conn: Connection, incident_id: str) -> int:
    """Distinct outlets among an incident's current reports: copies of another article's text and
    background mentions left out."""
    outlet = func.coalesce(incident_sources.c.source_id, incident_sources.c.url)
    query = select(func.count(func.distinct(outlet))).where(
        incident_sources.c.incident_id == incident_id,
        incident_sources.c.copy_of.is_(None),
        incident_sources.c.background.is_(False),
    )
    return int(conn.scalar(query) or 0)


def _confirmed(conn: Connection, incident_id: str, wanted: int) -> bool:
    """An earlier update already told that ``wanted`` outlets report it. The count can fall (a
    re-processed source read as earlier news no longer counts) and rise again: one confirmation."""
    for payload in conn.scalars(
        select(outbox.c.payload).where(outbox.c.incident_id == incident_id, outbox.c.kind == "update")
    ):
        told = json.loads(payload).get("changes", "").split(",")
        if any(c.startswith("sources:") and int(c.partition(":")[2]) >= wanted for c in told):
            return True
    return False


def _last_told(conn: Connection, incident_id: str) -> Incident | None:
    """The incident as the last alert queued for it carried it (None: no alert queued yet)."""
    payload = conn.scalar(
        select(outbox.c.payload)
        .where(outbox.c.incident_id == incident_id)
        .order_by(outbox.c.id.desc())
        .limit(1)
    )
    return Alert.from_fields(json.loads(payload)).incident if payload else None

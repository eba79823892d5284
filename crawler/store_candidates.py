"""What a report may join (issue 6), for crawler.store_incidents: the incidents its URL gave before
(re-processing), the original of a near-duplicate text, and the stored candidates of its governorate
and dates, each scored by crawler.matching. Rows come in a fixed order (first_seen, then id), so a tie
goes the same way on every backend."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Row

from crawler import neardup
from crawler.matching import (
    BACKGROUND_DAYS,
    DATE_SLACK_DAYS,
    DateSpan,
    dates_overlap,
    families,
    match_score,
    place_relation,
    type_family,
)
from crawler.schema import article_bands, articles, incident_sources, incidents
from crawler.timeutil import utc
from extractors.models import Article, Incident


class CandidateLookup:
    """Mixed into crawler.store_incidents.IncidentFiling."""

    def _pair_with_previous(
        self,
        conn: Connection,
        found: Sequence[Incident],
        spans: Sequence[DateSpan | None],
        previous: set[str],
    ) -> dict[int, str]:
        """Re-processing: each new incident (by index) paired with one the URL reported before, the
        same id first, then the best match score; one-to-one."""
        if not previous:
            return {}
        rows = self._by_id(conn, previous)
        pairs: list[tuple[float, int, str]] = []
        for n, incident in enumerate(found):
            for row in rows:
                score = float("inf") if row.id == incident.id else _score(incident, spans[n], row)
                if score is not None:
                    pairs.append((-score, n, row.id))
        paired: dict[int, str] = {}
        for _, n, row_id in sorted(pairs):  # best first; ties in the article's and the ids' order
            if n not in paired and row_id not in paired.values():
                paired[n] = row_id
        return paired

    # -- near-duplicates ------------------------------------------------------------------------
    def _fingerprint(self, conn: Connection, article: Article, article_id: int, now: datetime) -> str | None:
        """Store the article's fingerprint; the URL of a stored article it is a copy of, if any: one
        published within ``neardup.COPY_DAYS``, above the bar for its outlet (crawler.neardup)."""
        signature = neardup.signature(article.text)
        if signature is None:
            return None
        keys = neardup.bands(signature)
        query = (
            select(articles.c.url, articles.c.fingerprint, articles.c.source_id, articles.c.published,
                   articles.c.fetched_at)
            .join(article_bands, article_bands.c.article_id == articles.c.id)
            .where(article_bands.c.band.in_(keys), articles.c.id != article_id, articles.c.url != article.url)
            .distinct()
        )  # fmt: skip
        when = article.published or now
        best: tuple[float, str] | None = None
        for row in conn.execute(query):
            then = row.published or row.fetched_at
            if then is not None and abs(utc(then) - utc(when)) > timedelta(days=neardup.COPY_DAYS):
                continue  # a standing paragraph repeated weeks later is no copy
            own = article.source_id is not None and row.source_id == article.source_id
            score = neardup.similarity(signature, row.fingerprint)
            if score >= (neardup.OWN_OUTLET_THRESHOLD if own else neardup.THRESHOLD) and (
                best is None or score > best[0]
            ):
                best = (score, row.url)
        conn.execute(update(articles).where(articles.c.id == article_id).values(fingerprint=signature))
        conn.execute(
            insert(article_bands), [{"band": key, "article_id": article_id} for key in dict.fromkeys(keys)]
        )
        return best[1] if best else None

    # -- candidates -----------------------------------------------------------------------------
    @staticmethod
    def _stored(conn: Connection, incident_id: str) -> str | None:
        row = conn.execute(select(incidents.c.id).where(incidents.c.id == incident_id)).first()
        return str(row.id) if row else None

    @staticmethod
    def _incidents_of(conn: Connection, url: str) -> set[str]:
        rows = conn.execute(select(incident_sources.c.incident_id).where(incident_sources.c.url == url))
        return {row.incident_id for row in rows}

    @staticmethod
    def _candidates(conn: Connection, incident: Incident, span: DateSpan | None) -> list[Row[Any]]:
        """Stored incidents of the same governorate whose date span may overlap (the indexed query)."""
        if span is None:
            return []
        low, high = span.widened(DATE_SLACK_DAYS)
        earliest = (
            date.fromisoformat(low) - timedelta(days=BACKGROUND_DAYS)
        ).isoformat()  # longest stored span
        where = incidents.c.admin1 == incident.admin1 if incident.admin1 else incidents.c.admin1.is_(None)
        return _rows(conn, where, incidents.c.date_low >= earliest, incidents.c.date_low <= high,
                     incidents.c.date_high >= low)  # fmt: skip

    @staticmethod
    def _by_id(conn: Connection, ids: set[str]) -> list[Row[Any]]:
        return _rows(conn, incidents.c.id.in_(sorted(ids))) if ids else []

    @staticmethod
    def _best(
        incident: Incident,
        span: DateSpan | None,
        rows: Sequence[Row[Any]],
        taken: set[str],
        copy: bool = False,
    ) -> str | None:
        """The best-scoring match among ``rows`` (the first of equal scores: rows come in a fixed order).
        A copy's incident may join one of the original's that its matching rules would refuse for type or
        actors (the same text, read the same way), but never one of another date or place."""
        best: tuple[float, str] | None = None
        wanted = families(incident.types)
        for row in rows:
            if row.id in taken or not (copy or wanted & families(tuple(row.types.split(",")))):
                continue  # the family check first: it spares parsing most candidates' JSON
            score = _score(incident, span, row, copy)
            if score is not None and (best is None or score > best[0]):
                best = (score, row.id)
        return best[1] if best else None


def _rows(conn: Connection, *where: Any) -> list[Row[Any]]:
    """Stored incidents with what matching reads, oldest first, then by id: one article's incidents share
    their first_seen, and a tie must not depend on the order rows come back in."""
    columns = (incidents.c.id, incidents.c.types, incidents.c.data, incidents.c.date_low, incidents.c.date_high,
               incidents.c.date_basis, incidents.c.place_names)  # fmt: skip
    return list(conn.execute(select(*columns).where(*where).order_by(incidents.c.first_seen, incidents.c.id)))


def _score(incident: Incident, span: DateSpan | None, row: Row[Any], copy: bool = False) -> float | None:
    """``match_score`` against a stored row; for a copy (``copy``), dates and place agreeing suffice."""
    stored = Incident.from_json(json.loads(row.data))
    names = frozenset((row.place_names or "").split())
    stored_span = DateSpan(row.date_low, row.date_high, row.date_basis) if row.date_low else None
    if span is not None and stored_span is not None:
        score = match_score(incident, span, stored, stored_span, names)
        if score is not None or not (copy and dates_overlap(span, stored_span)):
            return score
    elif not copy:
        return None
    if place_relation(incident, stored, names) is None:
        return None
    return 0.5 if type_family(stored.types) == type_family(incident.types) else 0.0

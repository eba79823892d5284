"""``rasad reprocess [--since 7d] [SOURCE_ID ...]``: run today's extractors over archived pages.

The same three steps as a crawl's pipelines (text, incidents, store), with no network: a page stored
before gets its article text replaced and any incident it newly yields added (alerted only under the
usual ``alert_max_age_hours`` rule, so reprocessing old pages does not flood a channel).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from crawler.archive import archived_pages
from crawler.config import Settings
from crawler.store import Store
from extractors.incidents import extract_incidents
from extractors.models import NotAnArticle
from extractors.text import extract_article

log = logging.getLogger(__name__)


@dataclass
class ReprocessReport:
    pages: int = 0
    articles: int = 0
    skipped: int = 0
    failed: int = 0
    new_incidents: int = 0
    alerts: int = 0


def reprocess(settings: Settings, since: datetime | None, source_ids: set[str] | None) -> ReprocessReport:
    store = Store(settings.effective_database_url)
    rules = {s.id: s.page_rules() for s in settings.sources}
    report = ReprocessReport()
    max_age = timedelta(hours=settings.alert_max_age_hours)
    try:
        for archived in archived_pages(settings.archive_dir, since, source_ids):
            page = archived.page
            report.pages += 1
            try:
                article = extract_article(page.body, url=page.url, source_id=page.source_id,
                                          feed_published=page.feed_published, rules=rules.get(page.source_id))  # fmt: skip
            except NotAnArticle as reason:
                report.skipped += 1
                log.info("still not an article: %s: %s", page.url, reason)
                continue
            try:
                result = store.resave_article(
                    article, extract_incidents(article), max_age, confirm_sources=settings.confirm_sources
                )
            except Exception:  # noqa: BLE001 - one bad page never stops the run
                log.exception("reprocessing %s failed", page.url)
                report.failed += 1
                continue
            report.articles += 1
            report.new_incidents += result.new_incidents
            report.alerts += result.alerts
    finally:
        store.close()
    return report

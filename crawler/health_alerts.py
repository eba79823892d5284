"""Source health alerts: a source failing N polls in a row raises ONE message, and a recovery note when
it works again.  Messages are rows in the store's ``health_messages`` table (``Store.queue_health_message``),
which the alert worker sends to every configured channel (crawler.alerts.health_notes); they are also
logged at WARNING."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from crawler.store import Store

log = logging.getLogger(__name__)


def check_source_health(
    store: Store, source_id: str, source_name: str, threshold: int, stale_hours: int = 0
) -> str | None:
    """After a crawl was recorded: queue "failing", "stale" (polls work but nothing new for
    ``stale_hours``: a frozen or moved feed) or "recovered" when the state crossed over; return the
    kind queued, if any."""
    state = store.source_health().get(source_id, {})
    failures = int(str(state.get("consecutive_failures") or 0))
    last = store.last_health_message(source_id)
    name = source_name or source_id
    detail = {"consecutive_failures": failures, "last_error": state.get("last_error"),
              "last_success": state.get("last_success")}  # fmt: skip
    if failures >= threshold and last != "failing":
        text = (f"⚠️ المصدر «{name}» متعطل منذ {failures} محاولات متتالية: {state.get('last_error') or ''}\n"
                f"Source {source_id} has failed {failures} polls in a row.")  # fmt: skip
        store.queue_health_message(source_id, "failing", text, detail)
        log.warning("health alert: source %s failing (%d polls): %s", source_id, failures, state.get("last_error"),
                    extra={"source": source_id})  # fmt: skip
        return "failing"
    newest = store.last_article_at(source_id)
    quiet_for = (datetime.now(UTC) - newest) if newest else None
    stale = bool(stale_hours and failures == 0 and quiet_for and quiet_for > timedelta(hours=stale_hours))
    if stale and last not in ("stale", "failing"):
        hours = int(quiet_for.total_seconds() // 3600) if quiet_for else stale_hours
        text = (f"⚠️ لا أخبار جديدة من المصدر «{name}» منذ {hours} ساعة رغم نجاح الاستطلاع: قد يكون الرابط تغيّر.\n"
                f"Source {source_id}: polls work but nothing new for {hours} hours (feed frozen or moved?).")  # fmt: skip
        store.queue_health_message(source_id, "stale", text, {**detail, "last_article": newest})
        log.warning("health alert: source %s stale for %d hours", source_id, hours, extra={"source": source_id})
        return "stale"
    if failures == 0 and (last == "failing" or (last == "stale" and not stale)):
        text = f"✅ عاد المصدر «{name}» إلى العمل.\nSource {source_id} works again."
        store.queue_health_message(source_id, "recovered", text, detail)
        log.warning("health alert: source %s recovered", source_id, extra={"source": source_id})
        return "recovered"
    return None

"""The outbox publisher: moves stored alerts to the Redis stream, oldest first.

A crash between XADD and marking the row publishes that alert twice; the deliveries ledger makes
the second copy a no-op, so at-least-once here costs nothing the user sees.
"""

from __future__ import annotations

import logging
from typing import Protocol

from crawler.alerts.alert import Alert
from crawler.store import Store

log = logging.getLogger(__name__)


class Publishes(Protocol):
    def publish(self, alert: Alert) -> str: ...


def publish_pending(store: Store, stream: Publishes) -> int:
    published = 0
    while rows := store.unpublished_outbox():
        for row in rows:
            entry_id = stream.publish(row.alert)
            store.mark_published(row.id, entry_id)
            published += 1
    if published:
        log.info("published %d alert(s) to the stream", published)
    return published

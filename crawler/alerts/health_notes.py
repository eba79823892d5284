"""Source-health notes (a source failing for several polls, then recovering) to every channel.

The crawl queues them in the store (crawler.health_alerts); the worker sends them before each read.
A note is marked sent once any channel took it; when every channel failed for a reason that may pass
(a timeout, a 429), it stays queued for the next pass. Notes are rare and short, so they bypass rules,
digests and quiet hours: an operator wants to know at once that an outlet went silent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from crawler.alerts.errors import DeliveryError, RetryableError
from crawler.store import Store

log = logging.getLogger(__name__)


def deliver_health_notes(store: Store, senders: Mapping[str, object]) -> int:
    sent = 0
    for note in store.unpublished_health_messages():
        delivered = retry = False
        for channel_id, sender in senders.items():
            notify = getattr(sender, "send_notice", None)
            if notify is None:
                continue
            try:
                notify(str(note["text"]))
                delivered = True
            except RetryableError as error:
                log.warning("health note %s to %s: %s; will retry", note["id"], channel_id, error)
                retry = True
            except DeliveryError as error:
                log.error("health note %s to %s failed: %s", note["id"], channel_id, error)
        if delivered or not retry:
            store.mark_health_message_sent(int(str(note["id"])))
            sent += 1
    return sent

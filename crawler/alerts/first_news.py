"""One ``new`` message per incident and channel, when the incident was first known as earlier news.

Such an incident has two ``new`` alerts (crawler.store_incidents): ``{id}:new`` for the mention, which
only channels whose rule has ``include_background`` take, and ``{id}:new:current`` for its first
report as news, meant for the channels that held the mention back. A channel that takes both gets
the incident once, in its current form where it can:

- ``{id}:new:current`` after ``{id}:new`` was sent there: told already, skipped;
- ``{id}:new:current`` while ``{id}:new`` waits in the channel's digest or quiet-hours queue: the
  held one is dropped (ledger: skipped) and the current form goes instead, held or sent at once
  (an urgent toll in quiet hours);
- ``{id}:new`` (late: retried, or a dead letter re-queued) after ``{id}:new:current`` was sent or
  held there: skipped.

A ``{id}:new`` that failed permanently leaves a gap ``{id}:new:current`` fills.
"""

from __future__ import annotations

from crawler.alerts.alert import Alert, DeliveryLedger
from crawler.alerts.digest import DigestQueue


def already_told(alert: Alert, channel_id: str, ledger: DeliveryLedger, digests: DigestQueue | None) -> str:
    """Why ``alert`` is not to go to ``channel_id`` (its ledger row's detail); "" when it is."""
    mention, current = f"{alert.incident.id}:new", f"{alert.incident.id}:new:current"
    if alert.alert_id == current:
        # Dropped first: a digest that goes out meanwhile (another worker) then shows in the ledger.
        if digests is not None and digests.drop_held(mention, channel_id, f"replaced by {current}"):
            return ""
        if ledger.message_id_for(alert.incident.id, channel_id) is not None:
            return "this incident's new alert was sent here"
    elif alert.alert_id == mention and alert.incident.background:
        # Only a background mention's ``new`` can have a current twin: other ``new`` alerts skip the queries.
        if ledger.message_id_for(alert.incident.id, channel_id) is not None:
            return "this incident's current new alert was sent here"
        if digests is not None and digests.held(current, channel_id):
            return "this incident's current new alert is held here"
    return ""

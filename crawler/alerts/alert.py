"""An alert: one incident, new or updated, on its way to the channels (DESIGN.md 2 and 4)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal, Protocol

from extractors.models import Incident

AlertKind = Literal["new", "update"]
# What an update reports (crawler.merge, crawler.store_incidents): a figure grew, the place became
# more precise, or enough independent outlets confirmed it ("sources:3": how many). Rendered as one
# Arabic phrase each (crawler.alerts.render.what_changed).
CHANGES = ("killed", "injured", "arrested", "place", "sources")


@dataclass(frozen=True)
class Alert:
    alert_id: str  # stable: the outbox row's key, so a re-published alert is recognised in the ledger
    kind: AlertKind
    incident: Incident
    changes: tuple[str, ...] = ()  # for an update: which of CHANGES ("sources:N" with the count)

    def to_fields(self) -> dict[str, str]:
        """The Redis stream entry's fields."""
        fields = {
            "alert_id": self.alert_id,
            "kind": self.kind,
            "incident": json.dumps(self.incident.to_json(), ensure_ascii=False),
        }
        if self.changes:
            fields["changes"] = ",".join(self.changes)
        return fields

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> Alert:
        kind = fields["kind"]
        if kind not in ("new", "update"):
            raise ValueError(f"unknown alert kind {kind!r}")
        changes = tuple(c for c in fields.get("changes", "").split(",") if c.split(":")[0] in CHANGES)
        return cls(fields["alert_id"], kind, Incident.from_json(json.loads(fields["incident"])), changes)  # type: ignore[arg-type]


class DeliveryLedger(Protocol):
    """What the worker needs from the store: who already got what (DESIGN.md 4)."""

    def delivered(self, alert_id: str, channel_id: str) -> bool:
        """True when this alert already reached this channel (a sent or permanently failed outcome)."""
        ...

    def record_delivery(
        self, alert: Alert, channel_id: str, outcome: str, detail: str = "", message_id: str | None = None
    ) -> None:
        """Record an outcome: "sent", "failed" (permanent, dead-lettered) or "skipped" (no rule matched)."""
        ...

    def message_id_for(self, incident_id: str, channel_id: str) -> str | None:
        """The message id of the first alert sent for this incident on this channel (for replies)."""
        ...

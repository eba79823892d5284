"""The deliveries ledger and the digest queue, as part of the store (crawler.store.Store).

The worker asks it who already got what (DESIGN.md 4), records each outcome once, and keeps alerts
held for a channel's next digest.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, delete, func, insert, select, update

from crawler.alerts.alert import Alert
from crawler.schema import deliveries, digest_queue, outbox
from crawler.timeutil import naive_utc, utc, utcnow


class LedgerTables:
    engine: Engine

    # -- deliveries ledger (crawler.alerts.alert.DeliveryLedger) --------------------------------
    def delivered(self, alert_id: str, channel_id: str) -> bool:
        query = select(deliveries.c.outcome).where(
            deliveries.c.alert_id == alert_id, deliveries.c.channel_id == channel_id
        )
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def record_delivery(
        self, alert: Alert, channel_id: str, outcome: str, detail: str = "", message_id: str | None = None
    ) -> None:
        with self.engine.begin() as conn:
            if conn.execute(
                select(deliveries.c.id).where(
                    deliveries.c.alert_id == alert.alert_id, deliveries.c.channel_id == channel_id
                )
            ).first():
                return
            conn.execute(
                insert(deliveries).values(
                    alert_id=alert.alert_id, channel_id=channel_id, incident_id=alert.incident.id,
                    kind=alert.kind, outcome=outcome, detail=detail[:1000], message_id=message_id,
                    sent_at=utcnow(),
                )
            )  # fmt: skip

    def forget_failure(self, alert_id: str, channel_id: str) -> bool:
        """Clear a permanent failure so a re-queued dead letter is delivered to that channel."""
        with self.engine.begin() as conn:
            result = conn.execute(
                delete(deliveries).where(
                    deliveries.c.alert_id == alert_id,
                    deliveries.c.channel_id == channel_id,
                    deliveries.c.outcome == "failed",
                )
            )
            return bool(result.rowcount)

    def message_id_for(self, incident_id: str, channel_id: str) -> str | None:
        query = (
            select(deliveries.c.message_id)
            .where(
                deliveries.c.incident_id == incident_id,
                deliveries.c.channel_id == channel_id,
                deliveries.c.outcome == "sent",
            )
            .order_by(deliveries.c.id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            return row.message_id if row else None

    def last_delivery(self) -> datetime | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(func.max(deliveries.c.sent_at)))

    # -- latency figures (the delivery bench) --------------------------------------------------
    def outbox_times(self) -> dict[str, datetime]:
        """alert id -> when its outbox row was written (UTC), for latency figures."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(outbox.c.alert_id, outbox.c.created_at))
            return {row.alert_id: utc(row.created_at) for row in rows}

    def delivery_times(self, channel_id: str) -> dict[str, datetime]:
        """alert id -> when it was recorded as sent on ``channel_id`` (UTC)."""
        query = select(deliveries.c.alert_id, deliveries.c.sent_at).where(
            deliveries.c.channel_id == channel_id, deliveries.c.outcome == "sent"
        )
        with self.engine.connect() as conn:
            return {row.alert_id: utc(row.sent_at) for row in conn.execute(query)}

    # -- digest queue (crawler.alerts.digest.DigestQueue) ---------------------------------------
    def queue_digest(self, alert: Alert, channel_id: str, due_at: datetime) -> bool:
        """Hold ``alert`` for ``channel_id``'s digest due at ``due_at``; False when already held."""
        with self.engine.begin() as conn:
            if conn.execute(
                select(digest_queue.c.id).where(
                    digest_queue.c.alert_id == alert.alert_id, digest_queue.c.channel_id == channel_id
                )
            ).first():
                return False
            conn.execute(
                insert(digest_queue).values(
                    channel_id=channel_id, alert_id=alert.alert_id, queued_at=utcnow(),
                    payload=json.dumps(alert.to_fields(), ensure_ascii=False), due_at=naive_utc(due_at),
                )
            )  # fmt: skip
            return True

    def due_digest(self, channel_id: str, now: datetime) -> list[Alert]:
        """The unsent alerts of ``channel_id`` whose digest is due, oldest first."""
        query = (
            select(digest_queue.c.payload)
            .where(
                digest_queue.c.channel_id == channel_id,
                digest_queue.c.sent_at.is_(None),
                digest_queue.c.due_at <= naive_utc(now),
            )
            .order_by(digest_queue.c.id)
        )
        with self.engine.connect() as conn:
            return [Alert.from_fields(json.loads(row.payload)) for row in conn.execute(query)]

    def held(self, alert_id: str, channel_id: str) -> bool:
        """``alert_id`` waits in ``channel_id``'s digest queue (held, not yet sent)."""
        query = select(digest_queue.c.id).where(
            digest_queue.c.alert_id == alert_id, digest_queue.c.channel_id == channel_id,
            digest_queue.c.sent_at.is_(None),
        )  # fmt: skip
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def drop_held(self, alert_id: str, channel_id: str, detail: str) -> bool:
        """Take a held alert out of the queue, its ledger row "skipped" (one transaction); False when
        it is not held (never was, or its digest went out first)."""
        where = (digest_queue.c.alert_id == alert_id, digest_queue.c.channel_id == channel_id,
                 digest_queue.c.sent_at.is_(None))  # fmt: skip
        with self.engine.begin() as conn:
            payload = conn.scalar(select(digest_queue.c.payload).where(*where))
            if payload is None or not conn.execute(delete(digest_queue).where(*where)).rowcount:
                return False
            alert = Alert.from_fields(json.loads(payload))
            known = select(deliveries.c.id).where(
                deliveries.c.alert_id == alert_id, deliveries.c.channel_id == channel_id
            )
            if conn.execute(known).first() is None:
                conn.execute(
                    insert(deliveries).values(
                        alert_id=alert_id, channel_id=channel_id, incident_id=alert.incident.id, kind=alert.kind,
                        outcome="skipped", detail=detail[:1000], sent_at=utcnow(),
                    )
                )  # fmt: skip
            return True

    def held_for_digest(self, channel_id: str | None = None) -> int:
        query = select(func.count()).select_from(digest_queue).where(digest_queue.c.sent_at.is_(None))
        if channel_id is not None:
            query = query.where(digest_queue.c.channel_id == channel_id)
        with self.engine.connect() as conn:
            return conn.scalar(query) or 0

    def settle_digest(
        self, channel_id: str, alerts: Sequence[Alert], outcome: str, detail: str = "", message_id: str | None = None
    ) -> None:
        """One transaction: each alert's ledger row (unless it has one) and its queue row marked sent."""
        now = utcnow()
        ids = [alert.alert_id for alert in alerts]
        with self.engine.begin() as conn:
            known = {
                row.alert_id
                for row in conn.execute(
                    select(deliveries.c.alert_id).where(
                        deliveries.c.channel_id == channel_id, deliveries.c.alert_id.in_(ids)
                    )
                )
            }
            for alert in alerts:
                if alert.alert_id in known:
                    continue
                conn.execute(
                    insert(deliveries).values(
                        alert_id=alert.alert_id, channel_id=channel_id, incident_id=alert.incident.id,
                        kind=alert.kind, outcome=outcome, detail=detail[:1000], message_id=message_id, sent_at=now,
                    )
                )  # fmt: skip
            conn.execute(
                update(digest_queue)
                .where(digest_queue.c.channel_id == channel_id, digest_queue.c.alert_id.in_(ids))
                .values(sent_at=now)
            )

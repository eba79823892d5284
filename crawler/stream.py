"""The alert stream: Redis Streams with one consumer group, and a dead-letter stream (DESIGN.md 4).

A consumer reads, in this order: its own pending entries (delivered to it before, never acked: a
restarted worker picks up where it died), then entries idle on any consumer for longer than
``claim_idle_seconds`` (XAUTOCLAIM: a dead worker's share, or one of our own that was left pending
after retryable failures), then new entries. An entry whose fields do not parse is moved to the
dead-letter stream with the reason, never handed to the worker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import redis

from crawler.alerts.alert import Alert

log = logging.getLogger(__name__)

DEAD_FIELDS = ("dead_reason", "dead_channel", "dead_entry")  # added beside the alert's own fields


@dataclass(frozen=True)
class DeadLetter:
    entry_id: str  # in the dead-letter stream
    original_entry_id: str  # in the alert stream
    channel_id: str
    reason: str
    fields: dict[str, str]  # the alert's own fields, as they were (unparseable ones too)

    @property
    def alert(self) -> Alert | None:
        try:
            return Alert.from_fields(self.fields)
        except (KeyError, ValueError, TypeError):
            return None


class AlertStream:
    def __init__(
        self,
        client: redis.Redis,
        name: str = "rasad:alerts",
        group: str = "rasad-workers",
        dead_name: str | None = None,
        claim_idle_seconds: float = 60,
        max_length: int = 100_000,
    ) -> None:
        self.client = client
        self.name = name
        self.group = group
        self.dead_name = dead_name or f"{name}:dead"  # "rasad:alerts:dead" for the default stream
        self.claim_idle_seconds = claim_idle_seconds
        self.max_length = max_length  # approximate trim; far above anything left unacked
        self._own_pending_from: dict[str, str] = {}  # consumer -> last own pending id re-read
        self._own_pending_done: set[str] = set()
        self._claim_from = "0-0"

    def ensure_group(self) -> None:
        """Create the stream and group if missing; from id 0 so entries added before are delivered."""
        try:
            self.client.xgroup_create(self.name, self.group, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    def publish(self, alert: Alert) -> str:
        fields: Any = alert.to_fields()
        return str(self.client.xadd(self.name, fields, maxlen=self.max_length, approximate=True))

    def read(
        self,
        consumer: str,
        count: int = 10,
        block_ms: int | None = None,
        claim_idle_seconds: float | None = None,
    ) -> list[tuple[str, Alert]]:
        """Up to ``count`` alerts for ``consumer``. Own pending entries are re-read once per stream
        object (that is, once per worker start); ``block_ms`` 0 or None never blocks."""
        entries = self._own_pending(consumer, count)
        if not entries:
            entries = self._claim_idle(consumer, count, claim_idle_seconds)
        if not entries:
            entries = self._new(consumer, count, block_ms)
        return self._parse(entries)

    def _own_pending(self, consumer: str, count: int) -> list[tuple[str, dict[str, str] | None]]:
        if consumer in self._own_pending_done:
            return []
        after = self._own_pending_from.get(consumer, "0")
        response: Any = self.client.xreadgroup(self.group, consumer, {self.name: after}, count=count)
        entries = _entries(response)
        if entries:
            self._own_pending_from[consumer] = entries[-1][0]
        else:
            self._own_pending_done.add(consumer)
        return entries

    def _claim_idle(
        self, consumer: str, count: int, claim_idle_seconds: float | None
    ) -> list[tuple[str, dict[str, str] | None]]:
        idle = self.claim_idle_seconds if claim_idle_seconds is None else claim_idle_seconds
        response: Any = self.client.xautoclaim(
            self.name, self.group, consumer, int(idle * 1000), start_id=self._claim_from, count=count
        )
        self._claim_from = str(response[0])
        claimed = [(str(entry_id), fields) for entry_id, fields in response[1] if entry_id]
        for entry_id in response[2] if len(response) > 2 else ():
            log.warning("stream entry %s was trimmed before it was delivered; dropped", entry_id)
        if claimed:
            log.info("claimed %d alert(s) idle on other consumers", len(claimed))
        return claimed

    def _new(
        self, consumer: str, count: int, block_ms: int | None
    ) -> list[tuple[str, dict[str, str] | None]]:
        response: Any = self.client.xreadgroup(
            self.group, consumer, {self.name: ">"}, count=count, block=block_ms or None
        )
        return _entries(response)

    def _parse(self, entries: list[tuple[str, dict[str, str] | None]]) -> list[tuple[str, Alert]]:
        alerts = []
        for entry_id, fields in entries:
            if not fields:  # pending, but the entry itself was trimmed or deleted
                log.warning("stream entry %s has no fields left; acknowledged", entry_id)
                self.ack(entry_id)
                continue
            try:
                alerts.append((entry_id, Alert.from_fields(fields)))
            except (KeyError, ValueError, TypeError) as error:
                reason = f"unparseable entry: {type(error).__name__}: {error}"
                log.error("stream entry %s: %s; moved to %s", entry_id, reason, self.dead_name)
                self._dead(entry_id, fields, "", reason)
                self.ack(entry_id)
        return alerts

    def ack(self, entry_id: str) -> None:
        self.client.xack(self.name, self.group, entry_id)

    def dead_letter(self, entry_id: str, alert: Alert, channel_id: str, reason: str, ack: bool = True) -> str:
        """Record that ``alert`` cannot reach ``channel_id``. ``ack=False`` when other channels of
        the same entry still wait for a retry (the worker acks once all are done)."""
        dead_id = self._dead(entry_id, alert.to_fields(), channel_id, reason)
        if ack:
            self.ack(entry_id)
        return dead_id

    def _dead(self, entry_id: str, fields: dict[str, str], channel_id: str, reason: str) -> str:
        record: Any = {**fields, "dead_reason": reason, "dead_channel": channel_id, "dead_entry": entry_id}
        return str(self.client.xadd(self.dead_name, record))

    def dead_letters(self, count: int = 1000) -> list[DeadLetter]:
        response: Any = self.client.xrange(self.dead_name, count=count)
        letters = []
        for entry_id, fields in response:
            own = {k: v for k, v in fields.items() if k not in DEAD_FIELDS}
            letters.append(
                DeadLetter(str(entry_id), fields.get("dead_entry", ""), fields.get("dead_channel", ""),
                           fields.get("dead_reason", ""), own)
            )  # fmt: skip
        return letters

    def requeue_dead(self, entry_id: str) -> str:
        """Put a dead letter back on the alert stream; returns the new entry id. The deliveries
        ledger still holds the "failed" outcome: it must forget it, or the worker skips the channel."""
        response: Any = self.client.xrange(self.dead_name, min=entry_id, max=entry_id)
        if not response:
            raise KeyError(f"no dead letter {entry_id}")
        fields = {k: v for k, v in response[0][1].items() if k not in DEAD_FIELDS}
        pipe = self.client.pipeline()
        pipe.xadd(self.name, fields, maxlen=self.max_length, approximate=True)
        pipe.xdel(self.dead_name, entry_id)
        new_id, _ = pipe.execute()
        return str(new_id)

    def depth(self) -> dict[str, int]:
        """Entries in the stream, delivered but not acked, and in the dead-letter stream."""
        try:
            pending_info: Any = self.client.xpending(self.name, self.group)
            pending = int(pending_info["pending"])
        except redis.ResponseError:  # no stream or no group yet
            pending = 0
        return {
            "length": int(self.client.xlen(self.name)),
            "pending": pending,
            "dead": int(self.client.xlen(self.dead_name)),
        }


    def drained(self) -> bool:
        """Every entry in the stream was read by the group and acknowledged."""
        try:
            stream: Any = self.client.xinfo_stream(self.name)
            groups: Any = self.client.xinfo_groups(self.name)
        except redis.ResponseError:  # no stream yet: nothing to deliver
            return True
        group = next((g for g in groups if g["name"] == self.group), None)
        if group is None:
            return int(stream["length"]) == 0
        return int(group["pending"]) == 0 and str(group["last-delivered-id"]) == str(stream["last-generated-id"])


def _entries(response: Any) -> list[tuple[str, dict[str, str] | None]]:
    """XREADGROUP's reply as (id, fields) pairs: RESP2 ``[[name, messages]]``, RESP3 ``{name: [messages]}``."""
    if not response:
        return []
    if isinstance(response, dict):
        groups = [value[0] for value in response.values()]
    else:
        groups = [messages for _, messages in response]
    return [(str(entry_id), fields) for messages in groups for entry_id, fields in messages if entry_id]

"""The alert worker: stream -> rules -> senders -> deliveries ledger -> XACK (DESIGN.md 4).

For each entry and each channel its rules select: skip what the ledger already has, send, record,
and ack the entry once every channel is settled (sent, failed or skipped). A retryable failure is
retried a few times with the server's ``retry_after`` or an exponential backoff (a wait longer than
``max_inline_wait_seconds`` is not waited out in line); after that the channel cools down for that
long and the entry stays pending (not acked) so a later pass, or another
worker after ``claim_idle_seconds``, takes it up again. A permanent failure is recorded and
dead-lettered. Channels are independent: one failing never stops the others.

A channel with a ``digest``, or in its quiet hours with an alert that is not urgent, gets the alert
held in the store's digest queue (crawler.alerts.digest); the entry is acked once it is held, and
before each read the worker sends every channel's due digest.
An incident first known as earlier news gets one ``new`` message per channel (crawler.alerts.first_news).
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.alerts.alert import Alert, DeliveryLedger
from crawler.alerts.digest import DigestQueue, hold_until
from crawler.alerts.errors import DeliveryError, RetryableError
from crawler.alerts.first_news import already_told
from crawler.alerts.rules import ChannelConfig, channels_for, effective_channels
from crawler.alerts.senders import Sender, build_sender
from crawler.config import Settings
from crawler.stream import AlertStream
from extractors.models import Incident, Source

log = logging.getLogger(__name__)


@dataclass
class WorkerStats:
    read: int = 0  # entries taken from the stream
    acked: int = 0
    sent: int = 0  # channel deliveries, from here on
    failed: int = 0  # permanent: recorded and dead-lettered
    skipped: int = 0  # kept for the stats line; channels without a sender defer instead
    deferred: int = 0  # left pending for a later pass
    duplicates: int = 0  # the ledger already had them
    held: int = 0  # put in a channel's digest queue
    digests: int = 0  # digests sent (each counts its alerts in ``sent``)


class Worker:
    def __init__(
        self,
        settings: Settings,
        stream: AlertStream,
        ledger: DeliveryLedger,
        senders: Mapping[str, Sender],
        consumer: str,
        before_read: Callable[[], object] | None = None,
        *,
        batch: int = 10,
        block_ms: int = 1000,
        max_attempts: int = 3,
        max_backoff_seconds: float = 60.0,
        max_inline_wait_seconds: float = 10.0,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        digests: DigestQueue | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings
        self.stream = stream
        self.ledger = ledger
        self.senders = dict(senders)
        self.consumer = consumer
        self.before_read = before_read
        self.batch = batch
        self.block_ms = block_ms
        self.max_attempts = max_attempts
        self.max_backoff_seconds = max_backoff_seconds
        self.max_inline_wait_seconds = max_inline_wait_seconds  # longer waits: defer, let others go on
        self._sleep = sleep  # None: wait on the stop event, so a signal cuts a wait short
        self._clock = clock
        self._stop = threading.Event()
        self._cooling: dict[str, float] = {}  # channel id -> clock time it may be tried again
        self._unconfigured: set[str] = set()  # channels without a sender, reported once
        self.digests = digests  # None: nothing is held, every alert goes out at once
        self._now = now

    def run(self, burst: bool = False, stop: threading.Event | None = None) -> WorkerStats:
        """Deliver until ``stop`` is set; with ``burst``, until nothing new or takeable is left."""
        self._stop = stop or threading.Event()
        stats = WorkerStats()
        deferred_here: set[str] = set()  # in burst mode, entries this run already left pending
        while not self._stop.is_set():
            self._publish()
            self.send_due_digests(stats)
            block = None if burst else self.block_ms
            entries = self.stream.read(self.consumer, self.batch, block, self.settings.claim_idle_seconds)
            if burst and all(entry_id in deferred_here for entry_id, _ in entries):
                break
            for entry_id, alert in entries:
                if self._stop.is_set():
                    break  # the rest stay pending; a restart re-reads them first
                stats.read += 1
                if self.handle(entry_id, alert, stats):
                    stats.acked += 1
                else:
                    deferred_here.add(entry_id)
        if burst:
            log.info("worker %s: %s", self.consumer, stats)
        return stats

    def handle(self, entry_id: str, alert: Alert, stats: WorkerStats) -> bool:
        """Deliver one entry to its channels; True when it was acked."""
        settled = True
        for channel in channels_for(alert, self.settings):
            if self.ledger.delivered(alert.alert_id, channel.id):
                stats.duplicates += 1
                continue
            told = already_told(alert, channel.id, self.ledger, self.digests)
            if told:
                self.ledger.record_delivery(alert, channel.id, "skipped", told)
                stats.duplicates += 1
                continue
            due = hold_until(channel, alert, self._now()) if self.digests is not None else None
            if due is not None and self.digests is not None:
                if self.digests.queue_digest(alert, channel.id, due):
                    log.info(
                        "alert %s held for %s's digest at %s", alert.alert_id, channel.id, due.isoformat()
                    )
                stats.held += 1
                continue
            if not self._deliver(entry_id, alert, channel, stats):
                settled = False
        if settled:
            self.stream.ack(entry_id)
        return settled

    def _deliver(self, entry_id: str, alert: Alert, channel: ChannelConfig, stats: WorkerStats) -> bool:
        """One channel; False when it should be tried again later."""
        sender = self.senders.get(channel.id)
        if sender is None:
            # Left pending, not dropped: a worker restarted with the channel's secret set delivers it.
            if channel.id not in self._unconfigured:
                self._unconfigured.add(channel.id)
                log.error("channel %s has no working sender; its alerts wait until it has one", channel.id)
            stats.deferred += 1
            return False
        if self._cooling.get(channel.id, 0) > self._clock():
            stats.deferred += 1
            return False
        reply_to = (
            self.ledger.message_id_for(alert.incident.id, channel.id) if alert.kind == "update" else None
        )
        for attempt in range(1, self.max_attempts + 1):
            if attempt > 1 and self._stop.is_set():
                stats.deferred += 1
                return False
            try:
                message_id = sender.send(alert, reply_to)
            except RetryableError as error:
                # The server's retry_after is honoured whole; only our own backoff is capped.
                wait = error.retry_after or min(2.0 ** (attempt - 1), self.max_backoff_seconds)
                if attempt == self.max_attempts or wait > self.max_inline_wait_seconds or self._stop.is_set():
                    log.warning("alert %s to %s: %s; left pending", alert.alert_id, channel.id, error)
                    # Until the entry is claimed again, later alerts skip this channel instead of each
                    # paying for the same failure.
                    self._cooling[channel.id] = self._clock() + max(wait, self.settings.claim_idle_seconds)
                    stats.deferred += 1
                    return False
                log.info("alert %s to %s: %s; retrying in %.1fs", alert.alert_id, channel.id, error, wait)
                self._wait(wait)
            except Exception as error:  # PermanentError, or a bug: either way retrying will not help
                if isinstance(error, DeliveryError):
                    reason = str(error)
                else:
                    reason = f"unexpected {type(error).__name__}: {error}"
                    log.exception("alert %s to %s failed unexpectedly", alert.alert_id, channel.id)
                log.error("alert %s to %s failed: %s; dead-lettered", alert.alert_id, channel.id, reason)
                self.ledger.record_delivery(alert, channel.id, "failed", reason)
                self.stream.dead_letter(entry_id, alert, channel.id, reason, ack=False)
                stats.failed += 1
                return True
            else:
                self.ledger.record_delivery(alert, channel.id, "sent", message_id=message_id)
                self._cooling.pop(channel.id, None)
                log.info("alert %s sent to %s (message %s)", alert.alert_id, channel.id, message_id)
                stats.sent += 1
                return True
        return False  # pragma: no cover - the loop always returns

    def send_due_digests(self, stats: WorkerStats) -> None:
        """Each channel's due digest, as one message (or one message per alert for a sender that
        has no digest form). Failures follow the same policy as single alerts."""
        if self.digests is None:
            return
        for channel in effective_channels(self.settings):
            sender = self.senders.get(channel.id)
            if sender is None or self._cooling.get(channel.id, 0) > self._clock():
                continue
            alerts = self.digests.due_digest(channel.id, self._now())
            if not alerts:
                continue
            send_digest = getattr(sender, "send_digest", None)
            try:
                if send_digest is None:
                    message_id = ",".join(sender.send(alert, None) for alert in alerts)
                else:
                    message_id = send_digest(alerts)
            except RetryableError as error:
                wait = error.retry_after or self.settings.claim_idle_seconds
                log.warning(
                    "digest of %d to %s: %s; trying again in %.0fs", len(alerts), channel.id, error, wait
                )
                self._cooling[channel.id] = self._clock() + wait
                continue
            except Exception as error:  # noqa: BLE001 - permanent, or a bug: dead-letter each alert
                reason = (
                    str(error)
                    if isinstance(error, DeliveryError)
                    else f"unexpected {type(error).__name__}: {error}"
                )
                log.error("digest of %d to %s failed: %s; dead-lettered", len(alerts), channel.id, reason)
                self.digests.settle_digest(channel.id, alerts, "failed", reason)
                for alert in alerts:
                    self.stream.dead_letter("", alert, channel.id, f"digest: {reason}", ack=False)
                stats.failed += len(alerts)
                continue
            self.digests.settle_digest(channel.id, alerts, "sent", message_id=message_id[:64])
            log.info("digest of %d alert(s) sent to %s (message %s)", len(alerts), channel.id, message_id)
            stats.sent += len(alerts)
            stats.digests += 1

    def _publish(self) -> None:
        if self.before_read is None:
            return
        try:
            self.before_read()
        except Exception:  # noqa: BLE001 - what is already in the stream still gets delivered
            log.exception("publishing queued alerts failed; will try again")

    def _wait(self, seconds: float) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        else:
            self._stop.wait(seconds)


def default_consumer_name(data_dir: Path) -> str:
    """Stable for this host and data dir, so a restarted worker re-reads its own pending entries."""
    digest = hashlib.sha256(str(Path(data_dir).expanduser().resolve()).encode()).hexdigest()[:10]
    return f"{socket.gethostname()}-{digest}"


def sample_alert() -> Alert:
    """A made-up alert for ``rasad alerts test``, labelled as a test in its text."""
    incident = Incident(
        types=("raid", "arrest"), date=datetime.now(UTC).date().isoformat(), date_precision="day",
        place="البصيرة", place_id="C5110", admin1="دير الزور", lat=35.1581, lon=40.4277, geo_precision=1,
        actors=("sdf", "coalition"), targets=("isis",), arrested=2,
        sources=(Source("https://github.com/rasad-monitor/rasad", "rasad", None),),
        evidence="🧪 رسالة تجريبية من رصد للتأكد من وصول التنبيهات؛ ليست خبراً حقيقياً.", confidence=1.0,
    ).with_stable_id()  # fmt: skip
    return Alert(f"test-{datetime.now(UTC):%Y%m%dT%H%M%S}", "new", incident)


def send_test(settings: Settings, channel_id: str, environ: Mapping[str, str]) -> str:
    """Send :func:`sample_alert` through one channel; returns what the server answered.
    Raises ``ChannelConfigError`` (missing secret) or ``DeliveryError`` (the server refused)."""
    channel = next((c for c in effective_channels(settings) if c.id == channel_id), None)
    if channel is None:
        raise KeyError(channel_id)
    sender = build_sender(channel, settings, environ)
    message_id = sender.send(sample_alert(), None)
    return f"channel {channel.id} ({channel.kind}): test message accepted, message id {message_id}"

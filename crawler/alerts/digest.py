"""Digests: alerts a channel collects and sends together, hourly or daily (its ``digest`` setting),
or at the end of its quiet hours (crawler.alerts.quiet).

The worker holds such an alert in the store's digest queue (durable, so the stream entry can be
acked), and sends each channel's due alerts as one digest; the deliveries ledger then gets one row
per alert, in the same transaction that marks them sent. A worker killed between the server's
acceptance and that transaction repeats the digest once: DESIGN.md 4's one-message gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from crawler.alerts.alert import Alert
from crawler.alerts.quiet import is_urgent, parse_clock, quiet_until
from crawler.alerts.render import RenderOptions, email_html, plain_text, telegram_html


class DigestQueue(Protocol):
    """What the worker needs from the store (crawler.store.Store implements it)."""

    def queue_digest(self, alert: Alert, channel_id: str, due_at: datetime) -> bool: ...

    def due_digest(self, channel_id: str, now: datetime) -> list[Alert]: ...

    def settle_digest(
        self,
        channel_id: str,
        alerts: Sequence[Alert],
        outcome: str,
        detail: str = "",
        message_id: str | None = None,
    ) -> None: ...

    def held(self, alert_id: str, channel_id: str) -> bool: ...

    def drop_held(self, alert_id: str, channel_id: str, detail: str) -> bool: ...


class DigestSender(Protocol):
    channel_id: str

    def send_digest(self, alerts: Sequence[Alert]) -> str: ...


def hold_until(channel: object, alert: Alert, now: datetime) -> datetime | None:
    """When ``alert`` should go to ``channel`` if not now: the next digest time for a digest
    channel, the end of quiet hours for a non-urgent alert in them; None to send at once."""
    digest = getattr(channel, "digest", "off")
    zone = getattr(channel, "timezone", "Asia/Damascus")
    quiet = getattr(channel, "quiet_hours", "")
    urgent = is_urgent(
        alert.incident, getattr(channel, "urgent_min_killed", 0), getattr(channel, "urgent_types", ())
    )
    if digest != "off":
        due = next_digest_time(digest, zone, now, getattr(channel, "digest_at", "08:00"))
        return (quiet_until(quiet, zone, due) or due) if quiet else due
    if quiet and not urgent:
        return quiet_until(quiet, zone, now)
    return None


def next_digest_time(digest: str, zone: str, now: datetime, daily_at: str = "08:00") -> datetime:
    """The next full hour, or the next ``daily_at`` (HH:MM), in ``zone``; strictly after ``now``."""
    local = now.astimezone(ZoneInfo(zone))
    if digest == "hourly":
        return (local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).astimezone(UTC)
    at = parse_clock(daily_at)
    due = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if due <= local:
        due = (due + timedelta(days=1)).replace(hour=at.hour, minute=at.minute)
    return due.astimezone(UTC)


# -- rendering: every alert as it would have been sent alone, under one heading ------------------


def heading(alerts: Sequence[Alert]) -> str:
    return f"📋 موجز رصد: {len(alerts)} {'تنبيه' if len(alerts) == 1 else 'تنبيهات'}"


SEPARATOR = "— — —"


def telegram_digest(alerts: Sequence[Alert], options: RenderOptions) -> str:
    return f"<b>{heading(alerts)}</b>\n\n" + f"\n{SEPARATOR}\n".join(
        telegram_html(a, options) for a in alerts
    )


def plain_digest(alerts: Sequence[Alert], options: RenderOptions) -> str:
    return f"{heading(alerts)}\n\n" + f"\n{SEPARATOR}\n".join(plain_text(a, options) for a in alerts)


def email_digest_html(alerts: Sequence[Alert], options: RenderOptions) -> str:
    """One right-to-left document: each alert's body, separated by rules."""
    bodies = []
    for alert in alerts:
        page = email_html(alert, options)
        bodies.append(page[page.index(">", page.index("<body")) + 1 : page.index("</body>")].strip())
    body = "\n<hr>\n".join(bodies)
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head><meta charset="utf-8">'
        f"<title>{heading(alerts)}</title></head>\n"
        '<body dir="rtl" style="direction:rtl;text-align:right;font-family:Tahoma,Arial,sans-serif">\n'
        f"<h3>{heading(alerts)}</h3>\n{body}\n</body>\n</html>\n"
    )

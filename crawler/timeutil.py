"""Times in the store: aware UTC in Python, naive UTC in SQLite (which keeps no offset)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

SYRIA = ZoneInfo("Asia/Damascus")  # times written without a zone (config, options, pages) are Syria's


def utcnow() -> datetime:
    return datetime.now(UTC)


def naive_utc(moment: datetime) -> datetime:
    """SQLite keeps no offset: every stored time is UTC, compared as UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

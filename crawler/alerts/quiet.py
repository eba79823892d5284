"""Quiet hours and urgency: when a channel holds an alert back for its next digest.

A channel's ``quiet_hours = "23:00-07:00"`` is a daily window in its ``timezone`` (Asia/Damascus by
default); a window whose end is before its start runs over midnight. During it, alerts that are not
urgent are held and sent together when the window ends. Urgent (never held): at least
``urgent_min_killed`` killed (0 turns that test off) or one of ``urgent_types``.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from extractors.models import Incident

WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


def parse_window(spec: str) -> tuple[time, time] | None:
    """``"23:00-07:00"`` -> (23:00, 07:00); "" -> None. Raises ValueError on anything else."""
    spec = spec.replace(" ", "")
    if not spec:
        return None
    match = WINDOW.match(spec)
    if not match:
        raise ValueError(f"expected HH:MM-HH:MM, got {spec!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if (h1, m1) == (h2, m2):
        raise ValueError(f"an empty window: {spec!r}")
    return time(h1, m1), time(h2, m2)


def quiet_until(spec: str, zone: str, now: datetime) -> datetime | None:
    """When the quiet window ``now`` (aware) falls in ends, as an aware datetime; None outside it."""
    window = parse_window(spec)
    if window is None:
        return None
    start, end = window
    local = now.astimezone(ZoneInfo(zone))
    clock = local.timetz().replace(tzinfo=None)
    inside = start <= clock < end if start < end else clock >= start or clock < end  # else: over midnight
    if not inside:
        return None
    day = local.date() if clock < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=ZoneInfo(zone))


def parse_clock(spec: str) -> time:
    """``"08:00"`` -> 08:00."""
    window = parse_window(f"{spec}-{'00:01' if spec.strip() == '00:00' else '00:00'}")
    assert window is not None
    return window[0]


def is_urgent(incident: Incident, min_killed: int, types: tuple[str, ...]) -> bool:
    if min_killed and incident.most_killed >= min_killed:
        return True
    return bool(set(types) & set(incident.types))

"""Incidents out of the store: table, JSON, CSV (ACLED's column layout) and GeoJSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from extractors.models import Incident

ACLED_COLUMNS = (
    "event_id", "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2",
    "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "notes", "fatalities",
)  # fmt: skip

_SINCE = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime | None:
    """``24h``, ``7d``, ``30m``, ``2w`` or ``all``; raises ValueError on anything else."""
    if text == "all":
        return None
    match = _SINCE.match(text.strip())
    if not match:
        raise ValueError(f"--since {text!r}: use a number with m, h, d or w (24h, 7d) or 'all'")
    delta = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    return (now or datetime.now(UTC)) - delta


def render(incidents: Sequence[Incident], fmt: str) -> str:
    return {"json": as_json, "csv": as_csv, "geojson": as_geojson, "table": as_table}[fmt](incidents)


def as_json(incidents: Sequence[Incident]) -> str:
    return json.dumps([i.to_json() for i in incidents], ensure_ascii=False, indent=2) + "\n"


def acled_row(incident: Incident) -> dict[str, object]:
    return {
        "event_id": incident.id,
        "event_date": incident.date or "",
        "event_type": incident.acled.get("event_type", ""),
        "sub_event_type": incident.acled.get("sub_event_type", ""),
        "actor1": incident.actors[0] if incident.actors else "",
        "assoc_actor_1": ";".join(incident.actors[1:]),
        "actor2": ";".join(incident.targets),
        "admin1": incident.admin1 or "",
        "admin2": incident.admin2 or "",
        "admin3": incident.admin3 or "",
        "location": incident.place or "",
        "latitude": "" if incident.lat is None else incident.lat,
        "longitude": "" if incident.lon is None else incident.lon,
        "geo_precision": incident.geo_precision or "",
        "source": ";".join(s.source_id or s.url or "" for s in incident.sources),
        "notes": incident.evidence,
        "fatalities": incident.killed if incident.killed is not None else "",
    }


def as_csv(incidents: Sequence[Incident]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    for incident in incidents:
        writer.writerow(acled_row(incident))
    return buffer.getvalue()


def as_geojson(incidents: Sequence[Incident]) -> str:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [i.lon, i.lat]},
            "properties": {k: v for k, v in i.to_json().items() if k not in ("lat", "lon")},
        }
        for i in incidents
        if i.lat is not None and i.lon is not None
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n"


def as_table(incidents: Sequence[Incident]) -> str:
    if not incidents:
        return "no incidents stored\n"
    lines = [f"{'date':<10}  {'types':<28}  {'place':<24}  {'governorate':<12}  k/i/a    sources"]
    for i in incidents:
        counts = "/".join("-" if n is None else str(n) for n in (i.killed, i.injured, i.arrested))
        mark = " (background)" if i.background else ""
        lines.append(
            f"{i.date or '?':<10}  {','.join(i.types)[:28]:<28}  {(i.place or '?')[:24]:<24}  "
            f"{(i.admin1 or '?')[:12]:<12}  {counts:<7}  {len(i.sources)}{mark}"
        )
    return "\n".join(lines) + "\n"

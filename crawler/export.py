"""Incidents out of the store: table, JSON, CSV (ACLED's column layout) and GeoJSON.

The CSV follows ACLED's codebook column by column, for the columns Rasad can fill, in ACLED's order
(the ones it cannot, such as inter codes, disorder_type or source_scale, are left out rather than
filled with guesses):

- ``event_id_cnty``: Rasad's stable incident id (ACLED: a unique id per event).
- ``event_date``: YYYY-MM-DD, the form ACLED's API returns; an undated incident gets its first
  source's publication day with ``time_precision`` 3, as ACLED codes an uncertain date.
- ``time_precision``: 1 the actual day, 2 a week, 3 vaguer.
- ``actor1`` / ``assoc_actor_1``: the first actor and its allies; ``actor2`` / ``assoc_actor_2``:
  the targets. Rasad's contract actor ids (DESIGN.md 3.2), several joined with "; " as ACLED does.
- ``geo_precision``: 1 the named community, 2 a district or part of a region, 3 a governorate or vaguer
  (the same scale as ACLED's).
- ``source``: the outlets' names, joined with "; ".
- ``notes``: the sentence(s) the incident was read from; conflicting death tolls are noted there, as
  ACLED notes disputes.
- ``fatalities``: the lowest reported toll (ACLED's most conservative estimate); 0 when none is given.

A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
return) begins with an apostrophe: the notes and places are the outlets' words (``not_a_formula``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from crawler.history import parse_since  # noqa: F401 - `rasad reprocess` imports it from here
from extractors.models import Incident

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "assoc_actor_2", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)  # fmt: skip
SYRIA_ISO = 760  # ISO 3166-1 numeric, ACLED's ``iso``
_SPACES = re.compile(r"\s+")
_TIME_PRECISION = {"day": 1, "week": 2}


def render(incidents: Sequence[Incident], fmt: str, source_names: Mapping[str, str] | None = None) -> str:
    names = source_names or {}
    if fmt == "csv":
        return as_csv(incidents, names)
    return {"json": as_json, "geojson": as_geojson, "table": as_table}[fmt](incidents)


def as_json(incidents: Sequence[Incident]) -> str:
    return json.dumps([i.to_json() for i in incidents], ensure_ascii=False, indent=2) + "\n"


def outlet_names(incident: Incident, source_names: Mapping[str, str]) -> list[str]:
    """Each source's outlet once, by its configured name, else its id, else the page's host."""
    names = [
        source_names.get(s.source_id or "")
        or s.source_id
        or (urlsplit(s.url).hostname if s.url else None)
        or ""
        for s in incident.sources
    ]
    return [n for n in dict.fromkeys(names) if n]


def acled_row(incident: Incident, source_names: Mapping[str, str] | None = None) -> dict[str, object]:
    event_date, precision = incident.date, _TIME_PRECISION.get(incident.date_precision or "", 3)
    if not event_date:
        published = next((s.published for s in incident.sources if s.published), None)
        event_date, precision = (published[:10] if published else ""), 3
    notes = _SPACES.sub(" ", incident.evidence).strip()
    if incident.killed_max is not None and incident.killed_max != incident.killed:
        notes += f" [fatalities reported: {incident.killed if incident.killed is not None else '?'}-{incident.killed_max}]"
    return {
        "event_id_cnty": incident.id,
        "event_date": event_date,
        "year": event_date[:4],
        "time_precision": precision if event_date else "",
        "event_type": incident.acled.get("event_type", ""),
        "sub_event_type": incident.acled.get("sub_event_type", ""),
        "actor1": incident.actors[0] if incident.actors else "",
        "assoc_actor_1": "; ".join(incident.actors[1:]),
        "actor2": incident.targets[0] if incident.targets else "",
        "assoc_actor_2": "; ".join(incident.targets[1:]),
        "iso": SYRIA_ISO,
        "region": "Middle East",
        "country": "Syria",
        "admin1": incident.admin1 or "",
        "admin2": incident.admin2 or "",
        "admin3": incident.admin3 or "",
        "location": incident.place or "",
        "latitude": "" if incident.lat is None else incident.lat,
        "longitude": "" if incident.lon is None else incident.lon,
        "geo_precision": incident.geo_precision or "",
        "source": "; ".join(outlet_names(incident, source_names or {})),
        "notes": notes,
        "fatalities": incident.killed or 0,
    }


def as_csv(incidents: Sequence[Incident], source_names: Mapping[str, str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    for incident in incidents:
        writer.writerow({k: not_a_formula(v) for k, v in acled_row(incident, source_names).items()})
    return buffer.getvalue()


# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection). The
# notes, place and actor cells carry text from the outlets' pages: an apostrophe in front keeps such a
# cell text, as OWASP's "CSV Injection" advice does. Numbers (a negative one too) are left alone.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def not_a_formula(value: object) -> object:
    """``value``, with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def located(incidents: Sequence[Incident]) -> list[Incident]:
    return [i for i in incidents if i.lat is not None and i.lon is not None]


def as_geojson(incidents: Sequence[Incident]) -> str:
    """A FeatureCollection of Points ([lon, lat]); incidents without coordinates are left out."""
    features = [
        {
            "type": "Feature",
            "id": i.id,
            "geometry": {"type": "Point", "coordinates": [i.lon, i.lat]},
            "properties": {k: v for k, v in i.to_json().items() if k not in ("lat", "lon")},
        }
        for i in located(incidents)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n"


def as_table(incidents: Sequence[Incident]) -> str:
    if not incidents:
        return "no incidents\n"
    lines = [f"{'date':<10}  {'types':<28}  {'place':<24}  {'governorate':<12}  k/i/a    sources"]
    for i in incidents:
        counts = "/".join("-" if n is None else str(n) for n in (i.killed, i.injured, i.arrested))
        mark = " (background)" if i.background else ""
        lines.append(
            f"{i.date or '?':<10}  {','.join(i.types)[:28]:<28}  {(i.place or '?')[:24]:<24}  "
            f"{(i.admin1 or '?')[:12]:<12}  {counts:<7}  {len(i.sources)}{mark}"
        )
    return "\n".join(lines) + "\n"

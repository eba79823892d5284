"""One incident from several reports: what the stored incident becomes when another report joins it.

- Killed: every figure any report gave is kept as a range, the lowest in ``killed`` and the highest in
  ``killed_max`` (null when all agree), as DESIGN.md 3.2 says for conflicting figures (ACLED and
  Airwars practice). A grown toll ("مقتل 3", later "ارتفاع عدد القتلى إلى 5") is read the same way:
  killed 3, killed_max 5; the reports cannot always tell a grown toll from a disagreement, and the
  range says both what was first confirmed and what is now reported.
- Injured and arrested have no ``*_max`` in the contract: the highest reported is kept (a later
  count of the wounded or the detained is the more complete one).
- The most precise place wins (lower ``geo_precision``; at equal precision a gazetteer place over a
  bare name, and between two areas the narrower unit: a village placed by its town over a province)
  with its place id, admin units and coordinates; a day over no date.
- Types, actors, targets and persons are united; evidence stays the first report's.
- Sources are united by URL, earliest publication first.
``changes`` names what grew, for the update alert: "killed", "injured", "arrested", "place".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from extractors.acled import acled_for
from extractors.models import INCIDENT_TYPES, Incident, Source

PLACE_FIELDS = ("place", "place_id", "admin1", "admin2", "admin3", "lat", "lon", "geo_precision")


@dataclass(frozen=True)
class Merged:
    incident: Incident
    changes: tuple[str, ...]  # what an update alert would report


def merge(stored: Incident, new: Incident) -> Merged:
    changes: list[str] = []
    killed = [v for v in (stored.killed, stored.killed_max, new.killed, new.killed_max) if v is not None]
    low, high = (min(killed), max(killed)) if killed else (None, None)
    if high is not None and high > _highest(stored.killed, stored.killed_max):
        changes.append("killed")
    injured = _grown(stored.injured, new.injured, "injured", changes)
    arrested = _grown(stored.arrested, new.arrested, "arrested", changes)
    place: dict[str, Any] = {name: getattr(stored, name) for name in PLACE_FIELDS}
    if _more_precise(new, stored):
        place = {name: getattr(new, name) for name in PLACE_FIELDS}
        changes.append("place")
    dated: dict[str, Any] = {"date": stored.date, "date_precision": stored.date_precision}
    if not stored.date and new.date:
        dated = {"date": new.date, "date_precision": new.date_precision}
    types = tuple(t for t in INCIDENT_TYPES if t in set(stored.types) | set(new.types))
    actors = _union(stored.actors, new.actors)
    if len(actors) > 1:
        actors = tuple(a for a in actors if a != "unknown")  # someone named beats "persons unknown"
    targets = tuple(sorted((t for t in _union(stored.targets, new.targets) if t not in actors),
                           key=lambda t: t == "civilians"))  # a named side first, as the extractor orders them  # fmt: skip
    merged = replace(
        stored, **place, **dated, types=types, actors=actors, targets=targets,
        acled=acled_for(types, targets) if (types, targets) != (stored.types, stored.targets) else stored.acled,
        killed=low, killed_max=high if high != low else None, injured=injured, arrested=arrested,
        persons=_union(stored.persons, new.persons), sources=merge_sources(stored.sources, new.sources),
        background=stored.background and new.background, confidence=max(stored.confidence, new.confidence),
    )  # fmt: skip
    return Merged(merged, tuple(changes))


def merge_sources(stored: tuple[Source, ...], new: tuple[Source, ...]) -> tuple[Source, ...]:
    known = {s.url for s in stored}
    united = list(stored) + [s for s in new if s.url not in known]
    # Earliest first; a source without a publication time keeps its place after the dated ones.
    return tuple(sorted(united, key=lambda s: (s.published is None, s.published or "")))


def _highest(*values: int | None) -> int:
    return max((v for v in values if v is not None), default=-1)


def _grown(old: int | None, new: int | None, name: str, changes: list[str]) -> int | None:
    if new is not None and new > _highest(old):
        changes.append(name)
        return new
    return old


def _more_precise(new: Incident, stored: Incident) -> bool:
    if new.geo_precision is None:
        return False
    if stored.geo_precision is None or new.geo_precision < stored.geo_precision:
        return True
    if (
        new.geo_precision == stored.geo_precision == 2
    ):  # both areas: a town's or a district's over the province's
        return _unit_rank(new.place_id) > _unit_rank(stored.place_id)
    return new.geo_precision == stored.geo_precision == 1 and bool(new.place_id) and not stored.place_id


def _unit_rank(place_id: str | None) -> int:
    """How narrow the unit an area stands for is: a community ("C5098", a village placed by its town) 3,
    a sub-district 2, a district ("SY0902") 1, a governorate ("SY09") or none 0."""
    code = place_id or ""
    if code.startswith("C"):
        return 3
    return {8: 2, 6: 1}.get(len(code), 0)


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + second))

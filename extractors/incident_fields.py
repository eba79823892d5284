"""A frame of sentences -> an ``Incident``: types, place fields, counts, actors, background, confidence.

Conflicting figures follow ACLED and Airwars practice: the lowest in ``killed``, the highest in
``killed_max``; for injured and arrested the lowest. ``attack`` read only from a weak word ("استهدفت
العملية مدنياً") gives way to a more telling type; killing and arrest are added whenever a count says
people were killed or arrested.
"""

from __future__ import annotations

from typing import Any

from extractors.acled import acled_for
from extractors.casualties import combine
from extractors.frames import Frame, Mention
from extractors.models import INCIDENT_TYPES, Article, Incident, Source
from extractors.places import PlaceMention, governorate

_TELLING = {"raid", "airdrop", "arrest", "airstrike", "drone_strike", "shelling", "ied", "suicide_bombing",
            "explosion", "assassination", "clash", "abduction", "weapons_seizure", "hostage_rescue"}  # fmt: skip
EVIDENCE_CHARS = 1500


def _counts(mentions: list[Mention], field: str) -> tuple[int | None, int | None]:
    return combine(field, [c for m in mentions for c in m.counts.get(field, [])])


def _types(frame: Frame, killed: int | None, arrested: int | None) -> tuple[str, ...]:
    types = set(frame.types)
    strong = {t for m in frame.mentions for t in m.strong_types}
    if "attack" in types and "attack" not in strong and types & _TELLING:
        types.discard("attack")
    if killed:
        types.add("killing")
    if arrested:
        types.add("arrest")
    return tuple(t for t in INCIDENT_TYPES if t in types)


def _place_fields(place: PlaceMention | None) -> dict[str, Any]:
    if place is None:
        return {}
    unit = place.place
    fields: dict[str, Any] = {"place": place.text, "admin1": place.admin1, "geo_precision": place.precision}
    if unit is None:  # a village the gazetteer has elsewhere, or a vague area: its governorate, if any
        gov = governorate(place.admin1)
        if gov:
            fields.update(lat=gov.lat, lon=gov.lon, geo_precision=max(place.precision, 2))
        elif place.admin1 is None and place.precision == 1:
            fields["geo_precision"] = 3
        return fields
    fields.update(place_id=unit.pcode, lat=unit.lat, lon=unit.lon)
    if unit.kind != "governorate":
        fields["admin2"] = unit.admin2 or None
    if unit.kind in ("community", "subdistrict"):
        fields["admin3"] = unit.admin3 or None
    return fields


def _targets(frame: Frame, actors: list[str]) -> tuple[str, ...]:
    found = list(dict.fromkeys(t for m in frame.mentions for t in m.targets if t not in actors))
    found.sort(key=lambda t: t == "civilians")  # a named side before "civilians"
    return tuple(found)


def _actors(frame: Frame) -> list[str]:
    actors = [a for a in frame.actors if a != "civilians"]
    if not actors:
        actors = list(dict.fromkeys(a for m in frame.mentions for a in m.weak_actors))
    return actors


def _confidence(
    frame: Frame, incident_place: PlaceMention | None, actors: list[str], title_agrees: bool
) -> float:
    score = 0.35
    if any(m.fresh for m in frame.mentions):
        score += 0.25
    elif any(m.strong_types for m in frame.mentions):
        score += 0.15
    if incident_place is not None:
        score += 0.15 if incident_place.precision <= 2 else 0.08
    if actors:
        score += 0.1
    if frame.date:
        score += 0.05
    if title_agrees:
        score += 0.05
    if len(frame.mentions) > 1:
        score += 0.05
    if all(m.heading for m in frame.mentions):
        score -= 0.25  # a headline alone: no body sentence says it
    return round(min(score, 0.98), 2)


def build_incident(frame: Frame, article: Article, title: Mention | None = None) -> Incident:
    """The incident a frame reports; ``title`` is the headline's reading, given for the main incident."""
    mentions = frame.mentions
    killed, killed_max = _counts(mentions, "killed")
    injured, _ = _counts(mentions, "injured")
    arrested, _ = _counts(mentions, "arrested")
    place = frame.place
    title_agrees = title is not None and bool((title.strong_types | title.weak_types) & set(frame.types))
    if title is not None and title_agrees and place is None and title.place is not None:
        place = title.place  # the headline names where it happened
    actors = _actors(frame)
    types = _types(frame, killed, arrested)
    persons = tuple(dict.fromkeys(p for m in mentions for p in m.persons))
    evidence = " ".join(m.text for m in mentions)[:EVIDENCE_CHARS]
    targets = _targets(frame, actors)
    return Incident(
        types=types, acled=acled_for(types, targets), date=frame.date.isoformat() if frame.date else None,
        date_precision="day" if frame.date else None, background=bool(frame.background),
        actors=tuple(actors), targets=targets, killed=killed, killed_max=killed_max,
        injured=injured, arrested=arrested,
        persons=persons,
        sources=(Source(article.url, article.source_id, article.published.isoformat() if article.published else None),),
        evidence=evidence, confidence=_confidence(frame, place, actors, title_agrees),
        **_place_fields(place),
    )  # fmt: skip

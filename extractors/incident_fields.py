"""A frame of sentences -> an ``Incident``: types, place fields, counts, actors, background, confidence.

Conflicting figures follow ACLED and Airwars practice: the lowest in ``killed``, the highest in
``killed_max``; for injured and arrested the lowest. ``attack`` read only from a weak word ("استهدفت
العملية مدنياً") gives way to a more telling type; killing and arrest are added whenever a count says
people were killed or arrested.
"""

from __future__ import annotations

from typing import Any

from extractors.acled import acled_for
from extractors.arabic import normalize
from extractors.casualties import combine
from extractors.frames import Frame, Mention
from extractors.models import INCIDENT_TYPES, Article, Incident, Source
from extractors.places import PlaceMention, governorate

# Types that say more than a weak "استهداف" (an operation or a strike from afar); beside a clash, a bomb
# or an assassination the attack word is kept, as conflict coders add attack to every assault by armed men.
_TELLING = {"raid", "airdrop", "arrest", "airstrike", "drone_strike", "shelling", "abduction", "weapons_seizure",
            "hostage_rescue"}  # fmt: skip
# Sides whose storming of a house is an attack, not a security raid ("اقتحم مسلحون مجهولون منزل ...").
_IRREGULAR = {"unknown", "isis"}
_VIOLENT = {"killing", "assassination", "attack", "explosion", "ied", "suicide_bombing", "shelling", "airstrike",
            "drone_strike", "abduction"}  # fmt: skip
_ASSASSINATED = 3  # victims of one assassination at most (a notable, his son, a guest); more is an attack
EVIDENCE_CHARS = 1500


# Strikes from afar, and what makes one part of a fight at close range (then "attack" stays).
_FROM_AFAR = {"airstrike", "drone_strike", "shelling"}
_AT_CLOSE_RANGE = {"clash", "raid", "airdrop", "assassination", "abduction", "explosion", "ied",
                   "suicide_bombing"}  # fmt: skip
_ARTILLERY = ("مدفع", "هاون", "قذائف", "قذيفه", "راجمات", "صاروخي", "صواريخ")


def _artillery(frame: Frame) -> bool:
    """Whether the frame names guns, mortars or rockets: shelling beside an air or drone strike."""
    return any(a in normalize(m.text) for m in frame.mentions for a in _ARTILLERY)


def _counts(mentions: list[Mention], field: str) -> tuple[int | None, int | None]:
    return combine(field, [c for m in mentions for c in m.counts.get(field, [])])


def _types(
    frame: Frame, killed: int | None, arrested: int | None, actors: list[str], assassinations: bool
) -> tuple[str, ...]:
    types = set(frame.types)
    strong = {t for m in frame.mentions for t in m.strong_types}
    if "attack" in types and "attack" not in strong and types & _TELLING:
        types.discard("attack")
    if types & _FROM_AFAR and not types & _AT_CLOSE_RANGE:
        types.discard("attack")  # a strike from the air or from afar is its own kind, not also an assault
        if types & {"airstrike", "drone_strike"} and not _artillery(frame):
            types.discard("shelling")  # "قصف مسيرة تركية": the drone's strike, not artillery
    if "raid" in types and actors and set(actors) <= _IRREGULAR:
        types.discard("raid")
        types.add("attack")
    if "tribal" in actors and "clash" in types:
        types.discard("attack")  # a family or clan fight is a clash, not an assault
    shot = {"killing", "attack"} <= types and bool(actors) and set(actors) <= _IRREGULAR
    if assassinations and shot and (killed is None or killed <= _ASSASSINATED):
        types.add("assassination")  # gunmen shooting someone, in a report about assassinations
    if "assassination" in types and killed != 0 and not any(m.attempt for m in frame.mentions):
        types |= {"killing", "attack"}  # an assassination is a deliberate killing by an attacker
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
    if not actors and set(frame.types) & _VIOLENT and not set(frame.types) & {"raid", "airdrop", "arrest"}:
        actors = ["unknown"]  # a bomb or a shooting nobody is named for: by persons unknown
    return actors


def _sides(
    types: tuple[str, ...], actors: list[str], targets: tuple[str, ...]
) -> tuple[list[str], tuple[str, ...]]:
    """A fight between armed sides (a clash that is no raid) has both sides as actors and no target."""
    if "clash" not in types or {"raid", "airdrop"} & set(types):
        return actors, targets
    armed = [t for t in targets if t not in ("civilians",)]
    if not armed:
        return actors, targets
    return list(dict.fromkeys([*actors, *armed])), tuple(t for t in targets if t not in armed)


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


def build_incident(
    frame: Frame, article: Article, title: Mention | None = None, assassinations: bool = False
) -> Incident:
    """The incident a frame reports; ``title`` is the headline's reading, given for the main incident;
    ``assassinations``: the article speaks of assassinations (its shootings of a person are ones)."""
    mentions = frame.mentions
    killed, killed_max = _counts(mentions, "killed")
    injured, _ = _counts(mentions, "injured")
    arrested, _ = _counts(mentions, "arrested")
    place = frame.place
    title_agrees = title is not None and bool((title.strong_types | title.weak_types) & set(frame.types))
    if title is not None and title_agrees and place is None and title.place is not None:
        place = title.place  # the headline names where it happened
    day = frame.date
    if title is not None and title_agrees and day is None and title.date is not None and not frame.background:
        day = title.date  # "مقتل شاب برصاص مجهولين في درعا اليوم الجمعة": the headline dates it
    actors = _actors(frame)
    types = _types(frame, killed, arrested, actors, assassinations)
    persons = tuple(dict.fromkeys(p for m in mentions for p in m.persons))
    evidence = " ".join(m.text for m in mentions)[:EVIDENCE_CHARS]
    targets = _targets(frame, actors)
    actors, targets = _sides(types, actors, targets)
    return Incident(
        types=types, acled=acled_for(types, targets), date=day.isoformat() if day else None,
        date_precision="day" if day else None, background=bool(frame.background),
        actors=tuple(actors), targets=targets, killed=killed, killed_max=killed_max,
        injured=injured, arrested=arrested,
        persons=persons,
        sources=(Source(article.url, article.source_id, article.published.isoformat() if article.published else None),),
        evidence=evidence, confidence=_confidence(frame, place, actors, title_agrees),
        **_place_fields(place),
    )  # fmt: skip

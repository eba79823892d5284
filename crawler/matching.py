"""When two reports are the same incident (issue 6): type family, date window, place, actors.

A new report joins a stored incident when
- their types share a family (a raid and an arrest are one operation; a bombing that kills is both
  explosive and violence);
- their dates are within a day (outlets date a night raid by the evening or the morning); a report
  with no date for the event uses its article's publication day, and a background mention with no
  date ("قبل أيام") may point back up to ``BACKGROUND_DAYS`` before its article;
- their places agree: the same gazetteer place (two areas of one unit only by the same words: "ريف
  دير الزور الشرقي" and "الغربي" share the governorate's id, not a place); or one is an area ("ريف
  دير الزور الشرقي", a district, a sub-district: geo_precision 2-3) that contains the other by its
  admin units; two different named communities do not (two raids in two villages the same day are two events) unless they are one
  settlement's parts: OCHA lists a town's quarters and hamlets as separate communities (ذيبان C5202
  and الحوايج C5199, 4.5 km apart, which outlets call "حوايج ذيبان" or just "ذيبان"). With no
  cluster data at hand, that is: within ``NEIGHBOUR_KM``, the same sub-district, and a distinctive
  name word in common, counting every name the stored incident was reported under ("حوايج ذيبان"
  from one outlet, "الحوايج" from another); villages that merely neighbour (الجنينة and المعيشية,
  1.4 km) stay apart, and so do "جديدة عكيدات" and "جديدة بكارة" (``GENERIC_NAME_WORDS``);
- their perpetrators can be the same force (see ``ACTOR_GROUPS``).
Among the candidates that pass, the best score wins, not the first row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from extractors.arabic import normalize, strip_article
from extractors.gazetteer import Place, gazetteer
from extractors.models import Incident

# Types that describe the same kind of event for matching purposes.
TYPE_FAMILIES: dict[str, str] = {
    "raid": "operation", "airdrop": "operation", "arrest": "operation", "hostage_rescue": "operation",
    "weapons_seizure": "operation",
    "killing": "violence", "assassination": "violence", "clash": "violence", "attack": "violence",
    "abduction": "violence",
    "explosion": "explosive", "ied": "explosive", "suicide_bombing": "explosive",
    "airstrike": "remote", "drone_strike": "remote", "shelling": "remote",
}  # fmt: skip

FAMILY_ORDER = ("explosive", "remote", "operation", "violence")

# Forces that outlets name interchangeably for one operation. The coalition and the SDF also share a
# group: their raids in Deir ez-Zor and Hasakah are joint (seed 000: "التحالف" with "قسد"), and one
# outlet names only the helicopters, another only the ground force.
ACTOR_GROUPS: dict[str, str] = {
    "coalition": "coalition_sdf", "us_forces": "coalition_sdf", "sdf": "coalition_sdf",
    "asayish": "coalition_sdf", "syrian_government": "government", "assad_forces": "assad",
}  # fmt: skip
NO_PERPETRATOR = frozenset({"unknown", "civilians"})

DATE_SLACK_DAYS = 1
BACKGROUND_DAYS = 14
NEIGHBOUR_KM = 5.0
# Words that many unrelated places' names share: no sign of one settlement (normalized, no "ال").
GENERIC_NAME_WORDS = frozenset(
    [
        "جديده",
        "تل",
        "عين",
        "بير",
        "ابو",
        "ام",
        "خربه",
        "كفر",
        "دير",
        "حي",
        "سوق",
        "جسر",
        "وادي",
        "قريه",
        "مزرعه",
        "حوايج",
        "حويجه",
        "شرقيه",
        "غربيه",
        "شماليه",
        "جنوبيه",
        "شرقي",
        "غربي",
        "شمالي",
        "جنوبي",
        "كبير",
        "كبيره",
        "صغير",
        "صغيره",
        "فوقاني",
        "تحتاني",
        "شاميه",
        "جزيره",
        "قديمه",
        "ريف",
        "مدينه",
    ]
)


def type_family(types: tuple[str, ...]) -> str | None:
    """The family an incident is filed under (its most specific one)."""
    found = families(types)
    return next((family for family in FAMILY_ORDER if family in found), None)


def families(types: tuple[str, ...]) -> frozenset[str]:
    return frozenset(TYPE_FAMILIES[t] for t in types if t in TYPE_FAMILIES)


@dataclass(frozen=True)
class DateSpan:
    """The days an incident may have happened on, and what that comes from."""

    low: str  # ISO day
    high: str
    basis: str  # "text": the incident's own date; "published": its article's day; "background"

    def widened(self, days: int) -> tuple[str, str]:
        slack = timedelta(days=days)
        return (date.fromisoformat(self.low) - slack).isoformat(), (
            date.fromisoformat(self.high) + slack
        ).isoformat()


def date_span(incident: Incident, published: date | None) -> DateSpan | None:
    if incident.date and len(incident.date) >= 10:
        return DateSpan(incident.date[:10], incident.date[:10], "text")
    if published is None:
        return None
    if incident.background:  # earlier news, not said when: up to two weeks before the article
        return DateSpan(
            (published - timedelta(days=BACKGROUND_DAYS)).isoformat(), published.isoformat(), "background"
        )
    return DateSpan(published.isoformat(), published.isoformat(), "published")


def dates_overlap(a: DateSpan, b: DateSpan) -> bool:
    low, high = a.widened(DATE_SLACK_DAYS)
    return low <= b.high and b.low <= high


# -- places ---------------------------------------------------------------------------------------
SAME, CONTAINS, NEIGHBOURS = 3.0, 2.0, 1.0


def place_relation(a: Incident, b: Incident, b_names: frozenset[str] = frozenset()) -> float | None:
    """How well two incidents' places agree (SAME, CONTAINS, NEIGHBOURS), or None when they do not.
    ``b_names``: the name words ``b`` was reported under before (``name_words``), if it is stored."""
    if a.place_id and a.place_id == b.place_id:
        if _precision(a) >= 2 and _precision(b) >= 2:
            return _areas_of_one_unit(a, b)
        return SAME
    if not a.admin1 or not b.admin1:  # "شرقي سوريا" and the like: only the very same words
        same_words = a.place and b.place and normalize(a.place) == normalize(b.place)
        return SAME if same_words and not a.admin1 and not b.admin1 else None
    if a.admin1 != b.admin1:
        return None
    if _precision(a) == 1 and _precision(b) == 1:
        if not (a.place_id and b.place_id):
            return SAME if a.place and b.place and normalize(a.place) == normalize(b.place) else None
        near = a.admin3 and a.admin3 == b.admin3 and _km(a, b) <= NEIGHBOUR_KM
        return NEIGHBOURS if near and name_words(a.place) & (name_words(b.place) | b_names) else None
    if _contains(a, b) or _contains(b, a):
        return CONTAINS
    return None


def _areas_of_one_unit(a: Incident, b: Incident) -> float | None:
    """Two areas that stand for one unit (every "ريف دير الزور الشرقي/الغربي" and "محافظة دير الزور"
    gets the governorate's place id): the same words are the same area; the whole unit contains a
    side of it; two different sides ("الشرقي" and "الغربي") are apart; one side in other words
    ("شرقي دير الزور") contains rather than equals."""
    if normalize(a.place or "") == normalize(b.place or ""):
        return SAME
    sides_a, sides_b = _sides(a.place), _sides(b.place)
    if sides_a and sides_b and sides_a != sides_b:
        return None
    return CONTAINS


def _sides(place: str | None) -> frozenset[tuple[str, int]]:
    return frozenset(
        _SIDES[w] for w in (strip_article(w) for w in normalize(place or "").split()) if w in _SIDES
    )


def name_words(place: str | None) -> frozenset[str]:
    """The distinctive words of a place name: "حوايج ذيبان" -> {"ذيبان"}."""
    words = (strip_article(w) for w in normalize(place or "").split())
    return frozenset(w for w in words if len(w) >= 3 and w not in GENERIC_NAME_WORDS)


def _precision(incident: Incident) -> int:
    return incident.geo_precision or 3


def _contains(area: Incident, other: Incident) -> bool:
    """Whether ``area`` (a vague place) contains ``other``, by the admin unit the area stands for."""
    if _precision(area) < 2:
        return False
    code = area.place_id or ""
    if code.startswith("C") or len(code) >= 8:  # a sub-district, or the countryside of a town
        return bool(area.admin3) and area.admin3 == other.admin3
    if len(code) == 6:  # a district
        return bool(area.admin2) and area.admin2 == other.admin2
    return _on_its_side(area, other)  # the governorate, or a region of it: admin1 agreed already


# "ريف دير الزور الشرقي" is the countryside east of the city, not the whole governorate: a place on
# the other side of the governorate's capital (by more than ``SIDE_MARGIN`` degrees, about 10 km)
# is not in it. Written forms after normalization; (axis, sign): +1 east/north of the capital.
_SIDES = {"شرقي": ("lon", 1), "شرق": ("lon", 1), "غربي": ("lon", -1), "غرب": ("lon", -1),
          "شمالي": ("lat", 1), "شمال": ("lat", 1), "جنوبي": ("lat", -1), "جنوب": ("lat", -1),
          "شرقيه": ("lon", 1), "غربيه": ("lon", -1), "شماليه": ("lat", 1), "جنوبيه": ("lat", -1)}  # fmt: skip
SIDE_MARGIN = 0.1


def _on_its_side(area: Incident, other: Incident) -> bool:
    capital = _capital(area.admin1 or "")
    if capital is None or other.lat is None or other.lon is None:
        return True
    for word in normalize(area.place or "").split():
        axis, sign = _SIDES.get(strip_article(word), ("", 0))
        if axis and sign * (getattr(other, axis) - getattr(capital, axis)) < -SIDE_MARGIN:
            return False
    return True


@lru_cache(maxsize=32)
def _capital(governorate: str) -> Place | None:
    """The governorate's seat: the community that bears its name (دير الزور C5086)."""
    places = gazetteer().exact.get(normalize(governorate), [])
    return next((p for p in places if p.kind == "community" and p.admin1 == governorate), None)


def _km(a: Incident, b: Incident) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    dlat, dlon = math.radians(b.lat - a.lat), math.radians(b.lon - a.lon)
    h = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(a.lat)) * math.cos(math.radians(b.lat)) * math.sin(dlon / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# -- actors ---------------------------------------------------------------------------------------
def perpetrators(incident: Incident) -> frozenset[str]:
    return frozenset(ACTOR_GROUPS.get(a, a) for a in incident.actors if a not in NO_PERPETRATOR)


def actors_conflict(a: Incident, b: Incident) -> bool:
    """Both name who did it and they cannot be one force. In a clash both sides are named, each
    outlet perhaps as the actor: a side that is the other report's target is no conflict."""
    mine, theirs = perpetrators(a), perpetrators(b)
    if not mine or not theirs or mine & theirs:
        return False
    their_sides = theirs | {ACTOR_GROUPS.get(t, t) for t in b.targets}
    my_sides = mine | {ACTOR_GROUPS.get(t, t) for t in a.targets}
    return not (mine & their_sides or theirs & my_sides)


# -- the decision ---------------------------------------------------------------------------------
def match_score(
    new: Incident,
    new_span: DateSpan,
    stored: Incident,
    stored_span: DateSpan,
    stored_names: frozenset[str] = frozenset(),
) -> float | None:
    """How likely ``stored`` is the incident ``new`` reports; None when it cannot be."""
    shared = families(new.types) & families(stored.types)
    if not shared or not dates_overlap(new_span, stored_span):
        return None
    place = place_relation(new, stored, stored_names)
    if place is None or actors_conflict(new, stored):
        return None
    score = place
    if new_span.basis == stored_span.basis == "text":
        score += 1.0 if new_span.low == stored_span.low else 0.5
    score += len(set(new.types) & set(stored.types)) / len(set(new.types) | set(stored.types))
    if perpetrators(new) & perpetrators(stored):
        score += 0.5
    if new.killed is not None and new.killed in (stored.killed, stored.killed_max):
        score += 0.25
    return score

"""Where a sentence says its event happened, among the places it names.

The most precise place in the event role (not where people were taken, come from or reported from),
nearest a trigger; several villages named together make one event at their common region; a spot
"between A and B" is A; and a town named only as a witness's home is the place when the sentence says
the event was "in the town" ("وسط البلدة").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extractors.arabic import normalize, readings
from extractors.places import PlaceMention
from extractors.triggers import Hit

_ANAPHORA = {"البلده", "القريه", "المدينه"}  # "وسط البلدة": the town the sentence has named


def event_place(
    places: list[PlaceMention], hits: list[Hit], whole: frozenset[str], words: Sequence[str]
) -> PlaceMention | None:
    place = _named(places, hits, words)
    if place is None or place.precision > 1:
        # "قال أحد سكان بلدة أبو حمام إن مسلحين ... في حي النباعي وسط البلدة": the town is the speaker's
        homes = {p.text: p for p in places if p.role in ("origin", "source") and p.precision == 1}
        if len(homes) == 1 and whole & _ANAPHORA:
            return replace(next(iter(homes.values())), role="event")
    return place


def _named(places: list[PlaceMention], hits: list[Hit], words: Sequence[str]) -> PlaceMention | None:
    """Where the event happened: the most precise place that is not a destination, origin or source,
    and of those the one nearest a trigger. Several villages named together ("شملت صوران ومعردس
    ومورك بريف حماة الشمالي") make one event at their common region; a spot "between A and B" is coded
    to A (ACLED's rule for a location between two places), but "from A to B" is a stretch: the region."""
    candidates = [p for p in places if p.role == "event"]
    if not candidates:
        return None
    spot = _between(candidates, words)
    if spot is not None:
        return spot
    villages = {p.text for p in candidates if p.precision == 1}
    regions = [p for p in candidates if p.region and p.admin1]
    if len(villages) > 1 and regions:
        same = {p.admin1 for p in candidates if p.precision == 1} <= {regions[0].admin1}
        if same:
            return regions[0]
    anchors = [h.index for h in hits] or [0]
    return min(candidates, key=lambda p: (p.precision, min(abs(p.start - a) for a in anchors)))


def _between(candidates: list[PlaceMention], words: Sequence[str]) -> PlaceMention | None:
    """A in "بين منطقتي A وB", "بين قرية A وقرية B"; None for "بين قرية A إلى قرية B" (a stretch)."""
    villages = [p for p in candidates if p.precision == 1]
    if len(villages) < 2:
        return None
    first, second = villages[0], villages[1]
    before = words[max(0, first.start - 2) : first.start]
    linked = words[second.start].startswith("و") or words[second.start - 1].startswith("و")
    if "بين" in before and linked and "الي" not in words[first.end : second.start]:
        return first
    return None


def points_at_town(text: str) -> bool:
    """ "وعلى أثر ذلك شهدت البلدة توتراً": the sentence places its event in the town it has named, so
    the victims' home town ("من أهالي بلدة ذيبان") is where it happened. Without such words a home
    town or a province people fled ("نازحين من محافظة دير الزور") is no event place."""
    return any(set(readings(w)) & _ANAPHORA for w in normalize(text).split())

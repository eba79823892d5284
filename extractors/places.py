"""Syrian places in a sentence: gazetteer lookup, regions ("ريف دير الزور الشرقي") and disambiguation.

The gazetteer (``data/places.tsv``, see ``data/PLACES_SOURCE.md``) is loaded once, on first use, into a
dict from normalized name to places, so a sentence costs a few dict lookups per word. Many village names
are ordinary words ("الحرية", "المدينة"), so a community counts only after a place cue ("قرية", "بلدة",
"مدينة", "في", a "ب" prefix) and a common word only after a strong one ("قرية"); governorate and district
names count on their own. A name found in several governorates takes the one named nearby in the
sentence, else the one the article names most (``hint_admin1``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from extractors.arabic import Token, clean_surface, peeled_surface, readings
from extractors.placewords import (
    ATTRIBUTION,
    COMMON_NAMES,
    DIRECTIONS,
    FOREIGN,
    FOREIGN_ADJECTIVES,
    MOVES,
    ORIGIN,
    PLURAL_CUES,
    REPORT_STARTS,
    STRONG_CUES,
    SUB_PLACES,
    TOWARDS,
    VAGUE_AREAS,
)  # fmt: skip

DATA = Path(__file__).resolve().parent / "data" / "places.tsv"
_KIND_ORDER = {"governorate": 0, "district": 1, "subdistrict": 2, "community": 3}
_PRECISION = {"community": 1, "subdistrict": 2, "district": 2, "governorate": 3}


@dataclass(frozen=True)
class Place:
    pcode: str
    kind: str  # governorate | district | subdistrict | community
    name: str
    admin1: str
    admin2: str
    admin3: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class PlaceMention:
    text: str  # as written, without clitics or marks: "البصيرة", "ريف دير الزور الشرقي"
    place: Place | None  # the gazetteer entry, or the admin unit a region belongs to
    admin1: str | None
    precision: int  # 1 community, 2 district or region of a governorate, 3 governorate or vaguer
    start: int  # word offsets in the sentence
    end: int
    role: str = "event"  # event | destination | origin | source
    region: bool = False
    candidates: tuple[Place, ...] = ()
    alternates: tuple[Place, ...] = ()  # looser spellings' places, for disambiguation only
    cue: str = ""  # what made it a place: strong ("قرية"), weak ("في"), prefix ("ب"), "" (its own name)


class Gazetteer:
    def __init__(self, rows: Sequence[Sequence[str]]) -> None:
        self.exact: dict[str, list[Place]] = {}
        self.loose: dict[str, list[Place]] = {}
        self.longest: dict[str, int] = {}  # a key's first word -> the most words of a key starting so
        for pcode, kind, name, keys, admin1, admin2, admin3, lat, lon in rows:
            place = Place(pcode, kind, name, admin1, admin2, admin3, float(lat) if lat else None,
                          float(lon) if lon else None)  # fmt: skip
            for key in keys.split("|"):
                table = self.loose if key.startswith("~") else self.exact
                key = key.lstrip("~")
                table.setdefault(key, []).append(place)
                first = key.split()[0]
                self.longest[first] = max(self.longest.get(first, 1), key.count(" ") + 1)
        for places in (*self.exact.values(), *self.loose.values()):
            places.sort(key=lambda p: _KIND_ORDER[p.kind])
        self.governorates = {p.name: p for ps in self.exact.values() for p in ps if p.kind == "governorate"}
        self._starts: dict[str, bool] = {}

    def may_start(self, word: str) -> bool:
        """Whether any reading of ``word`` begins a place name (memoized: most words do not)."""
        known = self._starts.get(word)
        if known is None:
            if len(self._starts) > 500_000:
                self._starts.clear()  # bound the memo on a long-running daemon
            known = self._starts[word] = any(r in self.longest for r in readings(word))
        return known

    def match(
        self, words: Sequence[str], i: int, loose: bool = False
    ) -> tuple[str, str, int, list[Place]] | None:
        """(reading of ``words[i]``, key, words used, places) for the longest name starting at ``i``."""
        table = self.loose if loose else self.exact
        for reading in readings(words[i]):
            longest = self.longest.get(reading)
            for n in range(min(longest or 0, len(words) - i), 0, -1):
                key = " ".join((reading, *words[i + 1 : i + n]))
                if key in table:
                    return reading, key, n, table[key]
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return Gazetteer(rows[1:])


def governorate(name: str | None) -> Place | None:
    return gazetteer().governorates.get(name or "")


def _bare(word: str) -> str:
    return readings(word)[-1]


def _any(words: Sequence[str], vocabulary: set[str]) -> bool:
    return any(r in vocabulary for word in words for r in readings(word))


def _role(tokens: Sequence[Token], start: int) -> str:
    """Whether a place is where the event was, or where someone was taken, came from, or reported."""
    words = [t.norm for t in tokens]
    for k in range(start - 1, max(-1, start - 10), -1):
        if _any([words[k]], TOWARDS):
            return "destination" if _any(words[max(0, k - 6) : k], MOVES) else "event"
        if "،" in tokens[k].pre or "," in tokens[k].pre:
            break  # the clause starts here
    if _any(words[max(0, start - 4) : start], ORIGIN):
        return "origin"
    for k in range(start - 1, max(-1, start - 8), -1):
        if _any([words[k]], ATTRIBUTION):
            return "source"  # "مصدر عسكري من الأسايش من بلدة الصور"
        if words[k] in REPORT_STARTS or "،" in tokens[k].pre or "," in tokens[k].pre:
            break  # "قال مراسل ... إن ...": what follows is the report, not the reporter
    return "event"


def _cue(words: Sequence[str], i: int, reading: str) -> str:
    """ "strong", "weak", "sub" (a street or quarter) or "" for what precedes a name."""
    prefix = words[i][: len(words[i]) - len(reading)]
    prev = words[i - 1] if i else ""
    if i and _any([prev], STRONG_CUES):
        return "strong"
    if i and _any([prev], SUB_PLACES):
        return "sub"
    if prev in ("في", "وفي", "داخل", "قرب", "بالقرب", "محيط", "اطراف", "ضمن"):
        return "weak"
    if "ب" in prefix:
        return "prefix"  # "بالبصيرة": weaker still, see _name_at
    return ""


def _span(text: str, tokens: Sequence[Token], i: int, end: int, reading: str) -> str:
    first = peeled_surface(tokens[i].raw, tokens[i].norm, reading)
    return clean_surface(first + text[tokens[i].end : tokens[end - 1].end]).replace('"', "").strip()


def find_places(text: str, tokens: Sequence[Token], hint_admin1: str | None = None) -> list[PlaceMention]:
    """Every place ``text`` (with its ``tokens``) names, in order: Syrian places, regions, vague areas."""
    return disambiguate(raw_places(text, tokens), hint_admin1)


def raw_places(text: str, tokens: Sequence[Token]) -> list[PlaceMention]:
    """The places before a village found in several governorates is settled (see ``disambiguate``)."""
    words = [t.norm for t in tokens]
    found: list[PlaceMention] = []
    i = 0
    while i < len(words):
        mention = _region_at(text, tokens, words, i) or _name_at(text, tokens, words, i, found)
        if mention:
            found.append(replace(mention, role=_role(tokens, mention.start)))
            i = mention.end
        else:
            i += 1
    return found


def _region_at(text: str, tokens: Sequence[Token], words: Sequence[str], i: int) -> PlaceMention | None:
    """ "ريف دير الزور الشرقي", "الريف الشرقي لدير الزور", "شرقي دير الزور", "بادية البوكمال", "شرق سوريا"."""
    bare = _bare(words[i])
    j = i + 1
    if bare in ("ريف", "الريف", "باديه", "الباديه"):
        while j < len(words) and words[j].startswith("ال") and words[j][2:] in DIRECTIONS:
            j += 1
    elif bare in DIRECTIONS:
        while j < len(words) and _bare(words[j]) in DIRECTIONS:
            j += 1
    else:
        return None
    if j < len(words) and _bare(words[j]) in ("محافظه", "مدينه", "منطقه"):
        j += 1
    if j >= len(words):
        return None
    if _bare(words[j]) in VAGUE_AREAS:
        return PlaceMention(_span(text, tokens, i, j + 1, bare), None, None, 3, i, j + 1, region=True)
    hit = gazetteer().match(words, j)
    if not hit or hit[1] in FOREIGN or hit[1] in COMMON_NAMES:
        return None
    _reading, _key, n, places = hit
    admin = [p for p in places if p.kind in ("governorate", "district")] or places
    end = j + n
    while end < len(words) and words[end].startswith("ال") and words[end][2:] in DIRECTIONS:
        end += 1  # "ريف دير الزور الشرقي", "ريف حلب الشمالي الغربي"
    unit = admin[0]
    return PlaceMention(
        _span(text, tokens, i, end, bare), unit, unit.admin1 or unit.name, 2, i, end, region=True
    )


def _name_at(
    text: str, tokens: Sequence[Token], words: Sequence[str], i: int, found: list[PlaceMention]
) -> PlaceMention | None:
    gaz = gazetteer()
    if not gaz.may_start(words[i]):
        return None
    hit = gaz.match(words, i)
    loose = hit is None
    hit = hit or gaz.match(words, i, loose=True)
    if not hit:
        return None
    reading, key, n, places = hit
    cue = _cue(words, i, reading)
    if (
        not cue
        and found
        and not found[-1].region
        and found[-1].end == i
        and (words[i].startswith("و") or tokens[i].pre in ("-", "،", ",", "/"))
    ):
        cue = "weak"  # "بلدتي جديد عكيدات والشحيل", "قريتي الجيعة-الجلامدة": the list goes on
    nxt = words[i + n] if i + n < len(words) else ""
    if key in FOREIGN and cue != "strong" or _bare(nxt) in FOREIGN_ADJECTIVES or cue == "sub":
        return None
    admin = [p for p in places if p.kind in ("governorate", "district")]
    if loose and cue != "strong":
        return None
    first_cue = cue
    if cue == "prefix":  # "بجروح", "بالدرجة": only a name with its article, or an admin unit's
        cue = "weak" if reading.startswith("ال") or any(p.kind != "community" for p in places) else ""
    if not (cue == "strong" or (cue == "weak" and key not in COMMON_NAMES)):
        if not admin or key in COMMON_NAMES:
            return None
        places = admin  # a governorate or district name stands on its own
    prev = _bare(words[i - 1]) if i else ""
    governorates = [p for p in hit[3] if p.kind == "governorate"]
    if prev in PLURAL_CUES and governorates:
        unit = governorates[0]
        return PlaceMention(_span(text, tokens, i, i + n, reading), unit, unit.name, 2, i, i + n, region=True)
    if prev == "محافظه" and any(p.kind == "governorate" for p in places):
        places = [p for p in places if p.kind == "governorate"]
    elif prev in ("ناحيه", "منطقه") and any(p.kind != "community" for p in places):
        places = [p for p in places if p.kind != "community"]
    elif cue:  # "مدينة الحسكة", "في البصيرة": the town rather than the unit named after it
        places = [p for p in places if p.kind == "community"] or places
    best = places[0]
    precision = _PRECISION[best.kind]
    if cue != "strong" and precision == 1 and any(p.kind == "governorate" for p in hit[3]):
        precision = 2  # "في دير الزور": the city, or the province around it
    alternates = tuple(p for p in gaz.loose.get(key, ()) if p.kind == "community") if not loose else ()
    return PlaceMention(_span(text, tokens, i, i + n, reading), best, best.admin1 or best.name, precision,
                        i, i + n, candidates=tuple(places), alternates=alternates, cue=first_cue)  # fmt: skip


def disambiguate(found: list[PlaceMention], hint_admin1: str | None) -> list[PlaceMention]:
    """For each community, the candidate in the governorate named nearby, else in the article."""
    out: list[PlaceMention] = []
    for index, mention in enumerate(found):
        if mention.region or mention.place is None or mention.place.kind != "community":
            out.append(mention)
            continue
        after = [m for m in found[index + 1 : index + 3] if m.admin1 and m.precision > 1]
        before = [m for m in found[:index][::-1] if m.admin1 and m.precision > 1]
        wanted = (after or before)[0].admin1 if after or before else hint_admin1
        chosen = [p for p in mention.candidates if p.admin1 == wanted]
        chosen = chosen or [p for p in mention.alternates if p.admin1 == wanted]
        if mention.cue == "prefix" and not chosen and wanted:
            continue  # "بالدرجة" far from the article's governorate: a word, not a village
        if chosen:
            out.append(replace(mention, place=chosen[0], admin1=wanted))
        elif after or before:  # "قرية الرز شرقي دير الزور": the gazetteer has a الرز only elsewhere
            out.append(replace(mention, place=None, admin1=wanted, precision=2))
        elif len({p.admin1 for p in mention.candidates}) > 1:
            out.append(replace(mention, place=None, admin1=None))  # no way to tell which
        else:
            out.append(mention)
    return out

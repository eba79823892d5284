"""The Syrian gazetteer: ``data/places.tsv`` (see ``data/PLACES_SOURCE.md``) loaded once, on first use.

Names are keyed by their normalized form; a key marked ``~`` in the file is a looser spelling, used only
after a strong cue ("قرية", "بلدة"). Two-word names are also keyed with their first word written with
and without its taa marbuta, and a village's name "the X" with its sub-district after it ("الحوايج" of
ذيبان: "حوايج ذيبان"), and "أبو X" run together ("أبوخشب"), as looser spellings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.arabic import normalize, readings
from extractors.placewords import STRONG_CUES, SUB_PLACES

DATA = Path(__file__).resolve().parent / "data" / "places.tsv"
_KIND_ORDER = {"governorate": 0, "district": 1, "subdistrict": 2, "community": 3}
# A village named by a place-type noun ("المدينة", "المزرعة", "الوادي", "القصر") is not seated: "مدينة
# العريشة" is the town of العريشة, "مزرعة خناصر" a farm at خناصر, not OCHA's المدينة or المزرعة there.
_TYPE_NOUNS = frozenset(
    {
        *STRONG_CUES,
        *SUB_PLACES,
        "مزرعه",
        "مزارع",
        "وادي",
        "قصر",
        "تل",
        "جبل",
        "عين",
        "بئر",
        "سهل",
        "نهر",
        "قلعه",
    }
)


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
    role: str = "event"  # event | destination | origin | source | parent
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
        for key, places in list(self.exact.items()):
            for place in places:
                self._add_loose(_seated_name(key, place), [place])
            if key.startswith("ابو ") and key.count(" ") == 1:
                self._add_loose(key.replace(" ", ""), places)  # "أبوخشب" run together
            variant = _construct_variant(key)
            if variant and variant not in self.exact:
                self.loose.setdefault(variant, []).extend(p for p in places if p.kind == "community")
        for places in (*self.exact.values(), *self.loose.values()):
            places.sort(key=lambda p: _KIND_ORDER[p.kind])
        self.governorates = {p.name: p for ps in self.exact.values() for p in ps if p.kind == "governorate"}
        self._starts: dict[str, bool] = {}

    def _add_loose(self, key: str | None, places: list[Place]) -> None:
        if key and key not in self.exact:
            self.loose.setdefault(key, []).extend(places)
            first = key.split()[0]
            self.longest[first] = max(self.longest.get(first, 1), key.count(" ") + 1)

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


def _seated_name(key: str, place: Place) -> str | None:
    """ "حوايج ذيبان" for "الحوايج" of sub-district ذيبان: a village named with the town or sub-district it
    lies in, as outlets tell apart villages of one name (OCHA itself names "حوايج بومصعة", "حوايج ذياب")."""
    area = normalize(place.admin3)
    if place.kind != "community" or " " in key or not key.startswith("ال") or not area or " " in area:
        return None
    if key[2:] in _TYPE_NOUNS:
        return None
    return f"{key[2:]} {area}" if area != key else None


def _construct_variant(key: str) -> str | None:
    """ "جديده بكاره" <-> "جديد بكاره": a two-word name's first word is written with and without its
    taa marbuta (the construct state of "جديدة عكيدات" is said, and often spelt, "جديد عكيدات")."""
    first, _, rest = key.partition(" ")
    if not rest or len(first) < 4 or first.startswith("ال"):
        return None
    return f"{first[:-1] if first.endswith('ه') else first + 'ه'} {rest}"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return Gazetteer(rows[1:])


def governorate(name: str | None) -> Place | None:
    return gazetteer().governorates.get(name or "")

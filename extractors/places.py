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
from dataclasses import replace
from functools import lru_cache

from extractors.arabic import Token, readings
from extractors.gazetteer import Gazetteer, Place, PlaceMention, gazetteer, governorate
from extractors.placewords import (
    ATTRIBUTION,
    COMMON_NAMES,
    DIRECTIONS,
    FOREIGN,
    FOREIGN_ADJECTIVES,
    MOVES,
    NAME_TAILS,
    ORIGIN,
    ORIGIN_PRONOUNS,
    PLURAL_CUES,
    REPORT_STARTS,
    STRONG_CUES,
    SUB_PLACES,
    TOWARDS,
    VAGUE_AREAS,
)  # fmt: skip
from extractors.unlisted import (
    any_reading,
    bare_reading,
    is_cue,
    is_unlisted,
    landmark_at,
    lies_in,
    names_foreign_place,
    placed_by_parent,
    span_text,
    starts_landmark,
    unlisted_at,
)

__all__ = ["Gazetteer", "Place", "PlaceMention", "disambiguate", "find_places", "gazetteer", "governorate",
           "names_foreign_place", "raw_places", "confirmed_streets"]  # fmt: skip

_BELONGS = {"التابعه", "التابع", "التابعتين", "والتابعه"}
_SPECIFIES = 4  # words between a village and the region after it that says where the village is
_PRECISION = {"community": 1, "subdistrict": 2, "district": 2, "governorate": 3}


def _role(tokens: Sequence[Token], start: int) -> str:
    """Whether a place is where the event was (event), or where someone was taken (destination), came from
    (origin) or reported from (source), or the town a village belongs to (parent)."""
    words = [t.norm for t in tokens]
    for k in range(start - 1, max(-1, start - 10), -1):
        if any_reading([words[k]], TOWARDS) and words[k + 1] not in REPORT_STARTS:  # "لفت إلى أن": "that"
            return "destination" if any_reading(words[max(0, k - 6) : k], MOVES) else "event"
        if "،" in tokens[k].pre or "," in tokens[k].pre:
            break  # the clause starts here
    clause = max(0, start - 4)
    for k in range(start - 1, clause, -1):
        if "،" in tokens[k].pre or "," in tokens[k].pre:
            clause = k  # "غير معروف الجنسية، في بادية البوكمال": the nationality is not where he came from
            break
    at = start - 1 if start and any_reading([words[start - 1]], STRONG_CUES) else start
    located = at and words[at - 1] in ("في", "وفي", "داخل", "بداخل")  # "من مهجري ريف دمشق في إدلب"
    if not located and (any_reading(words[clause:start], ORIGIN) or _said_of_person(words, clause, start)):
        return "origin"
    if any(w in _BELONGS for w in words[max(0, start - 2) : start]):
        return "parent"  # "قرية حريزة التابعة لبلدة الصبحة": the town a village belongs to
    for k in range(start - 1, max(-1, start - 8), -1):
        if any_reading([words[k]], ATTRIBUTION) and not (
            k + 1 < start and any_reading([words[k + 1]], STRONG_CUES)
        ):
            return (
                "source"  # "مصدر عسكري من الأسايش من بلدة الصور", but "رئيس مجلس بلدة السوسة" is of the town
            )
        if words[k] in REPORT_STARTS or "،" in tokens[k].pre or "," in tokens[k].pre:
            break  # "قال مراسل ... إن ...": what follows is the report, not the reporter
    return "event"


def _said_of_person(words: Sequence[str], clause: int, start: int) -> bool:
    """ "وهو من أبناء قرية الجلامدة", "وهما من قرية ...": who the person is, not where it happened."""
    return any(
        words[k] in ORIGIN_PRONOUNS and words[k + 1] == "من" for k in range(max(clause, start - 3), start - 1)
    )


def _cue(words: Sequence[str], i: int, reading: str) -> str:
    """ "strong", "weak", "sub" (a street or quarter) or "" for what precedes a name."""
    prefix = words[i][: len(words[i]) - len(reading)]
    prev = words[i - 1] if i else ""
    if i and any_reading([prev], STRONG_CUES):
        return "strong"
    if i and any_reading([prev], SUB_PLACES):
        return "sub"
    if prev in ("في", "وفي", "داخل", "قرب", "بالقرب", "محيط", "اطراف", "ضمن"):
        return "weak"
    if "ب" in prefix:
        return "prefix"  # "بالبصيرة": weaker still, see _name_at
    return ""


def find_places(text: str, tokens: Sequence[Token], hint_admin1: str | None = None) -> list[PlaceMention]:
    """Every place ``text`` (with its ``tokens``) names, in order: Syrian places, regions, vague areas.

    A name after a street or landmark word ("دوار جسر البصيرة") is left out here; ``extract_incidents``
    keeps it when the article names the town elsewhere too (``confirmed_streets``)."""
    return disambiguate(confirmed_streets(raw_places(text, tokens), set()), hint_admin1)


def confirmed_streets(found: list[PlaceMention], named: set[str]) -> list[PlaceMention]:
    """``found`` without the names read after a street or landmark word unless ``named`` has them."""
    return [m for m in found if m.cue != "sub" or m.text in named]


def raw_places(text: str, tokens: Sequence[Token]) -> list[PlaceMention]:
    """The places before a village found in several governorates is settled (see ``disambiguate``)."""
    words = [t.norm for t in tokens]
    found: list[PlaceMention] = []
    i = 0
    while i < len(words):
        if not (_may_begin(words[i]) or (i and is_cue(words[i - 1]))):
            i += 1  # most words start no place: one cached lookup instead of four finders
            continue
        mention = (
            landmark_at(text, tokens, words, i)
            or _region_at(text, tokens, words, i)
            or _name_at(text, tokens, words, i, found)
            or unlisted_at(text, tokens, words, i)
        )
        if mention:
            role = _role(tokens, mention.start)
            last = found[-1] if found else None
            if mention.region and last and last.role != "event" and mention.start - last.end <= _SPECIFIES:
                role = last.role  # "من أبناء بلدة نبل ... بريف حلب": the region places the village
            if lies_in(last, mention, words):
                role = "parent"  # "في قرية فنيجين بمنطقة أبو خشب": the town the village lies in
            found.append(replace(mention, role=role))
            i = mention.end
        else:
            i += 1
    if any(is_unlisted(m) for m in found) and names_foreign_place(words):
        found = [m for m in found if not is_unlisted(m)]  # "في مدينتي نومبورغ بشرق ألمانيا وإيسن الغربية"
    return placed_by_parent(found)


_REGION_STARTS = {"ريف", "الريف", "باديه", "الباديه", *DIRECTIONS}


@lru_cache(maxsize=200_000)
def _may_begin(word: str) -> bool:
    """Whether a place name, a region or an installation can begin with ``word``."""
    return (
        gazetteer().may_start(word)
        or any(r in _REGION_STARTS for r in readings(word))
        or starts_landmark(word)
    )


def _region_at(text: str, tokens: Sequence[Token], words: Sequence[str], i: int) -> PlaceMention | None:
    """ "ريف دير الزور الشرقي", "الريف الشرقي لدير الزور", "شرقي دير الزور", "بادية البوكمال", "شرق سوريا"."""
    # the region word with its clitics peeled, but not "بادية" read as "ب" + "ادية"
    bare = next((r for r in readings(words[i]) if r in _REGION_STARTS), bare_reading(words[i]))
    j = i + 1
    if bare in ("ريف", "الريف", "باديه", "الباديه"):
        while j < len(words) and words[j].startswith("ال") and words[j][2:] in DIRECTIONS:
            j += 1
    elif bare in DIRECTIONS:
        while j < len(words) and bare_reading(words[j]) in DIRECTIONS:
            j += 1
        if bare == "وسط" and j < len(words) and bare_reading(words[j]) in ("مدينه", "بلده", "قريه"):
            return None  # "وسط مدينة دير الزور": in the city, not a region around it
    else:
        return None
    if j < len(words) and bare_reading(words[j]) in ("محافظه", "مدينه", "منطقه"):
        j += 1
    if j >= len(words):
        return None
    if bare_reading(words[j]) in VAGUE_AREAS:
        return PlaceMention(span_text(text, tokens, i, j + 1, bare), None, None, 3, i, j + 1, region=True)
    hit = gazetteer().match(words, j)
    if not hit or hit[1] in FOREIGN or hit[1] in COMMON_NAMES:
        return None
    _reading, _key, n, places = hit
    admin = [p for p in places if p.kind in ("governorate", "district")] or places
    end = j + n
    while end < len(words) and words[end].startswith("ال") and words[end][2:] in DIRECTIONS:
        end += 1  # "ريف دير الزور الشرقي", "ريف حلب الشمالي الغربي"
    unit = _countryside(bare, admin[0])
    return PlaceMention(
        span_text(text, tokens, i, end, bare), unit, unit.admin1 or unit.name, 2, i, end, region=True
    )


def _countryside(region_word: str, unit: Place) -> Place:
    """The unit a "ريف X" region lies in: the governorate "ريف X" where one exists (Damascus city and its
    countryside, Rif Dimashq, are two governorates), else X's own ("ريف حلب" is in Aleppo governorate)."""
    if region_word not in ("ريف", "الريف"):
        return unit
    own = governorate(f"ريف {unit.admin1 or unit.name}")
    return own if own is not None else unit


def _name_at(
    text: str, tokens: Sequence[Token], words: Sequence[str], i: int, found: list[PlaceMention]
) -> PlaceMention | None:
    gaz = gazetteer()
    if not gaz.may_start(words[i]):
        return None
    hit = gaz.match(words, i)
    looser = gaz.match(words, i, loose=True)
    loose = hit is None or (
        looser is not None and looser[2] > hit[2] and _cue(words, i, looser[0]) == "strong"
    )  # "بلدة جديدة عكيدات": the whole name, not the village "جديدة"
    hit = looser if loose else hit
    if not hit:
        return None
    reading, key, n, places = hit
    cue = _cue(words, i, reading)
    if (
        not cue
        and found
        and not found[-1].region
        and found[-1].end == i
        and (words[i].startswith("و") or tokens[i].pre.strip('"') in ("-", "–", "—", "،", ",", "/"))
    ):
        # "بلدتي جديد عكيدات والشحيل", "قريتي الجيعة-الجلامدة": the list goes on; "طريق دير الزور - دمشق":
        # the road's other end, a landmark like the first
        cue = "sub" if found[-1].cue == "sub" else "weak"
    nxt = words[i + n] if i + n < len(words) else ""
    if key in FOREIGN and cue != "strong" or bare_reading(nxt) in FOREIGN_ADJECTIVES:
        return None
    admin = [p for p in places if p.kind in ("governorate", "district")]
    if loose and cue != "strong" or cue == "sub" and key in COMMON_NAMES:
        return None
    first_cue = cue
    if cue == "sub":  # "عند دوار جسر البصيرة": kept only if the article names the town itself
        cue = "weak"
    if cue == "prefix":  # "بجروح", "بالدرجة": only a name with its article, or an admin unit's
        cue = "weak" if reading.startswith("ال") or any(p.kind != "community" for p in places) else ""
    if not (cue == "strong" or (cue == "weak" and key not in COMMON_NAMES)):
        if not admin or key in COMMON_NAMES:
            return None
        places = admin  # a governorate or district name stands on its own
    prev = bare_reading(words[i - 1]) if i else ""
    governorates = [p for p in hit[3] if p.kind == "governorate"]
    if prev in PLURAL_CUES and governorates:
        unit = governorates[0]
        return PlaceMention(
            span_text(text, tokens, i, i + n, reading), unit, unit.name, 2, i, i + n, region=True
        )
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
    end = i + n
    if best.kind == "community" and end < len(words) and words[end] in NAME_TAILS and not tokens[end].pre:
        end += 1  # "البحرة الوسطى": a part of the village the gazetteer lists whole
    written = span_text(text, tokens, i, end, reading)
    if prev == "محافظه" and best.kind == "governorate":
        written = span_text(text, tokens, i - 1, end, "محافظه")  # "في محافظة حماة": the province, as written
    return PlaceMention(written, best, best.admin1 or best.name, precision,
                        i, end, candidates=tuple(places), alternates=alternates, cue=first_cue)  # fmt: skip


def disambiguate(found: list[PlaceMention], hint_admin1: str | None) -> list[PlaceMention]:
    """For each community, the candidate in the governorate named nearby, else in the article."""
    out: list[PlaceMention] = []
    for mention in found:
        origin = mention.role == "origin"  # where people come from says nothing of where it happened
        near = [m for m in found if m is mention or (m.role == "origin") == origin]
        at = next(k for k, m in enumerate(near) if m is mention)
        after = [m for m in near[at + 1 : at + 3] if m.admin1 and m.precision > 1]
        before = [m for m in near[:at][::-1] if m.admin1 and m.precision > 1]
        wanted = (after or before)[0].admin1 if after or before else hint_admin1
        if mention.place is None and not mention.region and mention.admin1 is None and mention.precision == 1:
            out.append(replace(mention, admin1=wanted))  # a village the gazetteer lacks
            continue
        if mention.region or mention.place is None or mention.place.kind != "community":
            out.append(mention)
            continue
        if governorate(mention.place.name) is not None and mention.place.admin1 == mention.place.name:
            out.append(mention)  # "بدمشق", "في إدلب": a governorate's own city is no other village's name
            continue
        chosen = [p for p in mention.candidates if p.admin1 == wanted]
        chosen = chosen or [p for p in mention.alternates if p.admin1 == wanted]
        if (
            not chosen
            and wanted
            and (mention.cue == "prefix" or (mention.cue == "weak" and (after or before)))
        ):
            continue  # "بالدرجة", "في زيارة لمشفى هجين": a word, not a village of another governorate
        if chosen:
            out.append(replace(mention, place=chosen[0], admin1=wanted))
        elif after or before:  # "قرية الرز شرقي دير الزور": the gazetteer has a الرز only elsewhere
            out.append(replace(mention, place=None, admin1=wanted, precision=2))
        elif len({p.admin1 for p in mention.candidates}) > 1:
            out.append(replace(mention, place=None, admin1=None))  # no way to tell which
        else:
            out.append(mention)
    return out

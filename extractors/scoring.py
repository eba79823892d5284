"""Predicted incidents against hand-annotated ones: matching, and the figures ``make eval`` prints.

Matching, per record, one-to-one:

- a pair (gold, predicted) may match when their type *families* overlap (``frames.FAMILY``: an
  operation — raid, air landing, arrest, seizure, rescue — or violence — killing, clash, strike,
  bomb, abduction ...) and they are in the same place: the predicted ``admin1`` equals the gold
  governorate (both null counts as equal), or the places match by name or gazetteer id (below);
- pairs are taken greedily by score, highest first: place match 4, governorate 2, date 1,
  background 1, plus the Jaccard overlap of the type sets (0..1); ties keep text order.

A place matches when the written names are equal after normalization (``arabic.normalize``, quotes,
hyphens and spaces dropped) or the gold name is a gazetteer name whose entry in the gold governorate
has the predicted ``place_id`` (with or without its article).

Field accuracy is over matched pairs. ``types`` is the exact set; ``types_overlap`` a shared type;
``actors`` the exact set; ``target`` the gold target among the predicted targets (a null gold target
wants none); counts, date and background are equal values, null equal to null.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractors.arabic import normalize
from extractors.frames import FAMILY
from extractors.models import Incident
from extractors.places import gazetteer

FIELDS = (
    "types", "types_overlap", "place", "governorate", "actors", "target", "killed", "injured",
    "arrested", "date", "background",
)  # fmt: skip
_NOISE = re.compile(r"[\s\"'\-–—_/.,،()«»]+")


def place_key(name: str | None) -> str:
    return _NOISE.sub("", normalize(name or ""))


def place_matches(gold: dict[str, Any], predicted: Incident) -> bool:
    if not gold.get("place") or not predicted.place:
        return False
    if place_key(gold["place"]) == place_key(predicted.place):
        return True
    if predicted.place_id is None:
        return False
    key = " ".join(normalize(gold["place"]).split())
    bare = key.removeprefix("ال")
    found = [p for k in {key, bare, "ال" + bare} for table in (gazetteer().exact, gazetteer().loose)
             for p in table.get(k, [])]  # fmt: skip
    wanted = gold.get("governorate")
    return any(p.pcode == predicted.place_id and (wanted is None or p.admin1 == wanted) for p in found)


def _families(types: Iterable[str]) -> set[str]:
    return {FAMILY[t] for t in types if t in FAMILY}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def field_values(gold: dict[str, Any], predicted: Incident) -> dict[str, bool]:
    """Which fields of a matched pair agree (see the module docstring for each)."""
    gold_types, types = set(gold.get("types") or ()), set(predicted.types)
    target = gold.get("target")
    return {
        "types": gold_types == types,
        "types_overlap": bool(gold_types & types),
        "place": place_matches(gold, predicted),
        "governorate": gold.get("governorate") == predicted.admin1,
        "actors": set(gold.get("actors") or ()) == set(predicted.actors),
        "target": (target in predicted.targets) if target else not predicted.targets,
        "killed": gold.get("killed") == predicted.killed,
        "injured": gold.get("injured") == predicted.injured,
        "arrested": gold.get("arrested") == predicted.arrested,
        "date": gold.get("date") == predicted.date,
        "background": bool(gold.get("background")) == predicted.background,
    }


def pair_score(gold: dict[str, Any], predicted: Incident) -> float | None:
    """How well a pair agrees, or None when it may not match at all."""
    if not _families(gold.get("types") or ()) & _families(predicted.types):
        return None
    same_place = place_matches(gold, predicted)
    same_governorate = gold.get("governorate") == predicted.admin1
    if not (same_place or same_governorate):
        return None
    return (
        4 * same_place + 2 * same_governorate + (gold.get("date") == predicted.date)
        + (bool(gold.get("background")) == predicted.background)
        + _jaccard(set(gold.get("types") or ()), set(predicted.types))
    )  # fmt: skip


def match(gold: Sequence[dict[str, Any]], predicted: Sequence[Incident]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs, one-to-one, greedy by ``pair_score``."""
    scored = []
    for g, want in enumerate(gold):
        for p, found in enumerate(predicted):
            score = pair_score(want, found)
            if score is not None:
                scored.append((-score, g, p))
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for _score, g, p in sorted(scored):
        if g not in used_gold and p not in used_predicted:
            pairs.append((g, p))
            used_gold.add(g)
            used_predicted.add(p)
    return sorted(pairs)


@dataclass
class RecordResult:
    record: str
    kind: str
    gold: list[dict[str, Any]]
    predicted: list[Incident]
    pairs: list[tuple[int, int]]

    @property
    def missed(self) -> list[dict[str, Any]]:
        matched = {g for g, _ in self.pairs}
        return [g for k, g in enumerate(self.gold) if k not in matched]

    @property
    def false_alarms(self) -> list[Incident]:
        matched = {p for _, p in self.pairs}
        return [p for k, p in enumerate(self.predicted) if k not in matched]

    def field_misses(self) -> list[tuple[str, str, Any, Any]]:
        """(gold id, field, gold value, predicted value) for every disagreeing field of a matched pair."""
        out = []
        for g, p in self.pairs:
            gold, found = self.gold[g], self.predicted[p]
            for name, ok in field_values(gold, found).items():
                if not ok and name != "types_overlap":
                    out.append(
                        (gold.get("id", "?"), name, _gold_value(gold, name), _predicted_value(found, name))
                    )
        return out


def _gold_value(gold: dict[str, Any], name: str) -> Any:
    return gold.get({"types_overlap": "types"}.get(name, name))


def _predicted_value(found: Incident, name: str) -> Any:
    attribute = {"governorate": "admin1", "target": "targets", "types_overlap": "types"}.get(name, name)
    value = getattr(found, attribute)
    return sorted(value) if isinstance(value, tuple) else value


@dataclass
class Scores:
    records: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    other_records: int = 0
    incidents_on_other: int = 0
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, result: RecordResult) -> None:
        self.records += 1
        self.gold += len(result.gold)
        self.predicted += len(result.predicted)
        self.matched += len(result.pairs)
        if result.kind == "other":
            self.other_records += 1
            self.incidents_on_other += len(result.predicted)
        for g, p in result.pairs:
            for name, ok in field_values(result.gold[g], result.predicted[p]).items():
                self.field_hits[name] += ok

    def figures(self) -> dict[str, Any]:
        precision = self.matched / self.predicted if self.predicted else 1.0
        recall = self.matched / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        fields = {n: round(h / self.matched, 4) if self.matched else 0.0 for n, h in self.field_hits.items()}
        return {
            "records": self.records, "gold_incidents": self.gold, "predicted_incidents": self.predicted,
            "matched": self.matched, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4), "fields": fields, "other_records": self.other_records,
            "incidents_on_other": self.incidents_on_other,
        }  # fmt: skip

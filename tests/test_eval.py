"""The evaluation gate: the extractor scored on the gold set must not fall below the pinned floors.

``tests/data/eval/floors.json`` names the gold file and the floors (figures measured by ``make eval``,
minus a small margin). Raise the floors when the extractor improves; never lower them to let a change in.
The matching rules themselves are checked below on small hand-made cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractors.evaluation import REPO, evaluate, main
from extractors.models import Incident
from extractors.scoring import FIELDS, RecordResult, Scores, field_values, match, place_matches

FLOORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "eval" / "floors.json").read_text("utf-8")
)


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    scores, _results = evaluate([REPO / FLOORS["gold"]])
    return scores.figures()


@pytest.mark.parametrize("name", ["precision", "recall", "f1"])
def test_incident_figures_hold(figures: dict[str, Any], name: str) -> None:
    assert figures[name] >= FLOORS["floors"][name], (name, figures[name])


@pytest.mark.parametrize("name", FIELDS)
def test_field_accuracy_holds(figures: dict[str, Any], name: str) -> None:
    assert figures["fields"][name] >= FLOORS["floors"]["fields"][name], (name, figures["fields"][name])


def test_no_more_incidents_on_non_incident_texts(figures: dict[str, Any]) -> None:
    assert figures["incidents_on_other"] <= FLOORS["max_incidents_on_other"]


def test_every_gold_record_was_scored(figures: dict[str, Any]) -> None:
    assert figures["records"] == FLOORS["records"] and figures["gold_incidents"] == FLOORS["gold_incidents"]


def gold(**fields: Any) -> dict[str, Any]:
    base = {"id": "x-a", "types": ["raid", "arrest"], "place": "البصيرة", "governorate": "دير الزور",
            "actors": ["sdf"], "target": "isis", "killed": None, "injured": None, "arrested": 2,
            "date": "2023-06-06", "background": False}  # fmt: skip
    return {**base, **fields}


def predicted(**fields: Any) -> Incident:
    base: dict[str, Any] = {"types": ("raid", "arrest"), "place": "البصيرة", "place_id": "C5110",
                            "admin1": "دير الزور", "actors": ("sdf",), "targets": ("isis",), "arrested": 2,
                            "date": "2023-06-06"}  # fmt: skip
    return Incident(**{**base, **fields})


def test_places_match_by_normalized_name_or_gazetteer_id() -> None:
    assert place_matches(gold(place="أبو النيتل"), predicted(place="ابو النيتل", place_id=None))
    assert place_matches(gold(place="بلدة البصيرة"), predicted(place="البصيره")) is False
    assert place_matches(gold(place="بصيرة"), predicted(place="مدينة البصيرة", place_id="C5110"))
    assert not place_matches(gold(place="الشحيل"), predicted())


def test_a_pair_needs_a_shared_type_family_and_the_same_place_or_governorate() -> None:
    assert match([gold()], [predicted(types=("killing",))]) == []  # operation vs violence
    assert match([gold()], [predicted(types=("arrest",), place="الشحيل", place_id=None)]) == [(0, 0)]
    assert match([gold()], [predicted(place="الحسكة", place_id=None, admin1="الحسكة")]) == []


def test_matching_is_one_to_one_and_prefers_the_same_place() -> None:
    golds = [gold(id="a", place="الشحيل"), gold(id="b")]
    found = [predicted(), predicted(place="الشحيل", place_id=None)]
    assert match(golds, found) == [(0, 1), (1, 0)]
    assert match([gold()], [predicted(), predicted()]) == [(0, 0)]


def test_field_accuracy_definitions() -> None:
    values = field_values(gold(types=["raid", "arrest", "clash"], target=None, killed=1),
                          predicted(targets=(), killed=1))  # fmt: skip
    assert values["types"] is False and values["types_overlap"] is True
    assert values["target"] and values["killed"] and values["arrested"] and values["date"]
    assert field_values(gold(target=None), predicted())["target"] is False  # a target the gold does not have


def test_scores_count_precision_recall_and_non_incident_records() -> None:
    scores = Scores()
    scores.add(RecordResult("r1", "incident", [gold(), gold(place="الشحيل")], [predicted()], [(0, 0)]))
    scores.add(RecordResult("r2", "other", [], [predicted()], []))
    figures = scores.figures()
    assert (figures["precision"], figures["recall"], figures["f1"]) == (0.5, 0.5, 0.5)
    assert (figures["incidents_on_other"], figures["other_records"]) == (1, 1)
    assert figures["fields"]["place"] == 1.0


def test_the_command_prints_json_for_a_gold_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(REPO / "tests" / "data" / "seeds" / "annotations.json"), "--json", "-v"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["records"] == 3 and 0 <= out["f1"] <= 1 and len(out["records_detail"]) == 3

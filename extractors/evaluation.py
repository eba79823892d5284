"""``python -m extractors.evaluation [GOLD_JSON ...] [--json] [-v]``: the extractor scored on gold files.

A gold file is ``{"docs": {record id: {"published": "YYYY-MM-DD", "kind": ..., "incidents": [...],
"text": ..., "url": ...}}}`` (the schema of ANNOTATION_GUIDE.md). A record without ``text`` is read
from the file named by its id beside the gold file (the seeds' layout). Each record becomes an
``Article`` through ``extractors.text.article_from_text`` with its publication day at noon,
Asia/Damascus, and goes through ``extract_incidents``; ``extractors.scoring`` matches and counts.

Gold files are given as arguments or with ``--gold`` (``--gold tests/data/heldout/gold.json`` scores the
held-out set, which must never be used to tune rules; see its NOTES.md). Without any it scores
``tests/data/eval/dev_gold.json`` if present, else the seeds
(``tests/data/seeds/annotations.json``). ``--json`` prints the figures as one JSON object (the test
gate reads it); ``-v`` lists every record's misses, false alarms and disagreeing fields.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from extractors.incidents import extract_incidents
from extractors.models import Incident, NotAnArticle
from extractors.scoring import FIELDS, RecordResult, Scores, match
from extractors.text import article_from_text

REPO = Path(__file__).resolve().parent.parent
DEV_GOLD = REPO / "tests" / "data" / "eval" / "dev_gold.json"
SEED_GOLD = REPO / "tests" / "data" / "seeds" / "annotations.json"
DAMASCUS = ZoneInfo("Asia/Damascus")


def default_gold() -> Path:
    return DEV_GOLD if DEV_GOLD.exists() else SEED_GOLD


def load_gold(path: Path) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["docs"]
    for record_id, doc in docs.items():
        if "text" not in doc:
            doc["text"] = (path.parent / record_id).read_text(encoding="utf-8")
    return docs


def predict(doc: dict[str, Any]) -> list[Incident]:
    published = doc.get("published")
    moment = (
        datetime.combine(datetime.fromisoformat(published).date(), time(12), DAMASCUS) if published else None
    )
    try:
        article = article_from_text(doc["text"], url=doc.get("url"), published=moment)
    except NotAnArticle:
        return []
    return extract_incidents(article)


def evaluate(paths: Sequence[Path]) -> tuple[Scores, list[RecordResult]]:
    scores = Scores()
    results = []
    for path in paths:
        for record_id, doc in load_gold(path).items():
            gold = list(doc.get("incidents") or [])
            predicted = predict(doc)
            result = RecordResult(record_id, doc.get("kind") or "", gold, predicted, match(gold, predicted))
            scores.add(result)
            results.append(result)
    return scores, results


def _describe(incident: Incident) -> str:
    return (f"{'/'.join(incident.types)} @ {incident.place} ({incident.admin1}) {incident.date or '-'}"
            f"{' background' if incident.background else ''}")  # fmt: skip


def _describe_gold(gold: dict[str, Any]) -> str:
    return (f"{gold.get('id', '?')}: {'/'.join(gold.get('types') or [])} @ {gold.get('place')} "
            f"({gold.get('governorate')}) {gold.get('date') or '-'}{' background' if gold.get('background') else ''}")  # fmt: skip


def print_report(figures: dict[str, Any], results: list[RecordResult], verbose: bool) -> None:
    print(f"gold: {figures['gold']}")
    print(f"records {figures['records']}, gold incidents {figures['gold_incidents']}, "
          f"predicted {figures['predicted_incidents']}, matched {figures['matched']}")  # fmt: skip
    print(f"precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  f1 {figures['f1']:.3f}")
    print(f"incidents on non-incident records: {figures['incidents_on_other']} "
          f"(of {figures['other_records']} records)")  # fmt: skip
    print("field accuracy over matched pairs:")
    for name in FIELDS:
        print(f"  {name:<14} {figures['fields'][name]:.3f}")
    if not verbose:
        return
    for result in results:
        misses, alarms, fields = result.missed, result.false_alarms, result.field_misses()
        if not (misses or alarms or fields):
            continue
        print(f"\n{result.record} [{result.kind or '-'}]")
        for gold in misses:
            print(f"  missed       {_describe_gold(gold)}")
        for incident in alarms:
            print(f"  false alarm  {_describe(incident)}")
        for gold_id, name, want, got in fields:
            print(f"  {gold_id} {name}: gold {want!r}, predicted {got!r}")


def _shown(path: Path) -> str:
    """A gold file's path relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m extractors.evaluation", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "gold", nargs="*", type=Path, help="gold JSON files (default: the dev set, else the seeds)"
    )
    parser.add_argument(
        "--gold",
        action="append",
        type=Path,
        default=[],
        dest="more_gold",
        metavar="GOLD_JSON",
        help="a further gold file (repeatable), e.g. tests/data/heldout/gold.json",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="per-record misses and false alarms")
    args = parser.parse_args(argv)
    paths = [*args.gold, *args.more_gold] or [default_gold()]
    scores, results = evaluate(paths)
    figures = {"gold": [_shown(p) for p in paths], **scores.figures()}
    if args.json:
        if args.verbose:
            figures["records_detail"] = [
                {"record": r.record, "missed": [g.get("id") for g in r.missed],
                 "false_alarms": [_describe(i) for i in r.false_alarms],
                 "field_misses": [list(m) for m in r.field_misses()]}
                for r in results
            ]  # fmt: skip
        json.dump(figures, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_report({**figures, "gold": ", ".join(figures["gold"])}, results, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Real reports for the matching tests: records of the dev set (tests/data/eval/dev_gold.json, sources
in tests/data/eval/SOURCES.md) as articles, and the incidents Rasad's extractor reads from them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from extractors.incidents import extract_incidents
from extractors.models import Article, Incident
from tests.conftest import DATA


@cache
def records() -> dict[str, Any]:
    docs: dict[str, Any] = json.loads((DATA / "eval" / "dev_gold.json").read_text(encoding="utf-8"))["docs"]
    return docs


def report(record: str, url: str | None = None, source_id: str | None = None, hours: int = 12) -> Article:
    """The record as an article published ``hours`` into its publication day."""
    doc = records()[record]
    published = datetime.fromisoformat(doc["published"]).replace(tzinfo=UTC) + timedelta(hours=hours)
    return Article(url=url or doc.get("url") or f"https://example.invalid/{record}", title="", text=doc["text"],
                   published=published, source_id=source_id or doc.get("outlet"))  # fmt: skip


def incidents_of(article: Article) -> list[Incident]:
    return extract_incidents(article)


def incident_at(article: Article, place: str) -> Incident:
    """The one incident the extractor reads at ``place`` as written in the text, or at a name within it
    ("وسط مدينة دير الزور" may be read as "دير الزور" as the place finder improves)."""
    found = incidents_of(article)
    exact = [i for i in found if i.place == place]
    if exact:
        [incident] = exact
        return incident
    [incident] = [i for i in found if i.place and (i.place in place or place in i.place)]
    return incident

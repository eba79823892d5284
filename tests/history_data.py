"""A real store for the history and map tests: the gold set's real reports (tests/data/eval, each
with its source URL), read by Rasad's own extractors and filed by Store.save_article, each first seen
one hour after it was published (``recent`` ones: an hour ago)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from crawler.store import Store
from extractors.incidents import extract_incidents
from extractors.models import Incident
from extractors.text import article_from_text

GOLD = Path(__file__).resolve().parent / "data" / "eval" / "dev_gold.json"
DAMASCUS = ZoneInfo("Asia/Damascus")


@dataclass(frozen=True)
class FilledStore:
    data_dir: Path
    incidents: list[Incident]  # as stored, in first-seen order
    first_seen: dict[str, datetime]  # incident id -> when the store filed it


def source_id(url: str) -> str:
    host = urlsplit(url).hostname or "unknown"
    return host.removeprefix("www.").removeprefix("mail.").split(".")[0]


def fill_store(data_dir: Path, recent: tuple[str, ...] = ()) -> FilledStore:
    docs = json.loads(GOLD.read_text(encoding="utf-8"))["docs"]
    store = Store(f"sqlite:///{data_dir / 'rasad.sqlite3'}")
    first_seen: dict[str, datetime] = {}
    try:
        for record_id, doc in docs.items():
            if doc["kind"] != "incident" or not doc.get("url"):
                continue
            published = datetime.combine(datetime.fromisoformat(doc["published"]).date(), time(12), DAMASCUS)
            article = article_from_text(
                doc["text"], url=doc["url"], published=published, source_id=source_id(doc["url"])
            )
            seen = (
                datetime.now(UTC) - timedelta(hours=1)
                if record_id in recent
                else published + timedelta(hours=1)
            )
            found = extract_incidents(article)
            store.save_article(article, found, timedelta(hours=72), now=seen.astimezone(UTC))
            for incident in found:
                first_seen.setdefault(incident.id, seen)
        stored = store.incidents()
    finally:
        store.close()
    return FilledStore(data_dir, stored, {i.id: first_seen[i.id] for i in stored if i.id in first_seen})

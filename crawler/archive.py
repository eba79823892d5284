"""The raw page archive: every fetched article page, gzip-compressed with its headers, under
``data_dir/archive/SOURCE/YYYY-MM-DD/KEY.json.gz``, so ``rasad reprocess`` can run improved extractors
over pages already fetched, without fetching them again.

One file per page: a JSON document with the URL, where it was fetched from, when, the HTTP status and
headers, the feed's publication date, and the body (base64, so any encoding survives untouched).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.items import CrawledPage


@dataclass(frozen=True)
class ArchivedPage:
    path: Path
    page: CrawledPage
    fetched_at: datetime
    status: int
    headers: dict[str, str]


def archive_page(root: Path, page: CrawledPage, status: int, headers: dict[str, str], fetched_at: datetime) -> Path:
    folder = root / page.source_id / fetched_at.strftime("%Y-%m-%d")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha1(page.url.encode()).hexdigest()[:20]}.json.gz"
    record = {
        "url": page.url, "fetched_url": page.fetched_url, "source_id": page.source_id, "feed_url": page.feed_url,
        "fetched_at": fetched_at.isoformat(), "status": status, "headers": headers, "encoding": page.encoding,
        "feed_published": page.feed_published.isoformat() if page.feed_published else None,
        "body": base64.b64encode(page.body).decode("ascii"),
    }  # fmt: skip
    partial = path.with_suffix(".tmp")
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=6) as handle:
        json.dump(record, handle, ensure_ascii=False)
    os.replace(partial, path)  # never a half-written file under the real name
    return path


def read_archived(path: Path) -> ArchivedPage:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        record = json.load(handle)
    published = record.get("feed_published")
    page = CrawledPage(
        url=record["url"], body=base64.b64decode(record["body"]), source_id=record["source_id"],
        feed_url=record.get("feed_url"), encoding=record.get("encoding"), fetched_url=record.get("fetched_url"),
        feed_published=datetime.fromisoformat(published) if published else None,
    )  # fmt: skip
    return ArchivedPage(path, page, datetime.fromisoformat(record["fetched_at"]), record["status"], record["headers"])


def archived_pages(root: Path, since: datetime | None = None, source_ids: set[str] | None = None) -> Iterator[ArchivedPage]:
    """Archived pages, oldest first; the newest copy of a URL wins when it was fetched more than once."""
    if not root.is_dir():
        return
    newest: dict[str, Path] = {}
    for source_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        if source_ids and source_dir.name not in source_ids:
            continue
        for day_dir in sorted(p for p in source_dir.iterdir() if p.is_dir()):
            if since is not None and day_dir.name < since.strftime("%Y-%m-%d"):
                continue  # whole days before ``since``: not even opened
            for path in sorted(day_dir.glob("*.json.gz")):
                newest[f"{source_dir.name}/{path.name}"] = path
    for path in sorted(newest.values(), key=lambda p: (p.parent.name, p.name)):
        archived = read_archived(path)
        if since is None or archived.fetched_at >= since:
            yield archived

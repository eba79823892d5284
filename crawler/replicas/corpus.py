"""Replica outlets built from the article-page corpus (``tests/data/article_pages/<outlet>/``).

Such a site's folder holds its ``manifest.json`` (and any page of its own, such as a category listing);
its article and tag pages are the corpus pages named in the manifest's ``pages``, served at the path of
the case's URL with the outlet's real address replaced by the replica's, and its feed is rendered in the
outlet's feed format (:mod:`crawler.replicas.feeds`). Nothing is copied: the corpus is the one place
those pages live. It is part of the repository, not of the installed package, so these sites exist only
in a checkout (:func:`available`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.replicas.feeds import BASE, FeedChannel, FeedItem, render_feed

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "article_pages"
SUMMARY_WORDS = 40

# WordPress answers /robots.txt itself when the site has no file (wp-includes/functions.php, do_robots).
WORDPRESS_ROBOTS = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: {{BASE}}/wp-sitemap.xml\n"


@dataclass(frozen=True)
class CorpusPage:
    case: dict[str, Any]  # the corpus case (cases.json): url, title, published, kind, ...
    path: str  # where the replica serves it, as a URL path (query included)
    html_file: Path
    text_file: Path | None  # the expected text; None for a listing page
    in_feed: bool

    @property
    def is_article(self) -> bool:
        return self.case["kind"] == "article"


def is_corpus_site(manifest: dict[str, Any]) -> bool:
    return "corpus" in manifest


def available(manifest: dict[str, Any]) -> bool:
    """Whether a manifest's pages can be served here (always, for a site with no corpus pages)."""
    return not is_corpus_site(manifest) or (CORPUS_DIR / manifest["corpus"] / "cases.json").is_file()


@cache
def _cases(outlet: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((CORPUS_DIR / outlet / "cases.json").read_text(encoding="utf-8"))
    return result


def url_path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def pages(manifest: dict[str, Any]) -> list[CorpusPage]:
    """The corpus pages a site serves, in manifest order."""
    outlet = manifest["corpus"]
    folder = CORPUS_DIR / outlet
    by_id = {case["id"]: case for case in _cases(outlet)["cases"]}
    found = []
    for entry in manifest["pages"]:
        case = by_id[entry["case"]]
        text = folder / f"{case['id']}.txt"
        found.append(CorpusPage(
            case=case, path=url_path(case["url"]), html_file=folder / case.get("file", f"{case['id']}.html"),
            text_file=text if case["kind"] == "article" else None,
            in_feed=entry.get("in_feed", True),
        ))  # fmt: skip
    return found


def site_files(manifest: dict[str, Any]) -> dict[str, bytes]:
    """URL path (percent-decoded) -> file content with ``{{BASE}}`` placeholders: pages, feed, robots.txt."""
    outlet = _cases(manifest["corpus"])
    base = urlsplit(outlet["site"]["base"])  # its origin: a base may carry a path ("https://hawarnews.com/ar")
    real_base = f"{base.scheme}://{base.netloc}".encode()
    files: dict[str, bytes] = {}
    for page in pages(manifest):
        files[_decoded(page.path)] = page.html_file.read_bytes().replace(real_base, BASE.encode())
    feed_kind = manifest.get("feed_format", "wordpress")
    feed_path = manifest["feeds"][0]
    files[_decoded(feed_path)] = render_feed(feed_kind, _channel(manifest, feed_path)).encode()
    if feed_kind == "wordpress":
        files["/robots.txt"] = WORDPRESS_ROBOTS.encode()
    return files


def _decoded(path: str) -> str:
    bare, _, query = path.partition("?")
    return unquote(bare) + (f"?{unquote(query)}" if query else "")


def _channel(manifest: dict[str, Any], feed_path: str) -> FeedChannel:
    entries = {entry["case"]: entry for entry in manifest["pages"]}
    items = []
    for page in pages(manifest):
        if not page.in_feed:
            continue
        entry = entries[page.case["id"]]
        published = page.case.get("published") or entry["published"]  # a listing page has none of its own
        summary = (
            " ".join(page.text_file.read_text(encoding="utf-8").split()[:SUMMARY_WORDS])
            if page.text_file
            else ""
        )
        items.append(FeedItem(
            title=entry.get("feed_title", page.case["title"]), path=page.path,
            published=datetime.fromisoformat(published), summary=summary,
            creator=manifest.get("creator", ""), categories=tuple(entry.get("categories", ())),
            post_id=int(entry.get("post_id", 0)),
        ))  # fmt: skip
    return FeedChannel(manifest["name"], manifest.get("description", ""), feed_path, items)

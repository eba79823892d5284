"""Publication time of a page, by evidence in order of reliability: JSON-LD, <meta>, the feed, the URL,
then a date line in the page. All of it is read and cross-checked: an impossible value (in the future,
before the web) is no evidence; when the rest disagree by more than a day the most reliable is kept, and
the disagreement logged. A time without a zone is Syria's local time; no evidence gives None, never a
guess."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)

SYRIA = ZoneInfo("Asia/Damascus")
EARLIEST = datetime(1995, 1, 1, tzinfo=SYRIA)  # no Arabic news site published before this
_DISAGREEMENT = timedelta(days=1)
ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "ReportageNews", "AnalysisNewsArticle",
                 "OpinionNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting"}  # fmt: skip
# The page's own header and footer (not an article's <header class="entry-header">), menus and sidebars.
NOT_IN_CONTENT = ("ancestor::nav or ancestor::aside or ancestor::*[self::header or self::footer]"
                  "[not(ancestor::article or ancestor::main)]")  # fmt: skip
PARAGRAPH_CHARS = 80
_URL_DATES = (re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(\d\d?)(?:/|$)"),
              re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[/_-]|$)"))  # fmt: skip
_YEAR = re.compile(r"(?:19|20)\d\d|[١٢][٠٩][٠-٩][٠-٩]")
_DATE_CLASS = re.compile(r"\b(?:date|time|published|posted-on|entry-date|post-date|meta-date)\b")


def first_date(*finders: tuple[Callable[[], datetime | None], str]) -> tuple[datetime | None, str | None]:
    """The first evidence found, in the order given, and which it was; each finder runs only if needed."""
    for find, source in finders:
        value = find()
        if value is not None:
            return aware(value), source
    return None, None


def published_time(
    evidence: list[tuple[str, datetime | None]], url: str | None = None, now: datetime | None = None
) -> tuple[datetime | None, str | None]:
    """The most reliable plausible evidence (``evidence`` is in order of reliability) and which it was."""
    latest = (now or datetime.now(SYRIA)) + timedelta(days=1)
    found = [(source, aware(value)) for source, value in evidence if value is not None]
    plausible = [(source, value) for source, value in found if EARLIEST <= value <= latest]
    if len(plausible) < len(found):
        log.debug("implausible publication time ignored: %s", [s for s in found if s not in plausible])
    if not plausible:
        return None, None
    source, best = plausible[0]
    others = [f"{s} {v.isoformat()}" for s, v in plausible[1:] if abs(v - best) > _DISAGREEMENT]
    if others:
        log.info("publication time: %s %s kept, %s disagree", source, best.isoformat(), ", ".join(others),
                 extra={"url": url})  # fmt: skip
    return best, source


def aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=SYRIA)  # outlets write Syria's local time


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def jsonld_items(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content().strip().removeprefix("<!--").removesuffix("-->"))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(item.get("@graph", []))


def schema_types_of(item: dict[str, Any]) -> list[str]:
    value = item.get("@type", [])
    return [value] if isinstance(value, str) else [t for t in value if isinstance(t, str)]


def jsonld_published(items: list[dict[str, Any]]) -> datetime | None:
    dated = [item for item in items if isinstance(item.get("datePublished"), str)]
    dated.sort(key=lambda item: not set(schema_types_of(item)) & ARTICLE_TYPES)
    return next((d for d in (_iso(item["datePublished"]) for item in dated) if d), None)


def meta_published(tree: HtmlElement) -> datetime | None:
    values = tree.xpath('//meta[@property="article:published_time" or @property="og:published_time"'
                        ' or @name="pubdate" or @name="publish-date" or @itemprop="datePublished"]/@content')  # fmt: skip
    return next((d for d in map(_iso, values) if d), None)


def url_published(url: str | None) -> datetime | None:
    """The day in a /YYYY/MM/DD/ (or /YYYY-MM-DD) URL path, at midnight in Syria."""
    for pattern in _URL_DATES:
        match = pattern.search(url or "")
        if match:
            year, month, day = map(int, match.groups())
            try:
                return datetime(year, month, day, tzinfo=SYRIA)
            except ValueError:
                return None
    return None


def date_in_markup(tree: HtmlElement) -> datetime | None:
    """A <time> or date-classed element above the article's first paragraph (its byline), outside the
    header (a theme's today's date) and before related posts, whose dates are other articles'."""
    for element in tree.xpath(f"//body//*[self::time or self::p or @class][not({NOT_IN_CONTENT})]"):
        if element.tag == "p" and len(element.text_content().strip()) >= PARAGRAPH_CHARS:
            return None
        if element.tag != "time" and not _DATE_CLASS.search(element.get("class", "")):
            continue
        if element.get("datetime") and (found := _iso(element.get("datetime"))):
            return found
        if found := date_in_lines([element.text_content()]):
            return found
    return None


def date_in_lines(lines: Iterable[str]) -> datetime | None:
    """The first short line that is a full date ("السبت 18 أيار 2019", "2024.12.26 | 20:32")."""
    import dateparser

    for line in lines:
        line = " ".join(line.split())
        if not line or len(line) > 60 or not _YEAR.search(line):
            continue
        for piece in [line, *re.split(r"\s+[|–—-]\s+|\s*\|\s*", line)]:
            found = dateparser.parse(piece, locales=["ar-SY", "en"],
                                     settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"})  # fmt: skip
            if found and aware(found) <= datetime.now(SYRIA) + timedelta(days=1):
                return aware(found)
    return None

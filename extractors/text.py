"""HTML page (or an already extracted ``.txt``) -> :class:`Article`.

The steps: decode the bytes by the page's charset; refuse what is not one article (empty, binary, a bot
challenge, a listing), with the reason; take the title and the publication time from the page's
metadata; apply the outlet's CSS rules (``PageRules``); let trafilatura find the main text (again with
precision when recall glued a short item's share bar into it); remove the generic Arabic clutter line by
line (:mod:`extractors.clutter`).

``NotAnArticle`` reasons start with one of ``REASONS`` so callers can tell a bot challenge (a source
failure) from a page that is merely not an article.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from extractors.clutter import clean_lines, fold, share_bar_inside
from extractors.models import Article, NotAnArticle
from extractors.pagedates import (
    ARTICLE_TYPES,
    NOT_IN_CONTENT,
    date_in_lines,
    date_in_markup,
    first_date,
    jsonld_items,
    jsonld_published,
    meta_published,
    published_time,
    schema_types_of,
    url_published,
)

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)

BOT_CHALLENGE, LISTING, EMPTY, BINARY, NO_TEXT = (
    "bot challenge page", "listing page", "empty page", "binary content", "no article text")  # fmt: skip
REASONS = (BOT_CHALLENGE, LISTING, EMPTY, BINARY, NO_TEXT)


_MAGIC = {b"%PDF": "pdf", b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg", b"GIF8": "gif", b"PK\x03\x04": "zip",
          b"\x1f\x8b": "gzip", b"RIFF": "riff", b"\x00\x00\x00": "binary"}  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CHALLENGE_TITLES = ("just a moment", "attention required", "please wait", "one moment, please", "ddos-guard",
                     "verifying you are human", "security check", "captcha", "are you a robot", "access denied")  # fmt: skip
_CHALLENGE_MARKS = ("challenge-form", "cf-browser-verification", "cf-chl", "_cf_chl_opt", "cf-turnstile",
                    "g-recaptcha", "h-captcha", "sucuri-firewall", "/cdn-cgi/challenge-platform")  # fmt: skip
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»«•·]\s+")
_LISTING_TYPES = {"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage"}
# WordPress marks every page's <body> with what it is (most Syrian outlets run WordPress).
_SINGLE_CLASSES = {"single", "single-post", "single-format-standard"}
_LISTING_CLASSES = {"archive", "category", "tag", "search", "search-results", "author", "blog", "home", "paged"}  # fmt: skip
_MIN_TEASERS, _MIN_HEADLINE_LINES, _MIN_BODY_CHARS, _SHORT_BODY_CHARS, _TITLE_MAX_CHARS = 8, 5, 400, 120, 160


@dataclass(frozen=True)
class PageRules:
    """Per-outlet CSS rules applied before extraction (filled from the source's config)."""

    drop_selectors: tuple[str, ...] = ()
    keep_selector: str | None = None


# trafilatura's settings, chosen by measurement (`make bench` prints the comparison, README quotes it):
# recall keeps two-sentence "عاجل" items whole (the balanced default drops the shortest), the clutter
# rules then remove what recall lets through; tables hold text on some pages; comments never count.
EXTRACTION: dict[str, Any] = {"favor_recall": True, "include_comments": False, "include_tables": True,
                              "include_images": False, "include_links": False, "deduplicate": False}  # fmt: skip

PRECISE: dict[str, Any] = {**EXTRACTION, "favor_recall": False, "favor_precision": True}


def extract_article(
    html: str | bytes,
    url: str | None = None,
    source_id: str | None = None,
    feed_published: datetime | None = None,
    rules: PageRules | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Article:
    """The article in an HTML page; raises :class:`NotAnArticle` (with the reason) when it has none.

    ``settings`` replaces trafilatura's settings (:data:`EXTRACTION`), for measuring others; whatever the
    settings, an extraction with a share bar glued into its text is redone with :data:`PRECISE`.
    """
    import lxml.etree
    import lxml.html
    import trafilatura

    text = decode_html(html)
    try:  # trafilatura's own parser (measured better on real pages); lxml's for a bare fragment it refuses
        tree = trafilatura.load_html(text)
        if tree is None:
            tree = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1))
    except (ValueError, lxml.etree.ParserError) as error:
        raise NotAnArticle(f"{EMPTY}: unparsable HTML ({error})") from None
    _refuse_bot_challenge(tree)
    jsonld = list(jsonld_items(tree))
    schema_types = {t for item in jsonld for t in schema_types_of(item)}
    _refuse_listing(tree, schema_types)
    title = page_title(tree)
    evidence = [("jsonld", jsonld_published(jsonld)), ("meta", meta_published(tree)), ("feed", feed_published),
                ("url", url_published(url)), ("text", date_in_markup(tree))]  # fmt: skip
    body = _apply_rules(tree, rules or PageRules())
    raw = trafilatura.extract(body, url=url, **(EXTRACTION if settings is None else settings))
    if raw and share_bar_inside(raw):
        # Recall took a short item's whole <article> (kicker, title, share bar, text) as one paragraph;
        # precision keeps the item's own paragraphs.
        raw = trafilatura.extract(body, url=url, **PRECISE) or raw
    lines = raw.splitlines() if raw else []
    kept = clean_lines(lines, title)
    if not kept:
        raise NotAnArticle(f"{NO_TEXT}: nothing left after removing page clutter" if raw else NO_TEXT)
    if evidence[-1][1] is None:  # a date line that only the extracted text shows
        evidence[-1] = ("text", date_in_lines(lines[:8]))
    published, published_from = published_time(evidence, url=url)
    if not title:
        title, kept = _split_title(kept)
    if not kept:
        raise NotAnArticle(f"{NO_TEXT}: a title and nothing else")
    return Article(url=url, title=title, text="\n".join(kept), published=published,
                   published_from=published_from, source_id=source_id)  # fmt: skip


def article_from_text(
    text: str, url: str | None = None, published: datetime | None = None, source_id: str | None = None
) -> Article:
    """An already extracted article (like the seed ``.txt`` files): its first real line is the title
    (none when that line is a whole paragraph), the rest the text.

    A ``published`` given by the caller is not evidence found in the article: ``published_from`` stays None.
    """
    lines = clean_lines(text.splitlines())
    if not lines:
        raise NotAnArticle(f"{EMPTY}: no text")
    found_from = None
    if published is None:
        published, found_from = first_date((lambda: url_published(url), "url"),
                                            (lambda: date_in_lines(text.splitlines()[:8]), "text"))  # fmt: skip
    title, body = _split_title(lines)
    return Article(url=url, title=title, text="\n".join(body), published=published,
                   published_from=found_from, source_id=source_id)  # fmt: skip


def _split_title(lines: list[str]) -> tuple[str, list[str]]:
    """The first line as title, unless it is a whole paragraph (an excerpt without its headline)."""
    if len(lines) < 2 or len(lines[0]) > _TITLE_MAX_CHARS:
        return "", lines
    return lines[0], clean_lines(lines[1:], title=lines[0])  # some pages print the title twice


def decode_html(html: str | bytes) -> str:
    """The page as text: its declared charset (BOM, <meta>), else UTF-8, else the best guess."""
    if isinstance(html, str):
        text = html
    else:
        head = html.lstrip()[:8]
        for magic, kind in _MAGIC.items():
            if head.startswith(magic):
                raise NotAnArticle(f"{BINARY}: {kind}")
        text = _decode_bytes(html)
    if not text.strip():
        raise NotAnArticle(EMPTY)
    sample = text[:4000]
    if (
        sum(ch == "\x00" or ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f") for ch in sample)
        > len(sample) // 20
    ):
        raise NotAnArticle(f"{BINARY}: not text")
    return text


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    found = _CHARSET.search(data[:4096])
    declared = found.group(1).decode("ascii").lower() if found else "utf-8"
    # A Western single-byte charset on an Arabic page is a template default: UTF-8 first then.
    western = declared in {"iso-8859-1", "latin-1", "latin1", "windows-1252", "us-ascii", "ascii"}
    for encoding in ["utf-8", declared] if western else [declared, "utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("cp1256", errors="replace")


def _refuse_bot_challenge(tree: HtmlElement) -> None:
    """An interstitial (Cloudflare "Just a moment...", a captcha) has little text and tell-tale markup."""
    import lxml.html

    if len(" ".join(tree.xpath("//body//text()[not(ancestor::script or ancestor::style)]"))) >= 3000:
        return
    title = " ".join(" ".join(tree.xpath("//title//text()")).split())
    markup = lxml.html.tostring(tree, encoding="unicode")
    if any(t in title.casefold() for t in _CHALLENGE_TITLES) or any(m in markup for m in _CHALLENGE_MARKS):
        raise NotAnArticle(f"{BOT_CHALLENGE}: {title or 'challenge markup'}")


def _refuse_listing(tree: HtmlElement, schema_types: set[str]) -> None:
    """A category, tag, search or home page: by what the page says it is (schema.org types, WordPress's
    body classes), else by its shape: many headline links and no run of text between them that could
    be an article's body."""
    if schema_types & ARTICLE_TYPES:
        return
    if schema_types & _LISTING_TYPES:
        raise NotAnArticle(f"{LISTING}: schema.org {sorted(schema_types & _LISTING_TYPES)[0]}")
    classes = set(" ".join(tree.xpath("//body/@class")).split())
    if classes & _SINGLE_CLASSES or any(c.startswith("postid-") for c in classes):
        return
    if classes & _LISTING_CLASSES:
        raise NotAnArticle(f"{LISTING}: page class {sorted(classes & _LISTING_CLASSES)[0]!r}")
    teasers = [
        link for link in tree.xpath(f"//body//a[@href][not({NOT_IN_CONTENT})]") if _is_headline_link(link)
    ]
    if len({link.get("href") for link in teasers}) < _MIN_TEASERS:
        return
    # Walk the content's text in document order: each headline link ends a run of other text.
    owner = {element: link for link in teasers for element in link.iter()}
    runs, run, last = [0], 0, None
    for piece in tree.xpath(
        f"//body//text()[not(ancestor::script or ancestor::style)][not({NOT_IN_CONTENT})]"
    ):
        holder = piece.getparent()
        link = owner.get(holder.getparent() if piece.is_tail and holder is not None else holder)
        if link is None:
            run += len(piece.strip())
        elif link is not last:
            runs.append(run)
            run, last = 0, link
    longest = max([*runs, run])
    # An og:type "article" page with a short body (an urgent item) among many links is still an article.
    limit = (
        _SHORT_BODY_CHARS
        if "article" in tree.xpath('//meta[@property="og:type"]/@content')
        else _MIN_BODY_CHARS
    )
    if len(runs) > _MIN_HEADLINE_LINES and longest < limit:
        raise NotAnArticle(f"{LISTING}: {len(runs) - 1} headlines and no single article body")


def _is_headline_link(link: HtmlElement) -> bool:
    text = " ".join(link.text_content().split())
    return len(text) >= 20 and len(text.split()) >= 3 and not link.get("href", "").startswith("#")


def page_title(tree: HtmlElement) -> str:
    """og:title, else the first h1, else <title>; without the " - Outlet" part."""
    site_names = {fold(n) for n in tree.xpath('//meta[@property="og:site_name"]/@content') if n.strip()}
    candidates = [*tree.xpath('//meta[@property="og:title"]/@content'),
                  *(h1.text_content() for h1 in tree.xpath("//body//h1")[:1]),
                  *tree.xpath("//title//text()")]  # fmt: skip
    for candidate in candidates:
        title = _strip_site_name(" ".join(candidate.split()), site_names)
        if title:
            return title
    return ""


def _strip_site_name(title: str, site_names: set[str]) -> str:
    """Drop the outlet's name at either end: "عنوان - عنب بلدي", "SY24 | عنوان"."""
    pieces = _TITLE_SEPARATORS.split(title)
    if len(pieces) < 2:
        return title
    spans = [m.span() for m in _TITLE_SEPARATORS.finditer(title)]
    last, first = fold(pieces[-1]), fold(pieces[0])
    # Without og:site_name, a last piece of one to three words is taken for the outlet's name.
    rest = title[: spans[-1][0]]
    if last in site_names or (not site_names and len(last.split()) <= 3 and len(rest.split()) > 3):
        return rest.strip()
    if first in site_names:
        return title[spans[0][1] :].strip()
    return title


def _apply_rules(tree: HtmlElement, rules: PageRules) -> HtmlElement:
    """The page without the outlet's clutter, or only its article element when one is named."""
    for selector in rules.drop_selectors:
        for element in tree.cssselect(selector):
            element.drop_tree()
    if rules.keep_selector:
        kept = tree.cssselect(rules.keep_selector)
        if kept:
            return kept[0]
        log.debug("keep_selector %r matched nothing; extracting from the whole page", rules.keep_selector)
    return tree

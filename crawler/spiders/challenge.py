"""Bot challenges ("Just a moment...", captchas): a source failure with that reason, never an article."""

from __future__ import annotations

from extractors.models import NotAnArticle
from extractors.text import BOT_CHALLENGE, extract_article


def bot_challenge(body: bytes) -> str | None:
    """The reason, when ``body`` is an interstitial challenge page; else None.  Cheap for feeds and
    sitemaps (they start with XML), and the extractor's own test for HTML, so the two never disagree."""
    head = body[:512].lstrip().lower()
    if not body or head.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex")):
        return None
    if b"<html" not in body[:4096].lower() and b"<!doctype" not in head:
        return None
    try:
        extract_article(body)
    except NotAnArticle as reason:
        return str(reason) if str(reason).startswith(BOT_CHALLENGE) else None
    except Exception:  # noqa: BLE001 - any other trouble is the caller's to report, not a challenge
        return None
    return None

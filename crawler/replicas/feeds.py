"""Feeds of the replica outlets whose pages come from the article-page corpus, written per publisher's
software: the feed is rendered from the site's manifest when its server starts.

- ``wordpress``: WordPress's ``feed-rss2.php`` (the layout the Enab Baladi replica's static feed has):
  the content/wfw/dc/atom/sy/slash namespaces, a ``generator`` naming WordPress (so Rasad pages it with
  ``?paged=N``), ``dc:creator`` and ``category`` in CDATA, ``guid`` as the ``?p=ID`` shortlink, times in
  UTC (``+0000``).
- ``drupal``: Drupal's views RSS (``xml:base``, ``dc:creator``, ``guid`` as "NID at SITE", times in the
  site's zone, no generator: not paged).
- ``rss``: a bare RSS 2.0 channel of title, link, description and pubDate, for outlets on their own CMS
  whose feed layout could not be checked (see the site's ``about``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

BASE = "{{BASE}}"


@dataclass(frozen=True)
class FeedItem:
    title: str
    path: str  # site path, query included: "/65047/", "/?p=1422722"
    published: datetime
    summary: str = ""
    creator: str = ""
    categories: tuple[str, ...] = ()
    post_id: int = 0


@dataclass(frozen=True)
class FeedChannel:
    title: str
    description: str
    self_path: str  # the feed's own path
    items: list[FeedItem] = field(default_factory=list)


def render_feed(kind: str, channel: FeedChannel) -> str:
    renderers = {"wordpress": _wordpress, "drupal": _drupal, "rss": _plain}
    if kind not in renderers:
        raise ValueError(f"unknown replica feed format {kind!r} (have: {', '.join(renderers)})")
    items = sorted(channel.items, key=lambda item: item.published, reverse=True)
    return renderers[kind](channel, items)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _utc(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC)).replace("-0000", "+0000")


def _wordpress(channel: FeedChannel, items: list[FeedItem]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"',
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"',
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"',
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"',
        '\txmlns:atom="http://www.w3.org/2005/Atom"',
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"',
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"',
        "\t>",
        "",
        "<channel>",
        f"\t<title>{escape(channel.title)}</title>",
        f'\t<atom:link href="{escape(BASE + channel.self_path)}" rel="self" type="application/rss+xml" />',
        f"\t<link>{BASE}</link>",
        f"\t<description>{escape(channel.description)}</description>",
        f"\t<lastBuildDate>{_utc(items[0].published) if items else ''}</lastBuildDate>",
        "\t<language>ar</language>",
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>",
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>",
        "\t<generator>https://wordpress.org/?v=6.4.3</generator>",
    ]
    for item in items:
        link = escape(BASE + item.path)
        lines += [
            "\t<item>",
            f"\t\t<title>{escape(item.title)}</title>",
            f"\t\t<link>{link}</link>",
            f"\t\t<comments>{link}#respond</comments>",
            f"\t\t<dc:creator>{_cdata(item.creator or channel.title)}</dc:creator>",
            f"\t\t<pubDate>{_utc(item.published)}</pubDate>",
            *[f"\t\t<category>{_cdata(category)}</category>" for category in item.categories],
            f'\t\t<guid isPermaLink="false">{BASE}/?p={item.post_id}</guid>',
            f"\t\t<description>{_cdata(item.summary + ' [&#8230;]' if item.summary else '')}</description>",
            f"\t\t<wfw:commentRss>{link}feed/</wfw:commentRss>" if item.path.endswith("/") else "",
            "\t\t<slash:comments>0</slash:comments>",
            "\t</item>",
        ]
    lines += ["\t</channel>", "</rss>", ""]
    return "\n".join(line for line in lines if line)


def _drupal(channel: FeedChannel, items: list[FeedItem]) -> str:
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<rss version="2.0" xml:base="{BASE}/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">',
        "  <channel>",
    ]
    self_link = (
        f'    <atom:link href="{escape(BASE + channel.self_path)}" rel="self" type="application/rss+xml"/>'
    )

    def extra(item: FeedItem) -> list[str]:
        return [f"  <dc:creator>{escape(item.creator or channel.title)}</dc:creator>",
                f'  <guid isPermaLink="false">{item.post_id} at {BASE}</guid>']  # fmt: skip

    return _rss2(head, channel, items, "    ", "  ", [self_link], extra)


def _plain(channel: FeedChannel, items: list[FeedItem]) -> str:
    head = ['<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0">', "<channel>"]
    return _rss2(head, channel, items, "", "", [], lambda _item: [])


def _rss2(head: list[str], channel: FeedChannel, items: list[FeedItem], indent: str, item_indent: str,
          channel_extra: list[str], item_extra: Callable[[FeedItem], list[str]]) -> str:  # fmt: skip
    """A plain RSS 2.0 channel: items of title, link, description, pubDate in the item's own zone."""
    lines = [
        *head,
        f"{indent}<title>{escape(channel.title)}</title>",
        f"{indent}<link>{BASE}/</link>",
        f"{indent}<description>{escape(channel.description)}</description>",
        f"{indent}<language>ar</language>",
        *channel_extra,
    ]
    for item in items:
        lines += [
            f"{indent}<item>",
            f"{item_indent}<title>{escape(item.title)}</title>",
            f"{item_indent}<link>{escape(BASE + item.path)}</link>",
            f"{item_indent}<description>{escape(item.summary)}</description>",
            f"{item_indent}<pubDate>{format_datetime(item.published)}</pubDate>",
            *item_extra(item),
            f"{indent}</item>",
        ]
    lines += [f"{indent[:2]}</channel>", "</rss>", ""]
    return "\n".join(lines)

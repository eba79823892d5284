"""Render the reconstructed pages of this corpus: ``python tests/data/article_pages/build.py``.

Each outlet folder has a ``cases.json``. A case with a ``page`` entry is built here: its expected text
(``<id>.txt``, one paragraph a line, the source of truth) goes into the outlet's theme (``themes.py``)
with the page furniture the entry asks for, and is written as ``<id>.html`` in the case's charset. Cases
without ``page`` are saved pages placed by hand; they are left alone.

``page`` keys: ``lead`` (HTML placed above the first paragraph: bylines, share rows), ``blocks`` (line
index -> ``h3`` or ``li``), ``inserts`` (line index -> HTML placed after that line: "read also" links,
ads), ``spacers`` (``<p>&nbsp;</p>`` between paragraphs), ``entities`` (body text as numeric character
references), ``bidi`` (right-to-left marks after Arabic commas and before brackets), ``caption``,
``tags``, ``comments`` (how many), ``jsonld``/``meta``/``modified`` (ISO times), ``shown_date`` (the
byline's date text), ``share_labels``, ``share_above_title``, ``author``, ``short_link``.
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path
from typing import Any

from themes import THEMES

HERE = Path(__file__).resolve().parent


def body_html(lines: list[str], page: dict[str, Any]) -> str:
    blocks: dict[str, str] = page.get("blocks", {})
    inserts: dict[str, str] = page.get("inserts", {})
    parts: list[str] = list(page.get("lead", []))
    in_list = False
    for index, line in enumerate(lines):
        tag = blocks.get(str(index), "p")
        if tag != "li" and in_list:
            parts.append("</ul>")
            in_list = False
        if tag == "li" and not in_list:
            parts.append('<ul class="wp-block-list">')
            in_list = True
        parts.append(f"<{tag}>{_text(line, page)}</{tag}>")
        if page.get("spacers") and tag == "p" and index + 1 < len(lines):
            parts.append("<p>&nbsp;</p>")
        if str(index) in inserts:
            parts.append(inserts[str(index)])
    if in_list:
        parts.append("</ul>")
    return "\n".join(parts) + "\n"


def _text(line: str, page: dict[str, Any]) -> str:
    if page.get("bidi"):
        line = line.replace("، ", "،\u200f ").replace(" (", " \u200f(")
    text = escape(line, quote=False)
    if page.get("entities"):
        text = "".join(f"&#{ord(ch)};" if ord(ch) > 127 else ch for ch in text)
    return text


def teaser(case: dict[str, Any], folder: Path) -> dict[str, str]:
    text = (folder / f"{case['id']}.txt").read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if len(line) > 60)
    return {"url": case["url"], "title": case["title"], "date": case.get("page", {}).get("shown_date", ""),
            "excerpt": first[:150] + "…"}  # fmt: skip


def build_outlet(folder: Path) -> int:
    spec = json.loads((folder / "cases.json").read_text(encoding="utf-8"))
    if spec.get("theme") not in THEMES:
        return 0
    article_page, listing_page = THEMES[spec["theme"]]
    site = spec["site"]
    articles = [c for c in spec["cases"] if c["kind"] == "article" and "page" in c]
    # Headlines of other reports, for listings and sidebars long enough to look like the real ones.
    extras = [{"date": "", "excerpt": "", **item} for item in spec.get("extra_headlines", [])]
    built = 0
    for case in spec["cases"]:
        if "page" not in case:
            continue
        charset = case.get("charset", "utf-8")
        others = [teaser(c, folder) for c in articles if c is not case] + extras
        if case["kind"] == "listing":
            html = listing_page(case, site, others, charset.upper())
        else:
            lines = (folder / f"{case['id']}.txt").read_text(encoding="utf-8").splitlines()
            html = article_page(case, site, body_html(lines, case["page"]), others, charset.upper())
        (folder / f"{case['id']}.html").write_bytes(html.encode(charset))
        built += 1
    return built


def main() -> None:
    folders = [HERE / name for name in sys.argv[1:]] or sorted(p.parent for p in HERE.glob("*/cases.json"))
    for folder in folders:
        print(f"{folder.name}: {build_outlet(folder)} page(s)")


if __name__ == "__main__":
    main()

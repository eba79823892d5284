"""An article's own sentences, page clutter left out, headings marked.

Clutter lines (share bars, "اقرأ أيضاً" links, related-article lists, donation appeals, icon captions)
go through ``extractors.clutter``; photo captions that carry a date and a credit ("... - 10 تموز 2017
(سينتكوم)") go here too, since a caption is never the article's own report. A short line without a
closing full stop is a heading: it can confirm an incident but never starts one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.clutter import clean_lines

_CAPTION = re.compile(r"(?:19|20)\d\d\s*\([^()]{2,60}\)\s*$")
_SPLIT = re.compile(r"(?<=[.!؟?؛])\s+|[،,]\s*(?=(?:فيما|بينما|في حين)\s)")
_END = (".", "!", "؟", "?", ":", "؛")
_CLOSERS = " \"'”»)]"
HEADING_CHARS = 140


@dataclass(frozen=True)
class Sentence:
    text: str
    heading: bool  # a headline or sub-heading, not a sentence of the report
    paragraph: int


def is_heading(line: str) -> bool:
    return len(line) <= HEADING_CHARS and not line.rstrip(_CLOSERS).endswith(_END)


def split_sentences(text: str, title: str | None = None) -> list[Sentence]:
    """The article's sentences in order, with the paragraph each came from."""
    lines = clean_lines(text.splitlines(), title)
    out: list[Sentence] = []
    for number, line in enumerate(lines):
        if _CAPTION.search(line):
            continue
        heading = is_heading(line)
        for part in _SPLIT.split(line):
            part = part.strip()
            if part:
                out.append(Sentence(part, heading, number))
    return out

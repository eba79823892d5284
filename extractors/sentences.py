"""An article's own sentences, page clutter left out, headings marked.

Clutter lines (share bars, "اقرأ أيضاً" links, related-article lists, donation appeals, icon captions)
go through ``extractors.clutter``; photo captions that carry a date and a credit ("... - 10 تموز 2017
(سينتكوم)") go here too, since a caption is never the article's own report. A short line without a
closing full stop is a heading: it can confirm an incident but never starts one. A line of headlines
each stamped with its time ("... (ناشطون) - 14:46 ...") is a breaking-news ticker: other stories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.clutter import clean_lines

_CAPTION = re.compile(r"(?:19|20)\d\d\s*\([^()]{2,60}\)\s*$")
# A news ticker: headlines run together, each stamped with its time ("... (ناشطون) - 14:46 ...").
_TICKER_STAMP = re.compile(r"[-–—]\s*\d{1,2}:\d{2}(?!\d)")
_TICKER_STAMPS = 2
_SPLIT = re.compile(r"(?<=[.!؟?؛])\s+|[،,]\s*(?=(?:فيما|بينما|في حين)\s)")
_CLAUSES = ("فيما ", "بينما ", "في حين ")
_INITIAL = re.compile(r"(?:^|[\s(])\w\.$")
_END = (".", "!", "؟", "?", ":", "؛")
_CLOSERS = " \"'”»)]"
HEADING_CHARS = 140


@dataclass(frozen=True)
class Sentence:
    text: str
    heading: bool  # a headline or sub-heading, not a sentence of the report
    paragraph: int
    cut: bool = False  # the text's last sentence, broken off ("وفي 10 مايو، قُتل أربعة عناصر من قوات")
    clause: bool = False  # split off its sentence at "، فيما" / "، بينما": it goes on from the part before


def is_heading(line: str) -> bool:
    return len(line) <= HEADING_CHARS and not line.rstrip(_CLOSERS).endswith(_END)


def split_sentences(text: str, title: str | None = None) -> list[Sentence]:
    """The article's sentences in order, with the paragraph each came from."""
    lines = clean_lines(text.splitlines(), title)
    out: list[Sentence] = []
    for number, line in enumerate(lines):
        if _CAPTION.search(line) or len(_TICKER_STAMP.findall(line)) >= _TICKER_STAMPS:
            continue
        # the last line of an excerpt cut mid-sentence ("سبق هذا، عملية إنزال جوي في بلدة غريبة ب") is no heading
        heading = is_heading(line) and not (number == len(lines) - 1 and "،" in line)
        for part in _parts(line):
            out.append(Sentence(part, heading, number, clause=part.startswith(_CLAUSES)))
    if out and not out[-1].heading and not out[-1].text.rstrip(_CLOSERS).endswith(_END):
        out[-1] = Sentence(out[-1].text, False, out[-1].paragraph, cut=True, clause=out[-1].clause)
    return out


def _parts(line: str) -> list[str]:
    """The sentences of a line; an initial ("خضر أ. ك.") ends no sentence."""
    parts: list[str] = []
    for part in _SPLIT.split(line):
        part = part.strip()
        if not part:
            continue
        if parts and _INITIAL.search(parts[-1]):
            parts[-1] += " " + part
        else:
            parts.append(part)
    return parts

"""Arabic normalization, tokens and proclitics: the one place that decides when two spellings are one word.

Normalization folds what news spelling varies on and meaning does not: diacritics and tatweel, the alef
forms (أ إ آ ٱ -> ا), alef maqsura (ى -> ي), taa marbuta (ة -> ه), Arabic-Indic digits (٣٥ -> 35) and
the quote marks (“ ” « » ″ -> "). The letter folds are camel-tools' utilities (CAMeL Lab, NYU Abu Dhabi);
the rest is a translation table. Words are normalized one at a time and cached, since news vocabulary
repeats from article to article.

Proclitics (و ف ب ل ك ال لل) are peeled off by rule, not by a morphological analyser (camel-tools'
database cannot be shipped here): :func:`readings` lists every way to read a word, and the lexicons
decide which reading is a word they know.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

TATWEEL = "\u0640"
_DIGITS = {ord(d): str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")} | {
    ord(d): str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")
}
_QUOTES = {ord(q): '"' for q in "“”«»„‟″″❝❞＂"} | {ord(q): "'" for q in "‘’‚‛′"}
_TABLE = {**_DIGITS, **_QUOTES, ord(TATWEEL): None, ord("\u200c"): None, ord("\u200d"): None, 0x200F: None}
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")

# A token is a run of Arabic letters (with their marks), of Latin letters, or of digits.
TOKEN_RE = re.compile(
    r"[0-9\u0660-\u0669\u06f0-\u06f9]+|[A-Za-z]+|[\u0621-\u063a\u0640-\u065f\u0670-\u06d3]+"
)


class Token(NamedTuple):
    raw: str  # as written
    norm: str  # normalized
    start: int  # offsets in the text it came from
    end: int
    pre: str  # punctuation between the previous token and this one (spaces removed)


@lru_cache(maxsize=1)
def _camel() -> tuple[Callable[[str], str], ...]:
    # camel-tools pulls in numpy and friends: import it the first time a word is normalized.
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
    )

    return dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar


def normalize(text: str) -> str:
    """The folded form used for every comparison (see the module docstring); keeps punctuation."""
    if _PRESENTATION_FORMS.search(text):
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_TABLE)
    for fold in _camel():
        text = fold(text)
    return _MARKS.sub("", text)


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    return normalize(word)


def clean_surface(text: str) -> str:
    """Text as written minus diacritics, tatweel and odd spacing: how a place name is shown."""
    return " ".join(_MARKS.sub("", text.translate(_QUOTES)).replace(TATWEEL, "").split())


def tokenize(text: str) -> list[Token]:
    """Word tokens with their normalized form, offsets and the punctuation before each."""
    tokens: list[Token] = []
    last = 0
    for match in TOKEN_RE.finditer(text):
        raw = match.group()
        norm = normalize_word(raw)
        if not norm:  # a run of tatweel or marks only
            continue
        start, end = match.span()
        gap = text[last:start]
        tokens.append(Token(raw, norm, start, end, "" if gap == " " else "".join(gap.split())))
        last = end
    return tokens


def words(text: str) -> list[str]:
    """Normalized word forms of a text (a convenience for lexicons and tests)."""
    return [token.norm for token in tokenize(text)]


def words_of(text: str) -> frozenset[str]:
    """A vocabulary written as one space-separated string of already normalized words."""
    return frozenset(text.split())


@lru_cache(maxsize=200_000)
def readings(word: str) -> tuple[str, ...]:
    """Every reading of a normalized word with proclitics peeled, least peeled first.

    ``وللتحالف`` -> (وللتحالف, للتحالف, التحالف, تحالف); ``بريف`` -> (بريف, ريف). A stem keeps at
    least two letters, so short words are not peeled to nothing; which reading is right is for the
    lexicon lookup to decide.
    """
    out = [word]
    bases = [word]
    if len(word) > 3 and word[0] in "وف":
        bases.append(word[1:])
        out.append(word[1:])
    for base in bases:
        if len(base) > 3 and base[0] in "بلك":
            rest = base[1:]
            if base.startswith("لل") and len(base) > 3:
                out.append("ال" + base[2:])
            out.append(rest)
    for form in list(out):
        if form.startswith("ال") and len(form) > 3:
            out.append(form[2:])
    return tuple(dict.fromkeys(out))


def strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def peeled_surface(raw: str, norm: str, stem: str) -> str:
    """The written form of ``stem`` inside ``raw``: ``بمدينة`` with stem ``مدينه`` -> ``مدينة``.

    Normalization never adds letters, so the stem's letters are the last ones of the word; marks and
    tatweel are kept with the letter they follow and dropped by :func:`clean_surface`.
    """
    drop = len(norm) - len(stem) if norm.endswith(stem) else 0
    index = 0
    while drop and index < len(raw):
        if normalize_word(raw[index]):
            drop -= 1
        index += 1
    while index < len(raw) and not normalize_word(raw[index]):
        index += 1  # marks or tatweel left over from the peeled clitic ("لـ")
    return clean_surface(raw[index:])


@lru_cache(maxsize=200_000)
def reading_set(word: str) -> frozenset[str]:
    """:func:`readings` as a set, for intersecting with vocabularies."""
    return frozenset(readings(word))

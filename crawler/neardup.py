"""Near-duplicate articles: the same text re-published or syndicated under another URL.

MinHash of the article body's word 3-grams after Arabic normalization (extractors.arabic: marks,
alef and taa marbuta forms, tatweel, spacing), digits kept so "مقتل 3" and "مقتل 5" differ. Two
bodies are near-duplicates when the estimated Jaccard similarity of their 3-gram sets is at least
``THRESHOLD``. Measured on the dev set's texts (tests/data/eval): each body re-clothed with another
outlet's header and footer lines, doubled spaces and diacritics scores 0.75-1.0 against itself (the
lowest for the shortest bodies, about 100 words); two different articles score at most 0.17, and two
outlets' own reports of one event (dev-28/dev-29, dev-13/dev-30, dev-23/dev-34) 0.0-0.07.

The store keeps each article's signature and its LSH bands (``BANDS`` bands of ``ROWS`` values, one
indexed integer each), so candidates come from one indexed ``IN`` query and are then checked on
their signatures. A 64-bit SimHash was measured first and dropped: on the 150-200 word bodies outlets
publish, 20 words of other clutter moved it 7-14 bits, as far as two different articles (15 bits).
``datasketch`` computes the same MinHash, but its LSH index lives in memory, Redis or Cassandra, not
in the store's SQL tables, and importing it loads scipy in every crawl subprocess; the signature
itself is a few lines of numpy.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from extractors.arabic import words

PERMUTATIONS = 100
BANDS, ROWS = 25, 4  # P(candidate) at Jaccard s: 1-(1-s^4)^25: 0.97 at 0.6, 0.80 at 0.5, 0.0025 at 0.1
THRESHOLD = 0.5
# An outlet's own short items share its standing paragraphs (context, "follow us" lines): two
# different 65-word items with one 35-word paragraph in common score 0.56. Its own text under
# another URL (an AMP page, a re-post) scores 0.9-1.0.
OWN_OUTLET_THRESHOLD = 0.8
COPY_DAYS = 3  # a copy is published within days of its original, not weeks later
MIN_WORDS = 40  # a headline or a caption is too short to call a duplicate by content
SHINGLE = 3
_PRIME = (1 << 61) - 1


@cache
def _numpy() -> tuple[Any, Any, Any]:
    """numpy and the permutations' coefficients, on first use: a crawl subprocess starts without it."""
    import numpy as np

    rng = np.random.default_rng(20240601)  # fixed: signatures must agree across processes and versions
    return (
        np,
        rng.integers(1, 1 << 31, size=PERMUTATIONS, dtype=np.uint64),
        rng.integers(0, 1 << 31, size=PERMUTATIONS, dtype=np.uint64),
    )


def shingles(text: str) -> set[str]:
    tokens = words(text)
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def signature(text: str) -> bytes | None:
    """The MinHash signature of an article body (PERMUTATIONS uint32 values), or None when too short."""
    if len(text.split()) < MIN_WORDS:
        return None
    grams = shingles(text)
    np, a, b = _numpy()
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little") for g in grams),
        dtype=np.uint64, count=len(grams),
    )  # fmt: skip
    # (a*x + b) mod p for every permutation and shingle, then the minimum per permutation.
    values = (np.outer(hashes, a) + b) % np.uint64(_PRIME) & np.uint64(0xFFFFFFFF)
    return values.min(axis=0).astype("<u4").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' 3-gram sets."""
    np = _numpy()[0]
    left, right = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(left == right)) / PERMUTATIONS


def bands(sig: bytes) -> list[int]:
    """The LSH band keys of a signature: signed 63-bit integers, distinct per band number."""
    width = ROWS * 4
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            bytes([band]) + sig[band * width : (band + 1) * width], digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)  # fits a signed BIGINT
    return keys

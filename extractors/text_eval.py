"""Scoring article-text extraction against a corpus of pages with known text (``make bench``, the test gate).

Tokens: the text is NFKC-normalized, tashkeel, tatweel and invisible direction/zero-width marks are
removed, it is case-folded, and its tokens are the runs of word characters (``\\w+``: Arabic and Latin
letters, Western and Arabic-Indic digits); punctuation is not a token. Each page gets bag-of-tokens
precision, recall and F1 against its expected body; an outlet's (and the overall) figures are the means
over its pages, every page weighing the same. A refused article page scores 0.

Besides F1, every page is checked for strings that must appear (``must_contain``) and strings that must
not (``must_not_contain``: the outlet's furniture, the headlines of its other pages, and for a seed
page the seed's annotated ``boilerplate``); listing pages must be refused. Titles and publication
times are checked where the case gives them.

Cases come from the corpus (``tests/data/article_pages/<outlet>/cases.json``, see its README) and from
the bundled replica outlets' manifests.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from extractors.models import NotAnArticle
from extractors.pagedates import SYRIA

REPLICA_BASE = "http://127.0.0.1:8000"
_INVISIBLE = re.compile(
    "[\u0617-\u061a\u064b-\u0652\u0670\u0640\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Case:
    outlet: str
    id: str
    kind: str  # "article" or "listing"
    html: bytes
    url: str | None = None
    expected: str | None = None  # the body; None when only the snippets are known
    title: str | None = None  # None: not checked
    published: datetime | None = None
    published_from: str | None = None
    published_check: str = ""  # "exact", "day" or "" (not checked)
    feed_published: datetime | None = None
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extracted:
    text: str = ""
    title: str | None = None
    published: datetime | None = None
    published_from: str | None = None
    refused: str | None = None


@dataclass(frozen=True)
class Result:
    case: Case
    got: Extracted
    seconds: float
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    missing: tuple[str, ...] = ()
    leaked: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(_INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).casefold())


def token_scores(got: str, want: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 of ``got`` against ``want``."""
    got_bag, want_bag = Counter(tokens(got)), Counter(tokens(want))
    common = sum((got_bag & want_bag).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(got_bag.values()), common / sum(want_bag.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def load_corpus(root: Path) -> list[Case]:
    """The cases of every ``<outlet>/cases.json`` under ``root``."""
    cases = []
    for spec_path in sorted(root.glob("*/cases.json")):
        folder = spec_path.parent
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        headlines = [c["title"] for c in spec["cases"] if c["kind"] == "article" and c.get("title")]
        headlines += [h["title"] for h in spec.get("extra_headlines", [])]
        for item in spec["cases"]:
            expected_name = (
                item.get("expected_text", f"{item['id']}.txt") if item["kind"] == "article" else None
            )
            expected = (folder / expected_name).read_text(encoding="utf-8") if expected_name else None
            others = [h for h in headlines if h != item.get("title")] if "page" in item else []
            checked = "published" in item
            cases.append(Case(
                outlet=spec["outlet"], id=item["id"], kind=item["kind"],
                html=_read_page(folder / item.get("file", f"{item['id']}.html")), url=item.get("url"),
                expected=expected, title=item.get("title"),
                published=_when(item.get("published")), published_from=item.get("published_from"),
                published_check="exact" if checked else "", feed_published=_when(item.get("feed_published")),
                must_contain=tuple(item.get("must_contain", ())),
                must_not_contain=tuple([*spec.get("clutter", ()), *others, *item.get("must_not_contain", ())]),
            ))  # fmt: skip
    return cases


def load_replicas(replicas_dir: Path, expected_root: Path, seeds: Path | None = None) -> list[Case]:
    """The article and listing pages of the bundled replica outlets (``crawler/replicas/*/manifest.json``);
    a page made from a seed must lose the seed's annotated ``boilerplate``."""
    boilerplate: dict[str, list[str]] = {}
    if seeds is not None:
        docs = json.loads((seeds / "annotations.json").read_text(encoding="utf-8"))["docs"]
        boilerplate = {name: doc.get("boilerplate", []) for name, doc in docs.items()}
    cases = []
    for manifest_path in sorted(replicas_dir.glob("*/manifest.json")):
        site = manifest_path.parent
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        outlet = manifest.get("id", site.name)

        def page(path: str, site: Path = site) -> bytes:
            return (
                (site / path.strip("/") / "index.html")
                .read_bytes()
                .replace(b"{{BASE}}", REPLICA_BASE.encode())
            )

        for article in manifest["articles"]:
            cases.append(Case(
                outlet=outlet, id=article["path"].strip("/").replace("/", "-"), kind="article",
                html=page(article["path"]), url=REPLICA_BASE + article["path"],
                expected=(expected_root / article["expected_text"]).read_text(encoding="utf-8"),
                title=article["title"], published=_when(article["published"]), published_check="day",
                must_not_contain=tuple(boilerplate.get(article.get("source_url") or "", ())),
            ))  # fmt: skip
        for path in manifest.get("listing_pages", []):
            cases.append(Case(outlet=outlet, id=path.strip("/").replace("/", "-"), kind="listing", html=page(path),
                              url=REPLICA_BASE + path))  # fmt: skip
    return cases


def rasad_extractor(rules: dict[str, Any] | None = None) -> Callable[[Case], Extracted]:
    """Rasad's extractor as the scorer calls it; ``rules`` maps an outlet id to its ``PageRules``."""
    from extractors.text import extract_article

    def extract(case: Case) -> Extracted:
        try:
            article = extract_article(case.html, url=case.url, source_id=case.outlet,
                                      feed_published=case.feed_published, rules=(rules or {}).get(case.outlet))  # fmt: skip
        except NotAnArticle as reason:
            return Extracted(refused=str(reason))
        return Extracted(article.text, article.title, article.published, article.published_from)

    return extract


def evaluate(cases: Iterable[Case], extract: Callable[[Case], Extracted]) -> list[Result]:
    results = []
    for case in cases:
        started = time.perf_counter()
        got = extract(case)
        results.append(score(case, got, time.perf_counter() - started))
    return results


def score(case: Case, got: Extracted, seconds: float) -> Result:
    text = " ".join(got.text.split())
    visible = f"{got.title or ''} {text}"
    problems: list[str] = []
    if case.kind == "listing":  # refused, or (a baseline that cannot refuse) nothing extracted
        skipped = got.refused is not None or not got.text.strip()
        return Result(
            case, got, seconds, problems=() if skipped else ("listing page extracted as an article",)
        )
    if got.refused is not None:
        problems.append(f"refused: {got.refused}")
    precision = recall = f1 = None
    if case.expected is not None:
        precision, recall, f1 = token_scores(got.text, case.expected)
    missing = tuple(s for s in case.must_contain if " ".join(s.split()) not in text)
    leaked = tuple(s for s in case.must_not_contain if s and s in visible)
    if case.title is not None and got.title is not None and got.title != case.title:
        problems.append(f"title {got.title!r}")
    if case.published_check and got.refused is None:
        want, have = case.published, got.published
        if case.published_check == "exact":
            same = have == want and got.published_from == case.published_from
        else:  # the day, in Syria
            same = bool(want and have and want.astimezone(SYRIA).date() == have.astimezone(SYRIA).date())
        if not same:
            problems.append(f"published {have and have.isoformat()} from {got.published_from}")
    return Result(case, got, seconds, precision, recall, f1, missing, leaked, tuple(problems))


@dataclass(frozen=True)
class Summary:
    pages: int
    precision: float
    recall: float
    f1: float
    min_f1: float
    listings_refused: str
    leaks: int
    misses: int
    problems: int
    ms_per_page: float


def summarize(results: list[Result]) -> Summary:
    scored = [r for r in results if r.f1 is not None]
    listings = [r for r in results if r.case.kind == "listing"]

    def mean(values: list[float]) -> float:
        return statistics.fmean(values) if values else 0.0

    return Summary(
        pages=len(scored), precision=mean([r.precision or 0.0 for r in scored]),
        recall=mean([r.recall or 0.0 for r in scored]), f1=mean([r.f1 or 0.0 for r in scored]),
        min_f1=min((r.f1 or 0.0 for r in scored), default=0.0),
        listings_refused=f"{sum(not r.problems for r in listings)}/{len(listings)}",
        leaks=sum(len(r.leaked) for r in results), misses=sum(len(r.missing) for r in results),
        problems=sum(len(r.problems) for r in results if r.case.kind == "article"),
        ms_per_page=1000 * mean([r.seconds for r in results]),
    )  # fmt: skip


def by_outlet(results: list[Result]) -> dict[str, Summary]:
    outlets = sorted({r.case.outlet for r in results})
    table = {o: summarize([r for r in results if r.case.outlet == o]) for o in outlets}
    table["overall"] = summarize(results)
    return table


def format_table(title: str, table: dict[str, Summary]) -> str:
    lines = [title, f"  {'outlet':<12} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'min F1':>6} {'listings':>8} "
                    f"{'leaks':>5} {'misses':>6} {'other':>5} {'ms/page':>8}"]  # fmt: skip
    for name, s in table.items():
        lines.append(f"  {name:<12} {s.pages:>5} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.min_f1:6.3f} "
                     f"{s.listings_refused:>8} {s.leaks:>5} {s.misses:>6} {s.problems:>5} {s.ms_per_page:8.1f}")  # fmt: skip
    return "\n".join(lines)


def report_failures(results: list[Result]) -> str:
    lines = []
    for r in results:
        bad = list(r.problems) + [f"leaked {s!r}" for s in r.leaked] + [f"missing {s!r}" for s in r.missing]
        if r.f1 is not None and r.f1 < 0.97:
            bad.append(f"F1 {r.f1:.3f} (P {r.precision:.3f}, R {r.recall:.3f})")
        if bad:
            lines.append(f"  {r.case.outlet}/{r.case.id}: " + "; ".join(bad))
    return "\n".join(lines)


def default_cases(repo: Path | None = None) -> list[Case]:
    repo = repo or Path(__file__).resolve().parent.parent
    data = repo / "tests" / "data"
    return load_corpus(data / "article_pages") + load_replicas(repo / "crawler" / "replicas",
                                                               data / "replica_expected", data / "seeds")  # fmt: skip


def main() -> None:
    results = evaluate(default_cases(), rasad_extractor())
    print(
        format_table(
            "Rasad's extractor on the article-page corpus and the replica outlets:", by_outlet(results)
        )
    )
    failures = report_failures(results)
    print(failures or "  no failures")


if __name__ == "__main__":
    main()

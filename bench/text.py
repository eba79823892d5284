"""Text extraction compared on the same pages, in one run: plain trafilatura (default settings),
readability-lxml, jusText (its Arabic stop list) and Rasad's extractor; token F1 and milliseconds per page.

Scoring is ``extractors.text_eval``'s (tokens after light normalization, per-page figures averaged per
outlet). Pages: the article-page corpus (``tests/data/article_pages``) and the replica outlets. Listing
pages are in the timing but not in F1; they count as skipped when an extractor refuses them or returns
nothing. When ``../shared/data/benchmarks/article_extraction_benchmark`` exists, the same four run on
its 181 English pages as a second table (one timed pass; never needed by the tests).
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractors.models import NotAnArticle  # noqa: E402
from extractors.text_eval import (  # noqa: E402 - after the path set-up, for `python bench/text.py`
    Case,
    Extracted,
    Result,
    default_cases,
    rasad_extractor,
    score,
    summarize,
)

SCRAPINGHUB = REPO.parent / "shared" / "data" / "benchmarks" / "article_extraction_benchmark"
Extractor = Callable[[Case], Extracted]


def plain_trafilatura(case: Case) -> Extracted:
    import trafilatura

    return Extracted(trafilatura.extract(case.html) or "")


def readability_lxml(case: Case) -> Extracted:
    import lxml.html
    from readability import Document

    summary = Document(case.html).summary(html_partial=True)
    tree = lxml.html.fragment_fromstring(summary, create_parent="div")
    blocks = tree.xpath(
        "//*[self::p or self::li or self::h1 or self::h2 or self::h3 or self::h4 or self::pre]"
    )
    lines = [" ".join(b.text_content().split()) for b in blocks if not b.xpath(".//p")]
    return Extracted("\n".join(line for line in lines if line) or " ".join(tree.text_content().split()))


def jus_text(case: Case) -> Extracted:
    import justext

    paragraphs = justext.justext(
        case.html, justext.get_stoplist("Arabic" if case.outlet != "scrapinghub" else "English")
    )
    return Extracted("\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def extractors() -> dict[str, Extractor]:
    return {"trafilatura": plain_trafilatura, "readability": readability_lxml, "jusText": jus_text,
            "Rasad": rasad_extractor()}  # fmt: skip


def timed_results(cases: list[Case], extract: Extractor, repeat: int) -> list[Result]:
    """Each page scored once; its time is the median of ``repeat`` timed calls after one warm-up pass."""
    for case in cases[:3]:
        extract(case)
    results = []
    for case in cases:
        samples, got = [], Extracted()
        for _ in range(repeat):
            started = time.perf_counter()
            got = extract(case)
            samples.append(time.perf_counter() - started)
        results.append(score(case, got, statistics.median(samples)))
    return results


def comparison(title: str, cases: list[Case], repeat: int) -> None:
    runs = {name: timed_results(cases, extract, repeat) for name, extract in extractors().items()}
    outlets = sorted({c.outlet for c in cases}) + ["overall"]
    print(title)
    print(f"  {'outlet':<12} {'pages':>5}" + "".join(f" {name:>18}" for name in runs))
    print(f"  {'':<12} {'':>5}" + "".join(f" {'F1':>9} {'ms/page':>8}" for _ in runs))
    for outlet in outlets:
        row = ""
        pages = 0
        for results in runs.values():
            chosen = [r for r in results if outlet in ("overall", r.case.outlet)]
            summary = summarize(chosen)
            pages = summary.pages
            row += f" {summary.f1:9.3f} {summary.ms_per_page:8.1f}"
        print(f"  {outlet:<12} {pages:>5}{row}")
    for label, value in (("clutter strings surviving", lambda s: str(s.leaks)),
                         ("listing pages skipped", lambda s: s.listings_refused),
                         ("lowest page F1", lambda s: f"{s.min_f1:.3f}")):  # fmt: skip
        print(f"  {label:<18}" + "".join(f" {value(summarize(r)):>18}" for r in runs.values()))


# trafilatura settings tried inside Rasad's pipeline (same parsing, rules and clutter removal around it).
_QUIET = {"include_comments": False, "include_images": False, "include_links": False}
SETTINGS = {
    "chosen: recall, tables": {"favor_recall": True, "include_tables": True, "deduplicate": False, **_QUIET},
    "recall, no tables": {"favor_recall": True, "include_tables": False, "deduplicate": False, **_QUIET},
    "balanced, no tables": {"include_tables": False, **_QUIET},
    "precision, no tables": {"favor_precision": True, "include_tables": False, **_QUIET},
    "recall, deduplicate": {"favor_recall": True, "include_tables": False, "deduplicate": True, **_QUIET},
    "trafilatura defaults": {},
}
SHORT_CHARS = 800  # an expected body this short is an urgent item


def settings_sweep(cases: list[Case], shub: list[Case]) -> None:
    from extractors.text import extract_article

    print("trafilatura settings inside Rasad's pipeline (F1 means over pages; short = bodies under "
          f"{SHORT_CHARS} characters):")  # fmt: skip
    print(
        f"  {'settings':<26} {'F1':>6} {'min F1':>6} {'short F1':>8} {'leaks':>5} {'ms/page':>8} {'English F1':>10}"
    )
    for name, settings in SETTINGS.items():

        def extract(case: Case, settings: dict[str, bool] = settings) -> Extracted:
            try:
                article = extract_article(case.html, url=case.url, source_id=case.outlet,
                                          feed_published=case.feed_published, settings=settings)  # fmt: skip
            except NotAnArticle as reason:
                return Extracted(refused=str(reason))
            return Extracted(article.text, article.title, article.published, article.published_from)

        results = timed_results(cases, extract, 1)
        short = [r for r in results if r.case.expected is not None and len(r.case.expected) < SHORT_CHARS]
        overall, english = summarize(results), summarize(timed_results(shub, extract, 1)) if shub else None
        print(f"  {name:<26} {overall.f1:6.3f} {overall.min_f1:6.3f} {summarize(short).f1:8.3f} {overall.leaks:>5} "
              f"{overall.ms_per_page:8.1f} {english.f1 if english else float('nan'):10.3f}")  # fmt: skip


def scrapinghub_cases() -> list[Case]:
    truth = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    cases = []
    for key, item in sorted(truth.items()):
        page = SCRAPINGHUB / "html" / f"{key}.html.gz"
        if page.exists():
            cases.append(Case(outlet="scrapinghub", id=key[:12], kind="article", html=gzip.decompress(page.read_bytes()),
                              url=item.get("url"), expected=item.get("articleBody") or ""))  # fmt: skip
    return cases


def run() -> None:
    cases = default_cases(REPO)
    articles = sum(c.kind == "article" for c in cases)
    comparison(f"text extraction: {articles} article and {len(cases) - articles} listing pages of the configured "
               "outlets (corpus + replicas), token F1, median of 5 timed calls per page:", cases, 5)  # fmt: skip
    shub = scrapinghub_cases() if SCRAPINGHUB.is_dir() else []
    if shub:
        print()
        comparison(
            f"ScrapingHub article-extraction benchmark: {len(shub)} English pages, one timed call each:",
            shub,
            1,
        )
    print()
    settings_sweep(cases, shub)


if __name__ == "__main__":
    run()

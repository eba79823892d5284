"""Lemmas from camel-tools' morphological analyzer, when its database is installed; nothing otherwise.

The rule-based reading in ``extractors.triggers`` (clitics peeled, one suffix cut) covers the common
forms. Where the calima-msa database is installed (``camel_data download morphology-db-msa-r13``),
the analyzer adds the lemmas of forms the rules miss: imperfect plurals with object pronouns
("يعتقلونهم"), broken plurals, forms with two suffixes. It is looked up only for words the rules do not
already read as triggers, and cached, since news vocabulary repeats.

camel-tools fetches its catalogue from the internet when ``camel_tools.data`` is first imported, so the
database's presence is checked on disk first (``CAMELTOOLS_DATA`` or ``~/.camel_tools``) and camel-tools
is imported only when it is there: without the database Rasad never reaches for the network.

Anything with camel-tools' ``Analyzer.analyze(word) -> [{"lex": ..., ...}]`` interface can be passed
to :class:`AnalyzerLemmas`; the tests pass a small fake with a handful of analyses.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from extractors.arabic import normalize

log = logging.getLogger(__name__)

_CACHE_LIMIT = 200_000


class MorphAnalyzer(Protocol):
    def analyze(self, word: str) -> list[dict[str, Any]]: ...


class AnalyzerLemmas:
    """The normalized lemmas (``lex``, sense number dropped) an analyzer gives for a word."""

    def __init__(self, analyzer: MorphAnalyzer) -> None:
        self._analyzer = analyzer
        self._cache: dict[str, frozenset[str]] = {}

    def lemmas(self, word: str) -> frozenset[str]:
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()  # bound the memo on a long-running daemon
            try:
                analyses = self._analyzer.analyze(word)
            except Exception:  # an analyzer bug must not stop extraction; the rules still apply
                log.debug("morphological analysis failed for %r", word, exc_info=True)
                analyses = []
            lexes = (str(a.get("lex") or "").split("_")[0] for a in analyses)
            found = self._cache[word] = frozenset(n for n in map(normalize, lexes) if n)
        return found


def camel_data_dir(environ: dict[str, str] | None = None) -> Path:
    """Where camel-tools keeps its data (its own rule: ``CAMELTOOLS_DATA``, else ``~/.camel_tools``)."""
    env = os.environ if environ is None else environ
    configured = env.get("CAMELTOOLS_DATA")
    return Path(configured).expanduser() if configured else Path.home() / ".camel_tools"


def installed_database(data_dir: Path) -> Path | None:
    """The morphology database file under ``data_dir``, if one is installed with its catalogue."""
    if not (data_dir / "catalogue.json").is_file():
        return None  # camel-tools would download the catalogue on import
    found = sorted((data_dir / "data" / "morphology_db").glob("*/morphology.db"))
    return found[0] if found else None


def load_lemmas(data_dir: Path | None = None) -> AnalyzerLemmas | None:
    """An analyzer on camel-tools' built-in database, or None when it is not installed or fails."""
    data_dir = data_dir or camel_data_dir()
    if installed_database(data_dir) is None:
        log.debug("camel-tools morphology database not installed under %s: rule-based lemmas only", data_dir)
        return None
    try:
        from camel_tools.morphology.analyzer import Analyzer
        from camel_tools.morphology.database import MorphologyDB

        return AnalyzerLemmas(Analyzer(MorphologyDB.builtin_db(), cache_size=0))
    except Exception:  # a broken install degrades to the rules, loudly
        log.warning("camel-tools morphology database found but not usable; rule-based lemmas only",
                    exc_info=True)  # fmt: skip
        return None


@lru_cache(maxsize=1)
def default_lemmas() -> AnalyzerLemmas | None:
    """The process-wide analyzer (loaded once, on first use)."""
    return load_lemmas()

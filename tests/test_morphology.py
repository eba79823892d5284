"""camel-tools morphology (extractors.morphology): used when installed, absent here, never fatal.

The analyzer path is exercised with a small fake that answers like camel-tools' ``Analyzer.analyze``
(a list of analyses with a diacritized ``lex``), passed in rather than patched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extractors.arabic import words
from extractors.morphology import AnalyzerLemmas, camel_data_dir, installed_database, load_lemmas
from extractors.triggers import find_triggers, morph_trigger, sentence_types


class FakeAnalyzer:
    """Analyses as camel-tools gives them, for a handful of words (keys are normalized forms)."""

    ANALYSES: dict[str, list[dict[str, Any]]] = {
        "يعتقلونهم": [{"lex": "اِعْتَقَل_1", "pos": "verb"}],
        "فاغتالوهما": [{"lex": "اِغْتال", "pos": "verb"}],
        "مقاتلين": [{"lex": "مُقاتِل", "pos": "noun"}],
        "دهسوه": [{"lex": "دَهَس", "pos": "verb"}],
    }

    def __init__(self) -> None:
        self.asked: list[str] = []

    def analyze(self, word: str) -> list[dict[str, Any]]:
        self.asked.append(word)
        return self.ANALYSES.get(word, [])


class BrokenAnalyzer:
    def analyze(self, word: str) -> list[dict[str, Any]]:
        raise RuntimeError("corrupt database")


def test_lemmas_are_normalized_without_sense_numbers() -> None:
    lemmas = AnalyzerLemmas(FakeAnalyzer())
    assert lemmas.lemmas("يعتقلونهم") == {"اعتقل"}
    assert lemmas.lemmas("كلمه") == frozenset()


def test_the_analyzer_reads_forms_the_rules_miss() -> None:
    sentence = words("كانت الدوريات تطوق الحي ثم يعتقلونهم واحداً واحداً")
    assert not any(h.type == "arrest" for h in find_triggers(sentence))
    found = find_triggers(sentence, AnalyzerLemmas(FakeAnalyzer()))
    assert [h.type for h in found] == ["arrest"] and found[0].strong


def test_an_assassination_with_clitic_and_dual_object() -> None:
    hits, _ = sentence_types(words("نصب المسلحون كميناً للقياديين فاغتالوهما"), AnalyzerLemmas(FakeAnalyzer()))
    assert "assassination" in {h.type for h in hits}


def test_a_lemma_that_is_no_trigger_adds_nothing() -> None:
    lemmas = AnalyzerLemmas(FakeAnalyzer())
    assert morph_trigger("مقاتلين", lemmas) is None  # a fighter is not a killing
    assert morph_trigger("دهسوه", lemmas) is None


def test_words_the_rules_know_never_reach_the_analyzer() -> None:
    fake = FakeAnalyzer()
    find_triggers(words("اعتقلت قسد شابين"), AnalyzerLemmas(fake))
    assert "اعتقلت" not in fake.asked


def test_answers_are_cached() -> None:
    fake = FakeAnalyzer()
    lemmas = AnalyzerLemmas(fake)
    lemmas.lemmas("يعتقلونهم")
    lemmas.lemmas("يعتقلونهم")
    assert fake.asked == ["يعتقلونهم"]


def test_a_failing_analyzer_leaves_the_rules_working() -> None:
    found = find_triggers(words("اعتقلت قسد شابين ويعتقلونهم"), AnalyzerLemmas(BrokenAnalyzer()))
    assert [h.type for h in found] == ["arrest"]


def test_no_database_means_no_analyzer_and_no_camel_import(tmp_path: Path) -> None:
    assert installed_database(tmp_path) is None
    assert load_lemmas(tmp_path) is None
    (tmp_path / "catalogue.json").write_text("{}", encoding="utf-8")
    assert load_lemmas(tmp_path) is None  # a catalogue without the database


def test_a_database_needs_its_catalogue(tmp_path: Path) -> None:
    db = tmp_path / "data" / "morphology_db" / "calima-msa-r13" / "morphology.db"
    db.parent.mkdir(parents=True)
    db.write_text("", encoding="utf-8")
    assert installed_database(tmp_path) is None  # camel-tools would go online for its catalogue
    (tmp_path / "catalogue.json").write_text("{}", encoding="utf-8")
    assert installed_database(tmp_path) == db


def test_the_data_directory_follows_camel_tools_rule(tmp_path: Path) -> None:
    assert camel_data_dir({"CAMELTOOLS_DATA": str(tmp_path)}) == tmp_path
    assert camel_data_dir({}).name == ".camel_tools"

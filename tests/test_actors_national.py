"""States named by their adjective, strikes named with their side, and countries in talks (extractors.actors).

Texts are excerpts of real reports (dev set records named in brackets; sources in
tests/data/eval/SOURCES.md).
"""

from __future__ import annotations

from datetime import date

from extractors.actors import find_actors
from extractors.arabic import words


def roles(text: str, on: date | None = date(2022, 11, 23)) -> list[tuple[str, str]]:
    return [(a.actor, a.role) for a in find_actors(words(text), on)]


def test_a_drone_or_an_army_named_by_its_state_adjective() -> None:
    # North Press (dev-40)
    assert roles("في قصف مسيرة تركية، لمركز بلدة زركان") == [("turkey", "actor")]
    assert roles("أنَّ طائرة مُسيرة تركية استهدفت حاجزاً لقوات الأسايش") == [
        ("turkey", "actor"), ("asayish", "target")
    ]  # fmt: skip
    for text, actor in {
        "شنت الطائرات الحربية الروسية غارات على": "russia",
        "استهدفت الطائرات التركية مواقع": "turkey",
        "إن الدولة التركية تستمر في أعمالها": "turkey",
        "قصفت مسيرة إسرائيلية سيارة": "israel",
        "نفذت القوات الأمريكية عملية": "us_forces",
    }.items():
        assert roles(text)[0][0] == actor, text


def test_a_strike_of_a_side_after_li_is_that_side_acting() -> None:
    # Al-Jaml (dev-41): "بقصف مدفعي للجيش التركي ... على مواقع تنظيم قسد"
    assert roles("بقصف مدفعي للجيش التركي على مواقع تنظيم قسد") == [("turkey", "actor"), ("sdf", "target")]
    assert roles("استهداف رتل للتحالف") == [("coalition", "target")]  # a convoy of the coalition was hit


def test_a_country_in_an_agreement_clause_is_no_side_of_the_event() -> None:
    # Elzman News (dev-42) and Al-Mashhad al-Arabi, October 2019
    assert roles("بموجب الاتفاق الموقع بين تركيا والولايات المتحدة") == [("us_forces", "description")]
    assert roles('معتبرا أنه "يوم عظيم" للولايات المتحدة وتركيا والأكراد، كما رحب الرئيس') != [
        ("us_forces", "actor")
    ]  # fmt: skip
    assert roles("شنت الولايات المتحدة غارة على") == [("us_forces", "actor")]


def test_security_forces_named_by_their_job_and_the_shots_of_their_members() -> None:
    # Erem News (dev-39): after the fall of the regime the security forces are the government's
    assert roles("بأن شابًا قُتل برصاص عناصر دورية أمنية", date(2025, 5, 15)) == [
        ("civilians", "target"), ("syrian_government", "actor")
    ]  # fmt: skip
    assert roles("جراء إصابته برصاص عناصر تابعين للقوى الأمنية", date(2025, 5, 15)) == [
        ("syrian_government", "actor")
    ]  # fmt: skip
    assert roles("اعتقلت الأجهزة الأمنية شاباً", date(2019, 1, 1)) == [
        ("assad_forces", "actor"), ("civilians", "target")
    ]  # fmt: skip

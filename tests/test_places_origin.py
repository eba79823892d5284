"""Rural Damascus as a governorate of its own, and where people come from is not where it happened.

Texts are excerpts of real reports (dev set records named in brackets; sources in
tests/data/eval/SOURCES.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from extractors.arabic import tokenize
from extractors.incidents import extract_incidents
from extractors.models import Article, Incident
from extractors.places import PlaceMention, find_places

SYRIA = timezone(timedelta(hours=3))


def places(text: str, hint: str | None = None) -> list[PlaceMention]:
    return find_places(text, tokenize(text), hint)


def extract(text: str, published: datetime) -> list[Incident]:
    return extract_incidents(Article(url=None, title="", text=text, published=published))


def test_the_countryside_of_damascus_is_the_rif_dimashq_governorate() -> None:
    # Ugarit Post (dev-38): "في ريف محافظة دمشق", "بمنطقة الكسوة بريف محافظة دمشق", "جرمانا بريف دمشق"
    for text in ("قتل شاب وأصيب آخر جراء حادثتين منفصلتين في ريف محافظة دمشق",
                 "بعد استهدافه من قبل مسلحين مجهولين في مدينة جرمانا بريف دمشق",
                 "في قصف مدفعي على ريف دمشق الغربي", "في الريف الشرقي لدمشق"):  # fmt: skip
        assert {p.admin1 for p in places(text)} == {"ريف دمشق"}, text
    [region] = [p for p in places("في ريف محافظة دمشق") if p.region]
    assert region.place is not None and region.place.kind == "governorate" and region.place.name == "ريف دمشق"


def test_other_countrysides_stay_in_their_city_governorate() -> None:
    assert [p.admin1 for p in places("في ريف حلب الشمالي")] == ["حلب"]
    assert [p.admin1 for p in places("بريف دير الزور الشرقي")] == ["دير الزور"]
    # Erem News (dev-39): a quarter of the capital is Damascus governorate, not its countryside
    assert [p.admin1 for p in places("وذلك في حي ركن الدين بدمشق", "ريف دمشق")] == ["دمشق"]


def test_origin_phrases_mark_the_home_not_the_scene() -> None:
    cases = {
        "ولفت المرصد إلى أن الشاب ينحدر من قرية معربا بريف درعا.": "معربا",  # Erem News (dev-39)
        "القاتل ينحدر من مدينة البوكمال بريف دير الزور": "البوكمال",  # Ugarit Post (dev-38)
        # North Press, https://npasyria.com/90818/
        "وأكد أحمد الهاشم أن القتيل “مدني” ولا ينتمي لأي فصيل سياسي أو عسكري، وينحدر من بلدة البوعمر": "البوعمر",
        # SOHR 2021 (dev-08): a pronoun and "من" say who he is
        "على طريق قريتي الجيعة-الجلامدة بالقرب من منزله وهو من أبناء قرية الجلامدة": "الجلامدة",
    }
    for text, home in cases.items():
        found = {p.text: p.role for p in places(text)}
        assert found.get(home) == "origin", (text, found)
    assert _role_of("وهما من قرية الجلامدة", "الجلامدة") == "origin"  # the pronoun rule alone
    assert _role_of("نازحين من محافظة دير الزور", "محافظة دير الزور") == "origin"
    assert _role_of("من مهجري ريف دمشق", "ريف دمشق") == "origin"


def _role_of(text: str, name: str) -> str | None:
    return {p.text: p.role for p in places(text)}.get(name)


def test_a_place_after_fi_is_the_scene_even_after_an_origin() -> None:
    found = places("قتيلين من مهجري ريف دمشق في مدينة إدلب")
    assert [(p.text, p.admin1, p.role) for p in found] == [
        ("ريف دمشق", "ريف دمشق", "origin"), ("إدلب", "إدلب", "event")
    ]  # fmt: skip
    # an origin province does not settle which village of the name is meant
    [_, camp] = places("اعتقال شبان نازحين من محافظة دير الزور، في منطقة العابد")
    assert camp.role == "event" and camp.admin1 != "دير الزور"


def test_an_origin_is_no_incident_place_unless_the_text_points_at_the_town() -> None:
    # Erem News (dev-39), published on a Thursday: two killings, the second victim's home village in Daraa
    text = (
        "وأفاد المرصد السوري لحقوق الإنسان، بأن شابًا قُتل برصاص عناصر دورية أمنية، خلال مداهمة منزله في "
        "قرية الروضة بمنطقة الزبداني بريف دمشق، فجر الخميس، وذلك لأسباب لا تزال مجهولة حتى اللحظة.\n"
        "وفي حادثة مشابهة، قُتل شاب آخر، يوم أمس الأربعاء، جراء إصابته برصاص عناصر تابعين للقوى الأمنية، "
        "وذلك في حي ركن الدين بدمشق، دون ورود معلومات دقيقة حول ملابسات الحادثة حتى الآن.\n"
        "ولفت المرصد إلى أن الشاب ينحدر من قرية معربا بريف درعا."
    )
    found = extract(text, datetime(2025, 5, 15, 12, tzinfo=SYRIA))
    assert [(i.place, i.admin1, i.date) for i in found] == [
        ("الروضة", "ريف دمشق", "2025-05-15"), ("دمشق", "دمشق", "2025-05-14")
    ]  # fmt: skip
    assert [i.actors for i in found] == [("syrian_government",), ("syrian_government",)]

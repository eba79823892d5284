"""Gazetteer lookup, regions and disambiguation (extractors.places)."""

from __future__ import annotations

from extractors.arabic import tokenize
from extractors.places import PlaceMention, find_places, gazetteer


def places(text: str, hint: str | None = None) -> list[PlaceMention]:
    return find_places(text, tokenize(text), hint)


def event_places(text: str, hint: str | None = None) -> list[PlaceMention]:
    return [p for p in places(text, hint) if p.role == "event"]


def test_the_gazetteer_loads_once_with_every_governorate() -> None:
    gaz = gazetteer()
    assert gaz is gazetteer()
    assert len(gaz.governorates) == 14
    assert {"دير الزور", "الحسكة", "ريف دمشق", "حلب"} <= set(gaz.governorates)


def test_a_city_after_madina_is_the_community() -> None:
    [found] = places("نفذ التحالف عملية أمنية في مدينة الحسكة")
    assert found.text == "الحسكة"
    assert found.place is not None and found.place.kind == "community" and found.place.pcode == "C4360"
    assert (found.admin1, found.precision) == ("الحسكة", 1)
    assert found.place.lat and found.place.lon


def test_a_street_of_a_city_gives_the_city() -> None:
    [found] = places("داهمت منزل المدني الواقع في شارع القطّار بمدينة الحسكة")
    assert (found.text, found.admin1, found.precision) == ("الحسكة", "الحسكة", 1)


def test_a_countryside_region_keeps_its_written_form_and_governorate() -> None:
    [found] = places("أسفرت عن اعتقال شخصين بريف دير الزور الشرقي.")
    assert found.text == "ريف دير الزور الشرقي"
    assert (found.admin1, found.precision, found.region) == ("دير الزور", 2, True)
    [other] = places("في الريف الشرقي لدير الزور")
    assert other.admin1 == "دير الزور" and other.precision == 2


def test_a_village_with_its_region() -> None:
    found = places("داهمت منزل لقيادي في قرية “الطكيحي” بريف دير الزور الشرقي")
    assert [p.text for p in found] == ["الطكيحي", "ريف دير الزور الشرقي"]
    assert found[0].place is not None and found[0].place.pcode == "C8732"
    assert found[0].admin1 == "دير الزور" and found[0].precision == 1


def test_a_name_in_several_governorates_takes_the_one_named_nearby() -> None:
    [village, _region] = places("قتل شخص في قرية الجزرة بريف دير الزور الغربي")
    assert village.admin1 == "دير الزور"
    assert village.place is not None and village.place.admin1 == "دير الزور"
    [raqqa, _] = places("قتل شخص في قرية الجزرة بريف الرقة")
    assert raqqa.admin1 == "الرقة"


def test_the_article_governorate_settles_a_name_the_sentence_leaves_open() -> None:
    [alone] = places("اعتقلت دورية شاباً في بلدة الصالحية")
    assert alone.admin1 is None  # a dozen Salihiyehs
    [hinted] = places("اعتقلت دورية شاباً في بلدة الصالحية", hint="دير الزور")
    assert hinted.admin1 == "دير الزور"


def test_a_village_the_gazetteer_has_only_elsewhere_keeps_the_governorate_named() -> None:
    # the gazetteer's only الرز is in Raqqa; the text says eastern Deir ez-Zor
    village, region = places("حملة دهم واعتقالات في قرية “الرز” شرقي دير الزور")
    assert (village.text, village.admin1, village.place) == ("الرز", "دير الزور", None)
    assert village.precision == 2
    assert region.text == "شرقي دير الزور"


def test_common_words_that_are_village_names_need_a_strong_cue() -> None:
    assert event_places("خرج الناس في الحرية والكرامة في المدينة") == []
    assert [p.text for p in places("في قرية الحرية")] == ["الحرية"]
    assert places("أصيب عنصران بجروح متفاوتة") == []  # "جروح" is a village too
    assert places("تم استهدافه بواسطة صاروخ") == []  # and so is "واسطة"


def test_foreign_places_are_never_syrian() -> None:
    assert places("وينحدر من مدينة نينوى العراقية") == []
    assert places("طائرة مروحية أمريكية في أربيل") == []
    assert places("استقدام تعزيزات عسكرية من العراق وتركيا") == []


def test_governorate_and_district_names_stand_on_their_own() -> None:
    [found] = places("حملة اعتقالات واسعة في دير الزور")
    assert found.admin1 == "دير الزور" and found.precision == 2  # the city or its province
    [district] = places("قصف مدفعي على منبج")
    assert district.admin1 == "حلب"
    assert places("ديرالزور")[0].admin1 == "دير الزور"  # written without the space


def test_roles_destination_source_origin() -> None:
    base, region = places("تم نقلهم إلى قاعدة حقل العمر بريف دير الزور للتحقيق معهم")
    assert (base.text, base.role, region.role) == ("حقل العمر", "destination", "destination")
    reporter, event = places("وأفاد مراسل عنب بلدي في دير الزور أن التحالف نفذ مداهمة بمدينة البصيرة")
    assert reporter.role == "source" and event.role == "event" and event.text == "البصيرة"
    [origin] = places("قتل الشاب علي، من أهالي بلدة ذيبان")
    assert origin.role == "origin"


def test_vague_areas_have_no_governorate() -> None:
    [found] = places("عمليات إنزال جوي شمال شرقي سوريا")
    assert (found.admin1, found.precision, found.place) == (None, 3, None)


def test_several_names_in_a_list_after_one_cue() -> None:
    found = places("في بلدتي جديد عكيدات والشحيل بريف دير الزور الشرقي")
    assert [p.text for p in found] == ["جديد عكيدات", "الشحيل", "ريف دير الزور الشرقي"]


def test_a_two_word_name_with_or_without_its_taa_marbuta() -> None:
    # the gazetteer writes جديدة بكارة and جديد عكيدات; reports write either form
    [found, _region] = places("استهدف مسلحون حاجزاً في بلدة جديد بكارة بريف دير الزور الشرقي")
    assert (found.text, found.admin1, found.precision) == ("جديد بكارة", "دير الزور", 1)
    [found, _region] = places("داهمت قسد منازل في بلدة “جديدة عكيدات” بريف دير الزور")
    assert found.text == "جديدة عكيدات" and found.precision == 1
    assert places("وصل الوفد إلى جديد بكارة") == []  # a looser spelling needs "بلدة" or "قرية"


def test_an_installation_is_placed_in_its_governorate() -> None:
    [field] = places("استهدف مجهولون رتلاً بعبوة ناسفة على طريق حقل العمر النفطي")
    assert (field.text, field.admin1, field.precision, field.role) == ("حقل العمر", "دير الزور", 1, "event")


def test_a_badiya_region_and_a_province_as_written() -> None:
    [region, _rural] = places("هاجم مسلحون نقطة في بادية البوكمال بريف دير الزور")
    assert (region.text, region.admin1, region.precision) == ("بادية البوكمال", "دير الزور", 2)
    [province] = places("أطلقت قوات الأمن حملة بمحافظة حماة")
    assert (province.text, province.admin1, province.precision) == ("محافظة حماة", "حماة", 3)

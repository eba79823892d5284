"""One rule of the incident extractor per test, on short sentences written for the test (not taken from
the evaluation set): what counts as an incident, where, which types, which counts, which sides.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from extractors.actors import find_actors
from extractors.arabic import tokenize, words
from extractors.casualties import find_counts
from extractors.incidents import extract_incidents
from extractors.models import Article, Incident
from extractors.places import find_places, gazetteer
from extractors.sentences import split_sentences

SYRIA = timezone(timedelta(hours=3))
PUBLISHED = datetime(2024, 3, 14, 12, tzinfo=SYRIA)  # a Thursday


def extract(text: str, title: str = "", published: datetime = PUBLISHED) -> list[Incident]:
    return extract_incidents(Article(url=None, title=title, text=text, published=published))


def one(text: str, title: str = "") -> Incident:
    found = extract(text, title)
    assert len(found) == 1, [(i.place, i.types) for i in found]
    return found[0]


# --- not incidents ---------------------------------------------------------------------------------


def test_a_news_ticker_line_is_other_stories() -> None:
    ticker = ("قوات النظام تقصف بالمدفعية بلدة كنصفرة (ناشطون) - 10:15 انفجار عبوة ناسفة في مدينة درعا "
              "(مصادر محلية) - 09:40 تعزيزات عسكرية تصل إلى ريف إدلب (ناشطون) - 08:05")  # fmt: skip
    assert extract(ticker + "\nارتفعت أسعار الخبز في حماة اليوم.") == []


def test_an_initial_ends_no_sentence() -> None:
    [sentence] = split_sentences("وقال الادعاء إن المتهم (خ. ك.) كان يحرس الضابط قبل إعدامه.")
    assert sentence.text.startswith("وقال الادعاء")


def test_years_since_a_massacre_is_a_commemoration() -> None:
    assert extract("اثنا عشر عاماً على مجزرة الحولة في ريف حمص.\nنظم ناشطون وقفة في إدلب.") == []
    assert extract("12 عاماً على مجزرة الحولة بريف حمص الشمالي") == []


def test_a_trial_or_a_charge_is_no_event() -> None:
    assert extract("قضت محكمة ألمانية بسجن ضابط سابق أدين بقتل معتقلين في دمشق عام 2012.") == []
    arrest = one("اعتقلت قسد شاباً بتهمة القتل في بلدة الشحيل بريف دير الزور الشرقي.")
    assert "killing" not in arrest.types and "arrest" in arrest.types


def test_an_event_abroad_is_not_a_syrian_incident() -> None:
    assert extract("داهمت الشرطة منزل لاجئ سوري في مدينة برلين واعتقلته.") == []
    assert extract("اعتقلت الشرطة شابين سوريين في مدينة البوخاطر بشرق ألمانيا.") == []


def test_only_references_to_an_untold_event_make_no_incident() -> None:
    assert extract("وتسلط الفعاليات الضوء على المجزرة وآثارها على المدينة.") == []


def test_an_incident_needs_a_place_a_side_or_a_day() -> None:
    assert extract("وصوّر أحدهم إطلاق النار على الرجل، ونشر المقطع.") == []


def test_sentences_that_count_or_tally_incidents_tell_none() -> None:
    assert extract("نفذ التنظيم 161 عملية في دير الزور منذ مطلع العام، قتل فيها 41 عسكرياً.") == []
    assert extract("ورصد المرصد حادثتي اغتيال في ريف دير الزور الشرقي.") == []
    assert extract("وتراجعت وتيرة هجمات التنظيم في مناطق البادية.") == []


# --- telling apart -----------------------------------------------------------------------------------


def test_an_arrest_with_the_idiom_alqa_alqabd_is_told_not_referred_to() -> None:
    arrest = one("وقبل يومين، ألقت قسد القبض على شخص في بلدة الشحيل بريف دير الزور الشرقي.")
    assert arrest.place == "الشحيل" and arrest.background and arrest.arrested == 1


def test_a_campaign_across_villages_then_a_village_with_its_own_day() -> None:
    found = extract("شنت قسد لليوم الثالث على التوالي حملات مداهمة على قرى ريف دير الزور الشرقي.\n"
                    "وفرضت قسد منذ صباح أمس حظر تجول على بلدة الشحيل حيث شنت حملة مداهمات واعتقالات.")  # fmt: skip
    assert [i.place for i in found] == ["ريف دير الزور الشرقي", "الشحيل"]
    assert found[1].date == "2024-03-13"


def test_a_fight_of_another_kind_with_its_own_day_is_another_incident() -> None:
    found = extract("قتل شاب برصاص مجهولين في مدينة البصيرة.\n"
                    "وأصيب أربعة أشخاص إثر اشتباكات عائلية اندلعت مساء اليوم في مدينة البصيرة.")  # fmt: skip
    assert len(found) == 2
    fight = found[1]
    assert "clash" in fight.types and "attack" not in fight.types
    assert fight.injured == 4 and fight.actors == ("tribal",)


# --- places ------------------------------------------------------------------------------------------


def test_a_village_the_gazetteer_lacks_after_qarya() -> None:
    assert "البوخاطر" not in gazetteer().exact
    found = one("اعتقلت قسد شابين في قرية البوخاطر بريف دير الزور الشرقي.")
    assert (found.place, found.admin1, found.place_id, found.geo_precision) == (
        "البوخاطر",
        "دير الزور",
        None,
        2,
    )
    assert (
        find_places("على المنطقة تبع ذلك", tokenize("على المنطقة تبع ذلك")) == []
    )  # no name after a definite noun


def test_a_misspelt_village_is_the_same_incident() -> None:
    found = one("قتل شاب برصاص مجهولين في بلدة ذيبان بريف دير الزور الشرقي.\n"
                "وقال مصدر محلي إن الشاب قتل أمام منزله في بلدة ذبيان.")  # fmt: skip
    assert found.place == "ذيبان"


def test_a_quarter_of_the_gazetteers_village_keeps_its_name() -> None:
    found = one("انفجرت عبوة ناسفة في قرية البحرة الوسطى بريف دير الزور الشرقي.")
    assert found.place == "البحرة الوسطى" and found.place_id


def test_the_town_a_witness_lives_in_is_where_it_happened() -> None:
    found = one("قتل عنصر من قسد برصاص مسلحين مجهولين ببلدة شرقي دير الزور.\n"
                "وقال أحد سكان بلدة أبو حمام إن المسلحين أطلقوا النار عليه وسط البلدة.")  # fmt: skip
    assert found.place == "أبو حمام"


def test_a_landmark_of_a_town_named_elsewhere_in_the_article() -> None:
    found = extract("قتل شاب برصاص مجهولين في مدينة البصيرة.\n"
                    "وأصيب أربعة أشخاص إثر اشتباكات اندلعت مساء اليوم عند دوار جسر البصيرة.")  # fmt: skip
    assert [i.place for i in found] == ["البصيرة", "البصيرة"]
    assert find_places("عند دوار جسر البصيرة", tokenize("عند دوار جسر البصيرة")) == []  # alone, unconfirmed


def test_several_villages_refine_no_region() -> None:
    found = one("تشن قسد حملة مداهمات على قرى ريف دير الزور الشرقي.\n"
                "وامتدت الحملة بين قرية الطيانة وقرية الشحيل.")  # fmt: skip
    assert found.place == "ريف دير الزور الشرقي"


# --- types -------------------------------------------------------------------------------------------


def test_an_operation_is_a_raid_but_an_arrest_campaign_alone_is_not() -> None:
    assert "raid" in one("نفذت قسد عملية في بلدة الشحيل أسفرت عن اعتقال شخصين.").types
    assert "raid" not in one("شنت قسد حملة اعتقالات في بلدة الشحيل طالت خمسة شبان.").types
    assert "raid" not in one("اعتقلت قسد شاباً أثناء عمله في مدينة البصيرة.").types


def test_gunmen_storming_a_house_is_an_attack_not_a_raid() -> None:
    found = one("اقتحم مسلحون مجهولون منزل مختار قرية الطيانة بريف دير الزور وقتلوه.")
    assert "raid" not in found.types and {"attack", "killing"} <= set(found.types)


def test_an_assassination_is_a_killing_by_an_attacker_unless_it_failed() -> None:
    found = one("اغتال مسلحون مجهولون مختار بلدة الشحيل بريف دير الزور الشرقي.")
    assert {"assassination", "attack", "killing"} <= set(found.types) and found.killed == 1
    failed = one("نجا قيادي في قسد من محاولة اغتيال في بلدة الشحيل بريف دير الزور الشرقي.")
    assert "killing" not in failed.types and failed.killed is None


def test_a_shooting_in_a_report_about_assassinations_is_one() -> None:
    found = one("قتل شاب برصاص مسلحين مجهولين في بلدة الشحيل.\n"
                "ويشهد ريف دير الزور تزايداً في حالات الاغتيال.")  # fmt: skip
    assert "assassination" in found.types


def test_an_assault_by_armed_men_is_an_attack_beside_the_clash() -> None:
    found = one("هاجم عناصر من داعش حاجزاً لقسد في بلدة الشحيل واشتبكوا مع عناصره.")
    assert {"attack", "clash"} <= set(found.types)


def test_a_booby_trapped_car_is_a_car_bomb() -> None:
    found = one("انفجرت سيارة دفع رباعي ملغمة في حي القصور بمدينة دير الزور.")
    assert "suicide_bombing" in found.types and "ied" not in found.types
    truck = one("انفجرت شاحنة محملة بالمتفجرات قرب حاجز في بلدة الشحيل.")
    assert "suicide_bombing" in truck.types


# --- counts ------------------------------------------------------------------------------------------


def test_counts_the_dead_of_other_idioms() -> None:
    found = one("أطلق مسلحون النار على شاب في بلدة الشحيل ما أدى إلى مفارقته الحياة.")
    assert "killing" in found.types and found.killed == 1
    found = one("ارتقى ثلاثة من مقاتلينا شهداء أثناء التصدي لهجوم على بلدة الشحيل.")
    assert found.killed == 3


def test_an_explicit_zero_and_an_open_count() -> None:
    zero = one("انفجرت عبوة ناسفة في بلدة الشحيل دون وقوع خسائر بشرية.")
    assert (zero.killed, zero.injured) == (0, 0)
    unknown = one("انفجرت عبوة ناسفة في بلدة الشحيل دون ورود معلومات عن خسائر بشرية.")
    assert (unknown.killed, unknown.injured) == (None, None)
    found = one("انفجرت عبوة ناسفة في بلدة الشحيل.\nوقال مصدر إن الانفجار لم يسفر عن خسائر بشرية.")
    assert found.killed == 0


# --- sides -------------------------------------------------------------------------------------------


def test_a_suspected_perpetrator_is_not_an_actor() -> None:
    found = find_actors(words("أطلق مسلحون مجهولون يرجح أنهم من خلايا داعش النار على عنصر"), None)
    assert [(m.actor, m.role) for m in found if m.role == "actor"] == [("unknown", "actor")]


def test_a_country_named_as_a_place_is_no_side() -> None:
    found = find_actors(words("هاجم تنظيم داعش المصنف إرهابياً في الولايات المتحدة حاجزاً"), None)
    assert [m.actor for m in found if m.role == "actor"] == ["isis"]


def test_people_described_by_a_civilian_role_are_civilians() -> None:
    found = one("اعتقلت قسد الناشط الإعلامي أحمد العلي في مدينة الحسكة.")
    assert found.targets == ("civilians",)
    found = one("اغتال مسلحون مجهولون مختار بلدة الشحيل بريف دير الزور الشرقي.")
    assert "civilians" in found.targets


def test_a_clash_has_both_sides_as_actors() -> None:
    found = one("هاجم مسلحان من خلايا داعش سيارة عسكرية لقسد في بلدة الشحيل ودارت اشتباكات بين الطرفين.")
    assert set(found.actors) == {"isis", "sdf"} and found.targets == ()
    raid = one("داهمت قسد منزل قيادي في داعش ببلدة الشحيل واشتبكت معه.")
    assert raid.actors == ("sdf",) and raid.targets == ("isis",)  # a raid keeps whom it was done to


def test_the_object_of_an_attack_noun_is_the_target() -> None:
    found = find_actors(
        words("قامت مجموعات من فلول النظام بمهاجمة قوات الأمن العام"), datetime(2025, 1, 5).date()
    )
    assert {(m.actor, m.role) for m in found} == {("assad_forces", "actor"), ("syrian_government", "target")}


def test_a_bomb_nobody_is_named_for_is_by_persons_unknown() -> None:
    assert one("انفجرت عبوة ناسفة في بلدة الشحيل صباح اليوم.").actors == ("unknown",)


def test_a_force_answering_the_event_is_not_a_side_in_it() -> None:
    found = one("قتل شاب في اشتباك بين عائلتين في بلدة ذيبان.\n"
                "وفرضت قسد طوقاً أمنياً على البلدة بعد الاشتباكات.")  # fmt: skip
    assert found.actors == ("tribal",)


def test_a_pluperfect_tells_earlier_news() -> None:
    found = extract("قتل شاب برصاص مجهولين في بلدة الشحيل مساء أمس.\n"
                    "وكان اثنان من وجهاء العشيرة، وهما الشيخ أحمد والشيخ محمود، قد تعرضا لهجوم مسلح في بلدة ذيبان.")  # fmt: skip
    assert [(i.place, i.background) for i in found] == [("الشحيل", False), ("ذيبان", True)]


def test_a_clause_going_on_from_a_trend_is_part_of_the_trend() -> None:
    found = extract("قتل شاب برصاص مجهولين في بلدة الشحيل.\n"
                    "ويشهد ريف دير الزور تصاعداً في نشاط التنظيم، فيما تمكنت قسد من اعتقال العشرات من خلاياه.")  # fmt: skip
    assert [i.types for i in found] == [("killing", "attack")]


def test_a_tribal_adjective_names_a_side_only_in_a_fight() -> None:
    assert [m.actor for m in find_actors(words("اندلع اقتتال عشائري في البلدة"), None)] == ["tribal"]
    assert find_actors(words("أثناء عودتهما من جلسة صلح عشائري"), None) == []


def test_the_dual_of_their_lives_counts_two() -> None:
    found = one("تعرض الشيخ لهجوم في بلدة ذيبان ما أسفر عن فقدان الشيخ وسائقه حياتهما.")
    assert found.killed == 2


def test_a_death_from_wounds_and_the_wounding_are_one_incident() -> None:
    found = one("قتل عنصر في قسد متأثراً بجراحه التي أصيب بها برصاص مسلحين مجهولين.\n"
                "وكان المرصد قد رصد، في 3 آذار الجاري، إصابة عنصر من قسد برصاص مجهولين بين منطقتي الطيانة "
                "والشنان في ريف دير الزور الشرقي.")  # fmt: skip
    assert (found.place, found.date, found.killed, found.injured) == ("الطيانة", "2024-03-03", 1, None)


def test_a_spot_between_two_villages_is_the_first_but_a_stretch_is_the_region() -> None:
    assert one("انفجرت عبوة ناسفة بين قريتي الطيانة والشحيل بريف دير الزور.").place == "الطيانة"
    stretch = one("شنت قسد حملة مداهمات بين قرية الطيانة إلى قرية الشحيل بريف دير الزور الشرقي.")
    assert stretch.place == "ريف دير الزور الشرقي"


def test_a_town_council_is_of_the_town_not_a_source() -> None:
    found = one("فجر عناصر من داعش منزل رئيس مجلس بلدة السوسة بريف دير الزور الشرقي.")
    assert found.place == "السوسة"


def test_a_village_belonging_to_a_town_is_the_place() -> None:
    found = one("هاجم مسلحون منزل مختار قرية الطوطحة التابعة لبلدة الصبحة بريف دير الزور الشرقي.")
    assert found.place == "الطوطحة" and found.admin1 == "دير الزور"


def test_series_statistics_and_seasons_are_no_event() -> None:
    assert extract("شهدت المنطقة صيفاً ساخناً بالتزامن مع مجموعة اغتيالات طالت وجهاء العشائر.") == []
    assert extract("وأطلق ناشطون حملة تضمنت إحصائيات المجازر والشهداء في مدينة حماة.") == []
    bomb = one("وذكرت صفحات على مواقع التواصل الاجتماعي أن عبوة ناسفة انفجرت داخل سيارة في مدينة حمص.")
    assert "ied" in bomb.types  # "التواصل" of social media is not "تواصل" (goes on)


def test_words_after_a_place_cue_that_are_no_names() -> None:
    for text in ("في منطقة آمنة", "في مخيم للنازحين", "في قرية تقع شرق المدينة", "في بلدة مجاورة"):
        assert find_places(text, tokenize(text)) == [], text


def test_members_of_a_side_after_a_verb_are_its_subject() -> None:
    found = find_actors(words("اعتقل عناصر من قوات سوريا الديمقراطية إعلامياً في بلدة أبو حمام"), None)
    assert [(m.actor, m.role) for m in found][0] == ("sdf", "actor")
    found = find_actors(words("أسفرت المداهمة عن اعتقال عناصر من داعش"), None)
    assert [(m.actor, m.role) for m in found] == [("isis", "target")]


def test_a_common_word_far_from_its_governorate_is_no_village() -> None:
    text = "اعتقلت قسد إعلامياً في ريف دير الزور أثناء تواجد وفد في زيارة لمشفى هجين"
    assert "زيارة" not in [p.text for p in find_places(text, tokenize(text))]


# --- from the issue 6 scenario's reports (tests/data/scenario/SOURCES.md gives each page) -------------


def _on(day: tuple[int, int, int], hour: int = 18) -> datetime:
    return datetime(*day, hour, tzinfo=SYRIA)


def test_the_people_killed_with_the_victim_are_counted() -> None:
    # Syria TV, 11 Jan 2021 (s02); The Levant News, same day (s13)
    syria_tv = extract("قالت مصادر محلية في دير الزور إن الشيخ طليوش شتات اللافي أحد وجهاء عشيرة العكيدات، قتل مع "
                       "ابنه، إثر عملية اغتيال، اليوم الإثنين.\nوأضافت أن العملية تمت في قرية الحوايج بريف ديرالزور "
                       "الشرقي، حيث عثر عليهما مقتولين في منزلهما.", published=_on((2021, 1, 11)))  # fmt: skip
    assert [(i.place, i.killed) for i in syria_tv] == [("الحوايج", 2)]
    levant = extract("تشهد اليوم المنطقة استهدافاً جديداً، طال أحد شيوخ العشيرة، حيث قام مسلحون مجهولون قد "
                     "اقتحموامنزل “الحاج طليوش” أحد وجهاء قبيلة “العكيدات”، و اغتالوه برفقة نجله وشخص ثالث كان "
                     "متواجداًَ معهما.\nووقعت حادثة الاغتيال، في بلدة ذيبان بريف دير الزور الشرقي.",
                     published=_on((2021, 1, 11)))  # fmt: skip
    assert [(i.place, i.killed) for i in levant] == [("ذيبان", 3)]


def test_a_blast_that_took_two_fighters_killed_two() -> None:
    # Waradana, 8 Jun 2024 (s12): "أودى انفجارها بـ..." is a killing with its count
    found = one('أعلن المرصد السوري لحقوق الإنسان، اليوم السبت، أنّ "انفجارًا دوى في مدينة دير الزور ناجم عن سيارة '
                'دفع رباعي ملغّمة بمواد متفجرة في حي القصور".\nوبحسب المرصد، فإنّ السيارة تعود لمجموعات موالية '
                'لطهران، وأودى انفجارها بـ"مقاتلين اثنين كانا يستقلّانها بالإضافة إلى وقوع جرحى".')  # fmt: skip
    assert found.killed == 2 and "killing" in found.types


def test_one_figure_for_killed_and_wounded_together_is_neither() -> None:
    # Nahr Media, 28 Apr 2022 (s07): the ISIS claim counts the dead and the wounded together
    claim = ("وبعد ساعات قليلة من المجزرة، تبنى تنظيم داعش عبر معرفاته، الهجوم وصرّح أنّ خلية تابعة له هاجمت "
             "“وكراً للمرتدين” وقتلت وجرحت أكثر من 10 أشخاص، ضمن ما أسماه “غزوة الثأر للشيخين”.")  # fmt: skip
    assert find_counts(words(claim)) == {"killed": [], "injured": [], "arrested": []}


def test_a_sweep_for_the_attackers_answers_the_event() -> None:
    # 963+, 19 May 2024 (s01): the militia's reinforcements and sweep are no raid, "منطقة الهجوم" no place,
    # and "غير معروف الجنسية، في بادية البوكمال" does not make the desert where he came from
    found = one("قتل قيادي في الفصائل المدعومة من إيران، في هجوم نفذه مسلحون مجهولون في ريف دير الزور شرقي "
                "سوريا.\nوذكر المرصد السوري لحقوق الإنسان، أن مسلحين مجهولين شنوا هجوماً استهدف قيادياً بالفصائل "
                "المدعومة من إيران غير معروف الجنسية، في بادية البوكمال بريف دير الزور الشرقي قرب الحدود السورية "
                "العراقية.\nوأرسلت الفصائل المدعومة من إيران تعزيزات عسكرية كبيرة إلى منطقة الهجوم، وبدأت حملة "
                "تمشيط بالمنطقة للبحث عن المهاجمين.")  # fmt: skip
    assert "raid" not in found.types and found.actors == ("unknown",) and found.targets == ("iran_backed",)
    assert (found.place, found.place_id) == (
        "بادية البوكمال",
        "SY0902",
    )  # the district's desert refines the province


def test_the_centre_of_a_city_is_the_city() -> None:
    # Enab Baladi, 8 Jun 2024 (s09)
    found = one("وقع انفجار في سيارة تابعة لمجموعة “أسود الشرقية”، الرديفة لقوات النظام السوري، بالقرب من مسجد "
                "“الفتح” وسط مدينة دير الزور، وأسفر عن مقتل عسكريين ومدنيين.")  # fmt: skip
    assert (found.place, found.place_id, found.geo_precision) == ("دير الزور", "C5086", 1)


def test_a_village_named_with_its_sub_district() -> None:
    # North Press, 11 Jan 2021 (s06): "حوايج ذيبان" is OCHA's الحوايج (C5199) of sub-district ذيبان
    found = one("قضى وجيه عشيرة العكيدات وابنه وشخص آخر كان في ضيافته، على يد “مجهولين” اقتحموا منزله  ليل الأحد ـ "
                "الاثنين في بلدة حوايج ذيبان شرقي دير الزور.")  # fmt: skip
    assert (found.place, found.place_id, found.geo_precision) == ("حوايج ذيبان", "C5199", 1)


def test_a_place_type_noun_before_an_area_is_no_seated_village() -> None:
    # Review R3: OCHA's المدينة (C7380) lies in sub-district العريشة and المزرعة (C7262) in خناصر, but "مدينة
    # العريشة" is the town itself and "مزرعة خناصر" a farm there; no looser key is made of them.
    loose = gazetteer().loose
    for key in ("مدينه العريشه", "مزرعه خناصر", "وادي ربيعه", "قصر شقا"):
        assert key not in loose, key
    assert [p.pcode for p in loose["حوايج ذيبان"]] == ["C5199"]  # a village's own name still is


def test_an_unlisted_village_is_placed_by_its_town() -> None:
    # Enab Baladi, 28 Apr 2022 (s11) and Nahr Media (s07, "أبوخشب" run together)
    enab = one("قُتل سبعة مدنيين بهجوم شنه تنظيم “الدولة الإسلامية” على منزل مسؤول بـ”مجلس دير الزور المدني” "
               "التابع لـ”الإدارة الذاتية” في قرية فنيجين بمنطقة أبو خشب شمال غربي محافظة دير الزور.")  # fmt: skip
    assert (enab.place, enab.place_id, enab.admin3, enab.geo_precision) == ("فنيجين", "C5098", "كسرة", 2)
    nahr = one("هاجمت مجموعة من مسلحي داعش منزل “نوري الحميش” في قرية فنيجين التابعة لبلدة أبوخشب شمالي غرب دير "
               "الزور، ما أدى لاشتباك بين الطرفين أسفر عن مقتل 7 أشخاص.")  # fmt: skip
    assert (nahr.place, nahr.place_id) == ("فنيجين", "C5098")


def test_the_victims_affiliation_and_a_former_member_name_no_side() -> None:
    # Enab Baladi (s11): "التابع لـ”قسد”" describes the victims' council; SOHR 2021 (dev-08): a former member
    staff = find_actors(words("إن القتلى والجرحى الذين خلّفهم الهجوم هم موظفون وعاملون في “مجلس دير الزور المدني” "
                              "التابع لـ”قسد”."), None)  # fmt: skip
    assert [(a.actor, a.role) for a in staff if a.actor == "sdf"] == [("sdf", "description")]
    cell = find_actors(words("إن خلية أمنيّة تابعة للتنظيم هاجمت منزل رئيس مكتب العلاقات العامة"), None)
    assert [(a.actor, a.role) for a in cell] == [("isis", "actor")]
    former = one("قتل عنصر سابق في “قسد” برصاص مجهولين يستقلون دراجة نارية، على طريق قريتي الجيعة-الجلامدة بالقرب "
                 "من منزله وهو من أبناء قرية الجلامدة غرب دير الزور.")  # fmt: skip
    assert former.targets == () and former.place == "الجيعة"  # between two villages: the first named

"""The people killed with the victim ("قتل مع ابنه"), and the مع that names someone else: the other side
of a fight, a companion who survived or who was the killer (review R3, extractors/casualties.py).

Real sentences carry their page; the short sentences without one are the reviewer's minimal cases of a rule
(the pages corpus held no Syrian report of that exact shape), kept as unit cases, never as evaluation data.
"""

from __future__ import annotations

import pytest

from extractors.arabic import words
from extractors.casualties import combine, find_counts


def killed(text: str) -> list[tuple[int | None, bool]]:
    return find_counts(words(text))["killed"]


def toll(text: str) -> tuple[int | None, int | None]:
    return combine("killed", killed(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # jesrpress via accessno.net/.../11 (Idlib, shelling)
        ("إن الدكتور “نور الدين الغفير” عملية كلية العلوم الإدارية استشهد مع ابنه “مجد الدين الغفير” عندما كان "
         "يحاول إسعافه", 2),
        # sawtasharq.com (Gaza): the companions may be several kin joined by و
        ("صديقه المقرب علي طارق عز الدين الذي ارتقى برفقة والده وشقيقته في غارة جوية إسرائيلية مباغتة", 3),
        ("يسرى أرملة الشهيد المهندس أسامة الذي استشهد برفقة والده الدكتور جمال الزبدة", 2),
        # ar.mehrnews.com/amp/1838628: a number of his kin
        ("أحد أبرز قادتها الكبار في قطاع غزة، قد استشهد مع ثلاثة من ابنائه في غارة صهيونية", 4),
        # the reviewer's cases of a plural kin word with its number, and of a dual
        ("قتل رجل مع زوجته وأطفالهما الأربعة في بلدة سرمين", 6),
        ("قتل رجل مع طفليه في بلدة سرمين", 3),
        ("قتل شاب مع شقيقه على يد مسلحين مجهولين في بلدة سرمين", 2),
        ("قتل قيادي مع ثلاثة آخرين بغارة جوية", 4),  # "مع N آخرين": he and N others
    ],
)  # fmt: skip
def test_the_people_killed_with_the_victim_are_counted(text: str, expected: int) -> None:
    assert killed(text) == [(expected, True)]


@pytest.mark.parametrize(
    "text",
    [
        # the other side of a fight or a clash (reviewer's minimal cases)
        "مقتل شاب إثر مشاجرة مع شقيقه في بلدة سرمين بريف إدلب",
        "قتل شاب إثر خلاف مع شقيقه في بلدة سرمين بريف إدلب",
        "قتل رجل خلال شجار مع صهره في بلدة الشحيل بريف دير الزور",
        "قتل عنصر من قسد في اشتباك مع مرافقه في بلدة الشحيل بريف دير الزور",
        # someone he was with when he was killed
        "قتل شاب أثناء عودته مع والده من العمل في بلدة سرمين بريف إدلب",
        "قتل الطفل بينما كان يلعب مع شقيقه في بلدة سرمين بريف إدلب",
        "قتل مدني وأصيب ابنه، حيث كان مع ابنه في بلدة سرمين بريف إدلب",
        # baladi-news.com/public/ar/articles/84997
        "التوتر ساد البلدة على خلفية مقتل الشاب نوري السليمان بعد مشاجرة مع أحد أقاربه",
        # halabtodaytv.net/archives/159639: the brother is the killer, and no مع at all
        "قُتل شاب على يد شقيقه، أمس الجمعة، في قرية جنوب الحسكة إثر خلاف على أرض زراعية",
    ],
)
def test_a_mea_that_names_no_one_killed_with_him_leaves_one(text: str) -> None:
    assert toll(text) == (1, None)


def test_a_companion_who_survived_or_killed_him_is_not_counted() -> None:
    assert toll("استشهد شاب أثناء تواجده مع صديقه في بلدة سرمين بريف إدلب، فيما نجا صديقه") == (1, None)
    assert toll("قتل شاب مع صديقه فيما نجا صديقه في بلدة سرمين") == (1, None)
    assert toll("قتلت امرأة مع ابنها على يد ابنها في بلدة الشحيل") == (1, None)


def test_a_plural_kin_word_without_its_number_leaves_a_floor() -> None:
    # "with his wife and their children": at least two, an exact figure is not told
    assert killed("قتل رجل مع زوجته وأطفالهما في بلدة سرمين") == [(2, False)]
    assert killed("قتل رجل مع أطفاله في بلدة سرمين") == [(1, False)]
    # a stated number anywhere in the report wins over the floor
    assert combine(
        "killed", [*killed("قتل رجل مع زوجته وأطفالهما"), *killed("ارتفع عدد القتلى إلى 6 قتلى")]
    ) == (
        6,
        None,
    )

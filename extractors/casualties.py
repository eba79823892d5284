"""Killed, injured and arrested counts read next to their words: "مقتل 4 عناصر", "اعتقال شقيقين",
"4 قتلى", "قُتل شخصان", "فقد عنصران ... حياتهما", "اعتقال المدني" (one), "جرح آخرين" (open).

A count is looked for just after the word (a few words on, past actors and prepositions: "اعتقلت قوات
التحالف، بعملية إنزال جوي شقيقين") and just before a plural noun ("4 قتلى"). Open quantities ("عدد من",
"آخرين") give None, as the annotation guide wants.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.arabic import readings, words_of
from extractors.numbers import is_person_plural, is_singular_person, quantity, word_value
from extractors.triggers import lemmas

KILLED = words_of(
    "قتل مقتل قتيل قتلي يقتل تقتل استشهاد استشهد مصرع حتف وفا توفي ضحايا ضحي اعدام اعدم اغتيل فقد فقدان "
    "اغتيال اغتال مفارق ارتقي ارتقوا شهيد شهداء اودي اودت"
)  # "أودى انفجارها بمقاتلين اثنين": took their lives
_LOSS = words_of("فقد فقدان مفارق")  # "فقد ... حياته"
# "محاولة اغتيال": an attempt kills nobody.
_ATTEMPT = words_of("محاوله محاولات لمحاوله بمحاوله ومحاوله نجا نجاه")
# "دون وقوع خسائر بشرية", "لم يسفر عن إصابات": an explicit zero ("دون ورود معلومات عن خسائر" stays open).
_NO = words_of("دون بدون لم ولم")
_LOSSES = words_of("خسائر اصابات ضحايا")
_NO_NEWS = words_of("معلومات ورود انباء تفاصيل")
INJURED = words_of("اصاب اصابه اصابات اصيب جرح جرحي جريح مصاب مصابين اصابت جروح")
ARRESTED = words_of("اعتقال اعتقل معتقل يعتقل تعتقل توقيف اوقف احتجاز احتجز قبض ايقاف")
# Plural nouns a number comes before: "4 قتلى", "8 مصابين", "3 ضحايا".
_BEFORE = words_of("قتلي قتيل قتيلا جرحي جريح مصابين مصابا ضحايا معتقلين معتقلا شهداء شهيدا")
# A number before these is a time, a distance or an age, never a count of people.
_UNITS = words_of(
    "يوم ايام يوما ساعه ساعات ساعتين دقيقه دقائق اسبوع اسابيع شهر اشهر سنه سنوات عاما عام كم كيلومتر متر"
)
# "لوفاته", "اعتقالهما": the pronoun says how many ("he" one, "they two" two).
_PRONOUN_COUNTS = (("هما", 2), ("ه", 1), ("ها", 1))
_NEGATION = words_of("لم لن دون بدون عدم")
_BARE_NOUNS = words_of("اعتقال مقتل قتل اغتيال اختطاف خطف توقيف احتجاز اعدام")
# "قتل مع ابنه", "اغتالوه برفقة نجله وشخص ثالث": the victim and the people killed with him.
_WITH = words_of("مع برفقه رفقه بصحبه")
_KIN = words_of(
    "ابن نجل شقيق اخ اخو اخي زوج سائق مرافق حارس والد طفل ضيف صديق عم خال حفيد صهر قريب زوجه ابنه شقيقه "
    "والده طفله"
)
_OTHER = words_of("اخر ثالث ثان ثاني رابع")  # "وشخص آخر", "وشخص ثالث"
_OTHERS = words_of("اخرين اخرون")  # "مع ثلاثة آخرين"
_PLURAL_KIN = words_of(
    "اطفال ابناء ابنائ ابناو ابناؤ اولاد اشقاء اشقائ اشقاؤ اخوه اخوان اخوات بنات احفاد مرافقي"
)
# Words that end the victim's noun phrase, so that a مع after them is not "killed with": "إثر مشاجرة مع
# شقيقه", "أثناء عودته مع والده", "في اشتباك مع مرافقه", "على يد زوجها".
_NOT_VICTIM = words_of(
    "اثر خلال اثناء بعد عقب بينما في وفي اشتباك اشتباكات مواجهات خلاف خلافات شجار مشاجره جراء بسبب نتيجه "
    "حيث كان كانت عند لدي يد عودته تواجده وجوده"
)
_NEAR = 5  # the kill word, at most three words of the victim's name or title, then مع
_SURVIVED = words_of("نجا نجت نجاه ينجو ناجيا")
_SKIP = words_of(
    "خلالها خلاله فيها فيه منهم منها بينهم على الاقل اليوم امس قوات قوه التحالف الدولي بعمليه عمليه انزال "
    "جوي شخصا قسد داعش عنصر سابق من"
)  # fmt: skip


def _field(word: str) -> str | None:
    found = lemmas(word)
    if found & KILLED:
        return "killed"
    if found & INJURED:
        return "injured"
    if found & ARRESTED:
        return "arrested"
    return None


def _count_after(words: Sequence[str], start: int, masked: set[int]) -> tuple[int | None, bool, bool]:
    """(count, found, exact) for the first quantity within a few words after ``start``.

    ``exact`` is False for a count read from a singular noun ("اعتقال المدني" -> 1), which yields to
    any count stated in numbers.
    """
    for k in range(start, min(len(words), start + 8)):
        if k in masked:
            continue  # "اعتقلت في 13 أيلول ...": a date, not a count
        if _field(words[k]) is not None:
            break  # the next casualty word has its own count
        got = quantity(words, k)
        if got is not None and k + got[1] < len(words) and words[k + got[1]] in _UNITS:
            got = None  # "قبل 10 أيام", "35 كم"
        if got is not None and not any(j in masked for j in range(k, k + got[1])):
            value, used = got
            if value is not None and k + used < len(words) and words[k + used].startswith("و"):
                more = quantity(words, k + used) or (
                    (1, 1) if is_singular_person(words[k + used][1:]) else None
                )
                if more and more[0]:
                    value += more[0]  # "طفلان وشاب"
            return value, True, True
        if is_singular_person(words[k]) and not words[k].endswith(("ين", "ون")):
            return 1, True, False
        if words[k] not in _SKIP and not any(r in _SKIP for r in readings(words[k])) and k - start >= 3:
            break
    return None, False, False


def _pronoun_count(word: str) -> int | None:
    """ "لوفاته" 1, "اعتقالهما" 2: a verbal noun with a pronoun (ة turns ت before it: وفاة -> وفاته)."""
    for reading in readings(word):
        for suffix, value in _PRONOUN_COUNTS:
            stem = reading[: -len(suffix)]
            if not reading.endswith(suffix) or len(stem) < 3:
                continue
            if (
                stem.endswith("ت") and lemmas(stem[:-1]) & (KILLED | INJURED | ARRESTED)
            ) or stem in _BARE_NOUNS:
                return value
    return None


def find_counts(
    words: Sequence[str], masked: set[int] | None = None
) -> dict[str, list[tuple[int | None, bool]]]:
    """Every count stated for each field in a sentence, in order, as (value, exact); value None for an
    open quantity. ``masked``: word offsets that belong to dates."""
    masked = masked or set()
    counts: dict[str, list[tuple[int | None, bool]]] = {"killed": [], "injured": [], "arrested": []}
    _explicit_zero(words, counts)
    joint = _joint(words)
    for i, word in enumerate(words):
        field = _field(word)
        if field is None or i in joint or any(w in _NEGATION for w in words[max(0, i - 3) : i]):
            continue
        if field == "killed" and any(lemmas(w) & _ATTEMPT for w in words[max(0, i - 2) : i]):
            continue
        if word in _BEFORE or any(r in _BEFORE for r in readings(word)):
            got = quantity(words, i - 1) if i and i - 1 not in masked else None
            if got is not None and got[0] is not None:
                counts[field].append((got[0], True))
                continue
        owned = i >= 3 and _field(words[i - 3]) is not None  # "قتل خمسة مدنيين وجرح": the five are the dead
        if i >= 2 and is_person_plural(words[i - 1]) and i - 2 not in masked and not owned:
            got = quantity(words, i - 2)  # "عشرة مدنيين قتلوا"
            if got is not None and got[0] is not None and got[1] == 1:
                counts[field].append((got[0], True))
                continue
        value, found, exact = _count_after(words, i + 1, masked)
        lives = _lives(words, i) if field == "killed" else None
        if lives is not None and not exact:
            value, found, exact = lives, True, True  # "فقدان الشيخ وسائقه حياتهما": the dual says two
        # "استشهد مع ثلاثة من أبنائه": the number after مع counts the others, not the dead
        after_with = i + 1 < len(words) and any(r in _WITH for r in readings(words[i + 1]))
        together = (
            _with_companions(words, i)
            if field == "killed" and (not found or value == 1 or after_with)
            else None
        )
        if together is not None:
            (value, exact), found = together, True
        if found:
            counts[field].append((value, exact))
        elif (pronoun := _pronoun_count(word)) is not None:
            counts[field].append((pronoun, False))
    return counts


def _joint(words: Sequence[str]) -> set[int]:
    """ "قتلت وجرحت أكثر من 10", "مقتل وإصابة 5": one figure for the dead and the wounded together
    gives neither count, so both words are passed over."""
    joint: set[int] = set()
    for i in range(len(words) - 1):
        first, second = _field(words[i]), _field(words[i + 1])
        if first and second and first != second and words[i + 1].startswith("و") and quantity(words, i + 2):
            joint |= {i, i + 1}  # but "ارتقى خمسة شهداء، وأصيب مقاتل آخر" has a count for each
    return joint


def _with_companions(words: Sequence[str], i: int) -> tuple[int, bool] | None:
    """(1 + the people named as killed with the victim, exact) for "قتل مع ابنه" (2), "اغتالوه برفقة نجله
    وشخص ثالث" (3), "اغتيال أحد وجهاء العشيرة مع ابنه" (2), "استشهد مع ثلاثة من أبنائه" (4); None when
    no one is.

    مع must follow the victim's noun phrase: in "مقتل شاب إثر مشاجرة مع شقيقه" the brother is the other
    side of the fight. A companion who survived ("فيما نجا صديقه") or killed him ("على يد زوجها") is none.
    A plural without its number ("مع زوجته وأطفاله") leaves the count a floor, not exact.
    """
    start = next(
        (k for k in range(i + 1, min(len(words), i + _NEAR)) if any(r in _WITH for r in readings(words[k]))),
        None,
    )
    if start is None or any(_field(w) or _ends_victim(w) for w in words[i + 1 : start]):
        return None
    companions, open_ended, named, j = 0, False, [], start + 1
    while j < len(words) and (j == start + 1 or words[j].startswith("و")):
        kin = _kin(words[j])
        counted = quantity(words, j)
        if kin is not None:
            named.append(words[j].removeprefix("و"))
            if kin:
                companions, j = companions + kin, j + 1
            elif j + 1 < len(words) and (value := word_value(words[j + 1])):
                companions, j = companions + value, j + 2  # "وأطفالهما الأربعة"
            else:
                open_ended, j = True, j + 1  # "وأطفاله": some, how many untold
        elif is_singular_person(words[j]) and j + 1 < len(words) and words[j + 1] in _OTHER:
            companions, j = companions + 1, j + 2  # "وشخص ثالث"
        elif counted and counted[0] and _of_kin(words, j + counted[1]):
            companions, j = companions + counted[0], j + counted[1] + 2  # "ثلاثة من أبنائه"
        elif counted and counted[0] and j + counted[1] < len(words) and words[j + counted[1]] in _OTHERS:
            companions, j = companions + counted[0], j + counted[1] + 1  # "ثلاثة آخرين"
        else:
            break
    if not (companions or open_ended) or _spared(words[j:], named):
        return None
    return 1 + companions, not open_ended


def _ends_victim(word: str) -> bool:
    return any(r in _NOT_VICTIM for r in readings(word))


def _of_kin(words: Sequence[str], k: int) -> bool:
    """ "من أبنائه" at ``k``: a number's people are his kin."""
    return k + 1 < len(words) and words[k] == "من" and _kin(words[k + 1]) is not None


def _spared(rest: Sequence[str], named: list[str]) -> bool:
    """The companion survived ("فيما نجا صديقه") or was the killer ("على يد زوجها")."""
    if any(r in _SURVIVED for w in rest for r in readings(w)):
        return True
    return any(w == "يد" and k + 1 < len(rest) and rest[k + 1] in named for k, w in enumerate(rest))


def _kin(word: str) -> int | None:
    """How many relatives or companions a word with its pronoun names: "ابنه", "ونجله", "زوجته" 1,
    "ابنيه", "طفليهما" 2, "أطفاله", "أبنائه" 0 (a plural: its number comes after, or none); None for
    other words."""
    for reading in readings(word):
        for suffix in ("هما", "هم", "ها", "ه"):
            stem = reading.removesuffix(suffix)
            if stem == reading or len(stem) < 2:
                continue
            if _in(stem, _KIN):
                return 1
            if stem.endswith("ي") and _in(stem[:-1], _KIN):
                return 2  # the dual before a pronoun: ابنيه, طفليهما
            if _in(stem, _PLURAL_KIN):
                return 0
    return None


def _in(stem: str, vocabulary: frozenset[str]) -> bool:
    """The stem, or its ت restored to ة before the pronoun (زوجته -> زوجه)."""
    return stem in vocabulary or (stem.endswith("ت") and stem[:-1] + "ه" in vocabulary)


def _explicit_zero(words: Sequence[str], counts: dict[str, list[tuple[int | None, bool]]]) -> None:
    """ "دون وقوع خسائر بشرية" -> no one killed or injured; "دون اعتقال أحد" -> no one arrested."""
    for i, word in enumerate(words):
        if word not in _NO:
            continue
        window = words[i + 1 : i + 5]
        if any(w in _NO_NEWS for w in window):
            continue
        if any(lemmas(w) & _LOSSES for w in window):
            counts["killed"].append((0, True))
            counts["injured"].append((0, True))
        elif window and _field(window[0]) == "arrested" and "احد" in window[1:3]:
            counts["arrested"].append((0, True))


def _lives(words: Sequence[str], i: int) -> int | None:
    """2 for "... حياتهما" and 1 for "... حياته" closing a "فقد ... حياة" phrase begun at ``i``."""
    if not lemmas(words[i]) & _LOSS:
        return None
    for word in words[i + 1 : i + 10]:
        for reading in readings(word):
            if reading in ("حياتهما", "حياتيهما"):
                return 2
            if reading in ("حياته", "حياتها"):
                return 1
    return None


def combine(field: str, found: list[tuple[int | None, bool]]) -> tuple[int | None, int | None]:
    """(count, highest conflicting count) for one incident from every count its sentences state.

    Counts from singular nouns yield to numbers. Killed takes the lowest and keeps the highest apart
    (ACLED, Airwars); injured and arrested take the first figure, since later ones are often a subset.
    """
    values = [v for v, exact in found if v is not None and exact] or [v for v, _ in found if v is not None]
    values = [v for v in values if v] or values  # an explicit zero yields to any count
    if not values:
        return None, None
    if field != "killed":
        return values[0], None
    low, high = min(values), max(values)
    return low, (high if high != low else None)

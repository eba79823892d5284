"""Who acted and who was acted upon: an alias dictionary with validity periods, and role cues.

Aliases are matched on normalized words (proclitics peeled: "لقسد", "وللتحالف"), longest first. Some
names mean different forces in different years: "الجيش السوري" and "وزارة الدفاع" were Assad's forces
until the regime fell on 2024-12-08 and are the new government's after; "الأمن العام" was Hayat Tahrir
al-Sham's security service in Idlib before that date. "النظام" always means the Assad regime (after
its fall, its remnants). The date that decides is the incident's, else the article's.

A mention's role comes from the words just before it: a speaker ("قالت قسد", "بحسب مصدر في"), a
description ("التحالف بقيادة الولايات المتحدة"), a target ("عنصر في قسد", "موقعاً لقسد", "ضد داعش"),
otherwise an actor ("نفذت قسد", "بدعم من التحالف").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from extractors.arabic import normalize, reading_set, readings

CUTOVER = date(2024, 12, 8)  # the fall of the Assad regime

# alias -> actor id, or (id before CUTOVER, id from CUTOVER on)
_ALIASES: dict[str, str | tuple[str, str]] = {
    "التحالف": "coalition", "التحالف الدولي": "coalition", "قوات التحالف": "coalition",
    # the coalition's full name names ISIS as what it fights, not as a side in the event
    "التحالف الدولي لمحاربة داعش": "coalition", "التحالف الدولي لمحاربة تنظيم داعش": "coalition",
    "التحالف الدولي لمحاربة تنظيم الدولة": "coalition", "التحالف الدولي ضد داعش": "coalition",
    "التحالف الدولي لمحاربة تنظيم الدولة الإسلامية": "coalition", "التحالف الدولي ضد تنظيم الدولة": "coalition",
    "التحالف الدولي لمحاربة الإرهاب": "coalition",
    "طيران التحالف": "coalition", "القوات الأمريكية": "us_forces", "القوات الأميركية": "us_forces",
    "الجيش الأمريكي": "us_forces", "القيادة المركزية": "us_forces", "سنتكوم": "us_forces",
    "الولايات المتحدة": "us_forces", "قسد": "sdf", "قوات سوريا الديمقراطية": "sdf",
    "قوات سورية الديمقراطية": "sdf", "مجلس دير الزور العسكري": "sdf", "وحدات حماية الشعب": "sdf",
    "وحدات حماية المرأة": "sdf", "مجلس منبج العسكري": "sdf", "الأسايش": "asayish", "أسايش": "asayish",
    "قوى الأمن الداخلي": "asayish", "قوات الأمن الداخلي": "asayish", "قوة الأمن الداخلي": "asayish",
    "داعش": "isis", "تنظيم الدولة": "isis", "الدولة الإسلامية": "isis", "التنظيم": "isis",
    "النظام": "assad_forces", "قوات النظام": "assad_forces", "نظام الأسد": "assad_forces",
    "قوات الأسد": "assad_forces", "ميليشيات الأسد": "assad_forces", "فلول النظام": "assad_forces",
    "الدفاع الوطني": "assad_forces", "الفرقة الرابعة": "assad_forces", "جيش النظام": "assad_forces",
    "الجيش السوري": ("assad_forces", "syrian_government"),
    "الجيش العربي السوري": ("assad_forces", "syrian_government"),
    "القوات الحكومية": ("assad_forces", "syrian_government"),
    "قوات الحكومة": ("assad_forces", "syrian_government"),
    "قوات حكومة دمشق": ("assad_forces", "syrian_government"),
    "قوات دمشق": ("assad_forces", "syrian_government"),
    "الحكومة السورية": ("assad_forces", "syrian_government"),
    "وزارة الدفاع": ("assad_forces", "syrian_government"),
    "وزارة الداخلية": ("assad_forces", "syrian_government"),
    # security forces named by their job: the state's (Assad's until its fall), unless an SDF unit is named
    "القوى الأمنية": ("assad_forces", "syrian_government"), "الأجهزة الأمنية": ("assad_forces", "syrian_government"),
    "دورية أمنية": ("assad_forces", "syrian_government"), "دوريات أمنية": ("assad_forces", "syrian_government"),
    "الأمن العام": ("hts", "syrian_government"), "إدارة الأمن العام": ("hts", "syrian_government"),
    "إدارة العمليات العسكرية": ("hts", "syrian_government"),
    "الجيش الوطني": "sna", "الجيش الوطني السوري": "sna", "الفصائل الموالية لتركيا": "sna",
    "القوات التركية": "turkey", "الجيش التركي": "turkey", "الطيران التركي": "turkey",
    "المسيرة التركية": "turkey", "الاحتلال التركي": "turkey", "القوات الروسية": "russia",
    "الطيران الروسي": "russia", "الطائرات الروسية": "russia", "الشرطة العسكرية الروسية": "russia",
    "الميليشيات الإيرانية": "iran_backed", "المليشيات الإيرانية": "iran_backed",
    "الفصائل الإيرانية": "iran_backed", "الميليشيات الموالية لإيران": "iran_backed",
    "الفصائل المدعومة من إيران": "iran_backed", "حزب الله": "iran_backed", "الحرس الثوري": "iran_backed",
    "إسرائيل": "israel", "الجيش الإسرائيلي": "israel", "الطيران الإسرائيلي": "israel",
    "القوات الإسرائيلية": "israel", "الاحتلال الإسرائيلي": "israel", "هيئة تحرير الشام": "hts",
    "تحرير الشام": "hts", "جبهة النصرة": "hts", "مقاتلو العشائر": "tribal", "مقاتلي العشائر": "tribal",
    "قوات العشائر": "tribal", "جيش العشائر": "tribal", "عشائري": "tribal", "العشيرتين": "tribal",
    "العائلتين": "tribal", "عائلتين": "tribal", "عائلتي": "tribal", "عائلية": "tribal", "العائلية": "tribal",
    "عشائرية": "tribal", "العشائرية": "tribal", "العشائري": "tribal", "رجال الكرامة": "local_armed_group",
    "اللواء الثامن": "local_armed_group", "الفصائل المحلية": "local_armed_group",
    "مجهولون": "unknown", "مجهولين": "unknown", "مجهولان": "unknown", "مسلحون": "unknown",
    "مسلحين": "unknown", "مسلحان": "unknown", "المسلحون": "unknown", "المسلحين": "unknown",
    "مدنيين": "civilians", "مدنيا": "civilians", "مدني": "civilians", "المدنيين": "civilians",
    "مدنيون": "civilians", "المدني": "civilians", "الأهالي": "civilians", "مواطنا": "civilians",
    # people described by a civilian role or standing: activists, workers, notables, children
    "مواطن": "civilians", "المواطن": "civilians", "مواطنين": "civilians", "ناشط": "civilians",
    "الناشط": "civilians", "ناشطا": "civilians", "ناشطين": "civilians", "موظف": "civilians",
    "موظفا": "civilians", "موظفين": "civilians", "موظفي": "civilians", "عمال": "civilians",
    "العمال": "civilians", "عاملين": "civilians", "العاملين": "civilians", "مختار": "civilians",
    "وجيه": "civilians", "وجهاء": "civilians", "طفل": "civilians", "طفلا": "civilians", "طفلة": "civilians",
    "أطفال": "civilians", "طفلين": "civilians", "طفلان": "civilians", "امرأة": "civilians",
    "سيدة": "civilians", "نساء": "civilians", "شاب": "civilians", "شابا": "civilians", "الشاب": "civilians",
    "شابين": "civilians", "الشابين": "civilians", "شبان": "civilians", "الشبان": "civilians",
    "مسؤولا في الإدارة الذاتية": "civilians", "مسؤول في الإدارة الذاتية": "civilians",
}  # fmt: skip
# A state's forces named by its adjective: "مسيرة تركية", "الطائرات الحربية الروسية", "الدولة التركية".
_NATIONAL = {
    "turkey": ("تركي", "تركيه"), "russia": ("روسي", "روسيه"),
    "us_forces": ("امريكي", "امريكيه", "اميركي", "اميركيه"), "israel": ("اسرائيلي", "اسرائيليه"),
}  # fmt: skip
_MEANS = ("مسيره", "مسيرات", "طائره", "طائرات", "طيران", "غاره", "غارات", "ضربه", "ضربات", "قصف", "قوات",
          "قوه", "جيش", "دوريه", "دوريات", "مدفعيه", "صواريخ", "صاروخ", "بوارج", "مقاتلات", "مروحيه", "مروحيات")  # fmt: skip
_DEFINITE_ONLY = ("دوله", "احتلال", "عدوان")  # "الدولة التركية", "الاحتلال التركي", not "دولة تركية"
_KINDS = ("", "مسيره", "حربيه", "حربي", "مروحيه", "مسير")  # "طائرة مسيرة تركية", "الطيران الحربي الروسي"


def _national_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for actor, adjectives in _NATIONAL.items():
        for adjective in adjectives:
            for kind in _KINDS:
                for noun in _MEANS:
                    aliases[" ".join(w for w in (noun, kind, adjective) if w)] = actor
                for noun in (*_MEANS, *_DEFINITE_ONLY):
                    aliases[" ".join("ال" + w for w in (noun, kind, adjective) if w)] = actor
    return aliases


_ALIASES.update({k: v for k, v in _national_aliases().items() if k not in _ALIASES})
_WEAK = {"مسلحون", "مسلحين", "مسلحان", "المسلحون", "المسلحين"}  # yield to a named actor

_SPEECH = {
    "قال", "قالت", "افاد", "افادت", "ذكر", "ذكرت", "اوضح", "اوضحت", "اضاف", "اضافت", "اشار", "اشارت",
    "نقل", "نقلت", "رصد", "وثق", "وثقت", "احصي", "اكد", "اكدت", "نشر", "نشرت", "يقول", "تقول", "بحسب",
    "حسب", "وفق", "وفقا", "مصدر", "مصادر", "مراسل", "عن", "تعلق", "يعلق", "تعلن", "تصدر", "اتهم", "اتهمت",
    "يتهم", "تتهم", "ترجيحات", "اعلام", "موقع", "بيان", "معرفات", "وكاله",
}  # fmt: skip
_AGENT = {"رصاص", "برصاص", "بنيران", "نيران", "يد", "قبل", "نفذه", "نفذها", "نفذته", "شنه", "شنها"}
_SOURCES = {"مصدر", "مصادر", "مراسل", "ناشطون", "نشطاء"}  # "مصدر أمني في قوة الأمن الداخلي"
_DESCRIPTION = {"بقياده", "تقوده", "يقوده", "بزعامه", "حلفاء", "حليف", "لصالح", "سيطره", "نفوذ", "مناطق"}
_TARGET = {
    "ضد", "صفوف", "عنصر", "عناصر", "عنصرا", "عنصرين", "عنصران", "قيادي", "قياديا", "قياديين", "امير",
    "مسؤول", "مسؤولي", "مقاتلي", "مقاتلين", "نقطه", "نقاط", "مقر", "مقرا", "مقرات", "موقع", "موقعا", "مواقع",
    "حاجز", "حاجزا", "حواجز", "رتل", "رتلا", "دوريه", "سياره", "عربه", "عربات", "صهريج", "قاعده", "معاقل", "اوكار",
    "بانتمائهم", "الانتماء", "انتمائهم", "بانتمائهما", "انتمائه", "يمول", "تمويل", "المشتبه", "بتهمه",
    "متعاون", "للتجسس", "لصالح", "اسري", "معتقلي", "عناصرها", "محاربه", "مكافحه", "ملاحقه", "مبني",
    "منتسب", "منتسبي", "افراد", "قاده", "امراء", "وجهاء", "احدهما", "الاخر", "احدهم",
    # verbal nouns: what follows is whom they were done to ("بمهاجمة قوات الأمن", "استهداف رتل للتحالف")
    "مهاجمه", "استهداف", "اغتيال", "اختطاف", "خطف", "اعتقال", "ضرب", "قصف",
}  # fmt: skip
_COUNTRIES = {"الولايات", "اسرائيل", "روسيا", "تركيا", "ايران"}  # first words of country-named actors
# Words of diplomacy: a country named in their clause negotiates or agrees, it does not act in the event.
_POLITICS = {
    "اتفاق", "الاتفاق", "اتفاقيه", "الاتفاقيه", "تفاهم", "تفاهمات", "التفاهم", "التفاهمات", "مفاوضات",
    "المفاوضات", "محادثات", "المحادثات", "مباحثات", "المباحثات", "وساطه", "الوساطه", "اجتماع", "لقاء", "قمه",
    "علاقات", "العلاقات", "تنسيق", "التنسيق", "حوار", "الحوار", "صفقه", "الصفقه", "هدنه", "الهدنه", "وقف",
    "تعهد", "تعهدت", "ضمانات", "الضامنه", "مبعوث", "المبعوث", "سفير", "السفير", "وزير", "وزيرا", "الرئيس",
    "الخارجيه", "دعت", "طالبت", "ادانت", "حذرت", "رعايه", "برعايه", "توصلت", "توصل", "وقعت", "بموجب",
}  # fmt: skip
_SUSPECTED = {"يرجح", "يعتقد", "يشتبه", "مرجح", "ترجح", "يرجحون", "يعتقدون", "يشتبهون", "يزعم"}
# Adjectives that name a side only as a fight's kind ("اقتتال عشائري", "اشتباكات عائلية مسلحة").
_FIGHT_ADJECTIVES = {"عشائري", "عشائريه", "العشائريه", "العشائري", "عائليه", "العائليه"}
_FIGHTS = {"اقتتال", "الاقتتال", "اشتباك", "اشتباكات", "الاشتباكات", "الاشتباك", "نزاع", "خلاف", "شجار", "مشاجره",
           "معارك", "مواجهات"}  # fmt: skip
# Perfect verbs of action: the noun right after one is its subject ("داهم عناصر من قسد").
# (not the forms that are also verbal nouns or other words: قصف، خطف، شن، فتح، فجر)
_DEEDS = {"اعتقل", "اعتقلت", "داهم", "داهمت", "هاجم", "هاجمت", "استهدف", "استهدفت", "اقتحم", "اقتحمت",
          "اختطف", "اختطفت", "نفذ", "نفذت", "شنت", "اطلق", "اطلقت", "فتحت", "اغتال", "اعدم", "اعدمت", "قام",
          "قامت", "اشتبك", "اشتبكت", "قصفت", "فجرت"}  # fmt: skip
_MEMBERS = {"عناصر", "عنصر", "مقاتلو", "مقاتلين", "مسلحو", "افراد", "دوريه", "دوريات", "قوه"}
_EVENT_NOUNS = {"هجوم", "هجوما", "عمليه", "كمين", "غاره", "قصف", "اعتداء", "تبني", "هجمات", "استهداف"}


# "مجلس دير الزور المدني التابع لقسد": whose a body or its staff are, not who acted; but a cell or a
# group "تابعة للتنظيم" is the side itself acting.
_FORMER = {"سابق", "السابق", "سابقين", "السابقين", "سابقا", "سابقه", "السابقه"}
_AFFILIATED = {"التابع", "التابعه", "التابعين", "التابعون", "التابعتين", "تابع", "تابعه", "تابعين", "تابعون"}
_ARMED_UNITS = {"خليه", "خلايا", "مجموعه", "مجموعات", "عناصر", "عنصر", "مسلحين", "مسلحون", "فصيل", "فصائل",
                "قوات", "قوه", "دوريه", "دوريات", "كتيبه", "لواء", "ميليشيا", "ميليشيات", "مليشيات", "مقاتلين",
                "مقاتلون", "طائره", "طائرات", "مسيره", "مجموعتين", "خليتين"}  # fmt: skip


def _affiliation_of_others(words: Sequence[str], start: int) -> bool:
    """ "التابع لـ«قسد»" after anything but an armed unit ("خلية أمنية تابعة للتنظيم" is ISIS acting)."""
    k = start - 1 if start and words[start - 1] == "ل" else start
    if k < 1 or not reading_set(words[k - 1]) & _AFFILIATED:
        return False
    return not any(reading_set(w) & _ARMED_UNITS for w in words[max(0, k - 4) : k - 1])


@dataclass(frozen=True)
class ActorMention:
    actor: str
    role: str  # actor | target | speaker | description | suspected
    start: int
    end: int
    weak: bool = False


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list[tuple[tuple[str, ...], str | tuple[str, str]]]], int]:
    table: dict[str, list[tuple[tuple[str, ...], str | tuple[str, str]]]] = {}
    for alias, actor in _ALIASES.items():
        key = tuple(normalize(alias).split())
        table.setdefault(key[0], []).append((key, actor))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table, max(len(k) for k in map(str.split, _ALIASES))


@lru_cache(maxsize=200_000)
def _may_start(word: str) -> bool:
    table = _table()[0]
    return any(r in table for r in readings(word))


def actor_for(alias: str | tuple[str, str], on: date | None) -> str:
    if isinstance(alias, str):
        return alias
    return alias[0] if on is not None and on < CUTOVER else alias[1]


def _role(words: Sequence[str], start: int, reading: str) -> str:
    before = [reading_set(w) for w in words[max(0, start - 4) : start]]
    prefix = words[start][: len(words[start]) - len(reading)]
    if not prefix.endswith("ل") and reading.startswith("ال") and words[start].lstrip("وف").startswith("لل"):
        prefix += "ل"  # "للجيش": لـ + الجيش with the article's alef dropped
    if reading in _COUNTRIES and (
        prefix.endswith("ب") or (start and words[start - 1] in ("في", "من", "الي"))
    ):
        return "description"  # "المصنف إرهابياً في الولايات المتحدة": a place, not a side
    if reading in _COUNTRIES and any(reading_set(w) & _POLITICS for w in words[max(0, start - 8) : start]):
        return (
            "description"  # "بموجب الاتفاق بين تركيا والولايات المتحدة": a party to talks, not to the event
        )
    if (
        any(r & _SPEECH for r in before[-2:])
        or any(r & _SOURCES for r in before[-3:])
        or (start >= 1 and words[start - 1] in ("لم", "ولم"))
    ):
        return "speaker"
    if before and before[-1] & _AGENT or _agent_members(before):
        return "actor"  # "برصاص مجهولين", "على يد", "من قبل", "برصاص عناصر تابعين للقوى الأمنية"
    if any(r & _DESCRIPTION for r in before[-2:]) or _affiliation_of_others(words, start):
        return "description"
    if any(r & _FORMER for r in before[-3:]):
        return "description"  # "عنصر سابق في قسد", "المسؤول السابق بقسد": no longer the side (target null)
    if len(before) >= 2 and before[-1] & _MEMBERS and before[-2] & _DEEDS:
        return "actor"  # "اعتقل عناصر من قسد إعلامياً": members of a side as the verb's subject
    if len(before) >= 3 and before[-2] & _MEMBERS and before[-1] == {"من"} and before[-3] & _DEEDS:
        return "actor"
    if prefix.endswith("ل") and _agent_genitive(before):
        return "actor"  # "بقصف مدفعي للجيش التركي", "هجوم لداعش": whose strike it was
    if any(r & _TARGET for r in before):
        return "target"
    if prefix.endswith("ل") and before and not before[-1] & (_EVENT_NOUNS | _AFFILIATED):
        return "target"  # "موقعاً لـ«قسد»", but "هجوم لداعش" is ISIS acting
    if any(r & _SUSPECTED for r in before):
        return "suspected"  # "مسلحين مجهولين يرجح أنهم من خلايا التنظيم": not known to have acted
    return "actor"


def _agent_members(before: Sequence[frozenset[str]]) -> bool:
    """ "برصاص عناصر دورية أمنية", "على يد عناصر من": members of the side the shots or hands are of."""
    for k in range(len(before) - 2, max(-1, len(before) - 4), -1):
        if before[k] & _AGENT:
            return all(r & (_MEMBERS | _AFFILIATED | {"من"}) for r in before[k + 1 :])
    return False


_STRIKES = {"قصف", "غاره", "غارات", "ضربه", "ضربات", "هجوم", "هجمات", "كمين", "هجوما"}
_MANNER = {"مدفعي", "صاروخي", "جوي", "بري", "عنيف", "مكثف", "متقطع", "مماثل", "مفاجئ", "جديد", "انتحاري"}


def _agent_genitive(before: Sequence[frozenset[str]]) -> bool:
    """A strike noun, perhaps with a manner adjective, just before "لـ" + a side: the side struck."""
    if before and before[-1] & _STRIKES:
        return True
    return len(before) >= 2 and bool(before[-1] & _MANNER) and bool(before[-2] & _STRIKES)


def find_actors(words: Sequence[str], on: date | None) -> list[ActorMention]:
    """Actor mentions in a sentence's normalized words, longest alias first, with their roles."""
    table, _longest = _table()
    found: list[ActorMention] = []
    i = 0
    while i < len(words):
        hit = None
        if not _may_start(words[i]):
            i += 1
            continue
        for reading in readings(words[i]):
            for key, alias in table.get(reading, ()):
                if tuple(words[i + 1 : i + len(key)]) == key[1:]:
                    hit = (reading, key, alias)
                    break
            if hit:
                break
        if not hit:
            i += 1
            continue
        reading, key, alias = hit
        actor = actor_for(alias, on)
        if found and found[-1].actor == actor and i - found[-1].end <= 1:
            i += len(key)
            continue  # "قوة الأمن الداخلي (أسايش)": the same actor named twice
        if key[0] in _FIGHT_ADJECTIVES and not any(
            reading_set(w) & _FIGHTS for w in words[max(0, i - 3) : i]
        ):
            i += len(key)
            continue  # "جلسة صلح عشائري": tribal, but no side unless it qualifies a fight
        role = _role(words, i, reading)
        if actor == "civilians" and role == "actor":
            role = "target"  # civilians are acted upon in this vocabulary
        found.append(ActorMention(actor, role, i, i + len(key), weak=" ".join(key) in _WEAK_KEYS()))
        i += len(key)
    return found


@lru_cache(maxsize=1)
def _WEAK_KEYS() -> frozenset[str]:  # noqa: N802 - a constant built lazily
    return frozenset(normalize(w) for w in _WEAK)

"""Incident triggers: the words and word pairs that say a raid, an arrest, a killing ... happened.

Every normalized word is reduced once (cached) to its lemma candidates: proclitics peeled, the article
dropped, a suffix from ``SUFFIXES`` cut ("واعتقلت" -> اعتقل, "مداهمتها" -> مداهم, "إنزالين" -> انزال).
A trigger is *strong* when it names the event outright (اعتقال، مقتل، إنزال، غارة) and *weak* when the
word also has everyday senses (هجوم in football, استهداف in a vaccination campaign, مسيرة a march): a weak
trigger counts only in a sentence with a security word (an armed actor, a weapon, a casualty).
Sentences about sport, health campaigns, commemorations ("33 عاماً على مجزرة") or courts, trend
statements ("بشكل متكرر", "منذ مطلع العام", "وتيرة الهجمات") and tallies ("161 عملية", "حادثتي اغتيال")
report no incident; a trigger after "بتهمة" is a charge, not an event. Where camel-tools' morphology
database is installed, ``extractors.morphology`` reads the words these rules do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from extractors.arabic import readings, words_of
from extractors.morphology import AnalyzerLemmas

SUFFIXES = (
    "", "ات", "ين", "ون", "وا", "ان", "ا", "ه", "ها", "هم", "هما", "ت", "تا", "ته", "تها", "تهم", "تهما",
    "تين", "تان", "ي", "يه", "يين", "يات", "وه", "وها", "وهم", "تم", "نا", "يا",
)  # fmt: skip

_SUFFIX_SET = frozenset(SUFFIXES[1:])
_SUFFIX_LENGTHS = sorted({len(s) for s in _SUFFIX_SET})

# lemma -> (type, strong)
WORDS: dict[str, tuple[str, bool]] = {
    **dict.fromkeys(("اعتقل", "اعتقال", "يعتقل", "تعتقل", "توقيف", "اوقف", "احتجاز", "احتجز"), ("arrest", True)),
    **dict.fromkeys(("معتقل", "موقوف", "محتجز", "ايقاف"), ("arrest", False)),
    **dict.fromkeys(("مداهم", "داهم", "يداهم", "تداهم", "دهم", "يدهم", "تدهم", "اقتحم", "اقتحام", "يقتحم",
                     "تقتحم"), ("raid", True)),  # fmt: skip
    "تمشيط": ("raid", False),
    "انزال": ("airdrop", True),
    **dict.fromkeys(("قتل", "مقتل", "قتيل", "يقتل", "تقتل", "استشهاد", "استشهد", "اعدام", "اعدم", "مصرع",
                     "ذبح", "مجزر", "حتف"), ("killing", True)),  # fmt: skip
    **dict.fromkeys(("توفي", "وفا", "جث", "ضحايا", "ضحي"), ("killing", False)),
    **dict.fromkeys(("اغتيال", "اغتال", "اغتيل", "يغتال", "تغتال"), ("assassination", True)),
    **dict.fromkeys(("اشتباك", "اشتبك", "يشتبك", "اقتتال", "مواجهات"), ("clash", True)),
    **dict.fromkeys(("مواجه", "معارك", "معرك"), ("clash", False)),
    **dict.fromkeys(("كمين", "قنص", "قناص"), ("attack", True)),
    **dict.fromkeys(("هجوم", "هجم", "هجمات", "هاجم", "يهاجم", "تهاجم", "استهدف", "استهداف", "يستهدف", "تستهدف",
                     "اعتداء", "اعتدي", "رصاص", "طلقات", "اربيجي"), ("attack", False)),  # fmt: skip
    **dict.fromkeys(("انفجار", "انفجر", "تفجير", "فجروا", "فجروه", "يفجر", "قنبل", "قنابل"), ("explosion", True)),
    **dict.fromkeys(("متفجر",), ("explosion", False)),
    **dict.fromkeys(("لغم", "الغام", "ملغم"), ("ied", True)),
    **dict.fromkeys(("انتحاري", "مفخخ"), ("suicide_bombing", True)),
    **dict.fromkeys(("غار", "غارات"), ("airstrike", True)),
    **dict.fromkeys(("درون",), ("drone_strike", True)),
    **dict.fromkeys(("مسير", "مسيرات"), ("drone_strike", False)),
    **dict.fromkeys(("قصف", "قذائف", "هاون", "مدفعي", "مدفعي", "راجمات"), ("shelling", True)),
    **dict.fromkeys(("قذيف", "صواريخ"), ("shelling", False)),
    **dict.fromkeys(("خطف", "اختطف", "اختطاف", "مختطف", "يختطف", "يخطف", "تخطف", "مخطوف"), ("abduction", True)),
}  # fmt: skip

# (first lemmas, second lemmas, most words between, type): "عبوة ناسفة", "فقد ... حياته", "ضبط أسلحة".
PAIRS: tuple[tuple[frozenset[str], frozenset[str], int, str], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()), gap, kind)
    for a, b, gap, kind in (
        ("عمل حمل", "امني امنيه", 0, "raid"),
        ("حمل حملات", "دهم مداهم مداهمات تمشيط", 1, "raid"),  # "حملة اعتقالات" alone: arrests
        ("قبض", "علي", 0, "arrest"),
        ("فقد فقدان اودي اودت ازهاق مفارق", "حيات حياه الحياه روح", 8, "killing"),
        ("ارتقي ارتقوا ارتقت ارتقاء سقط سقوط", "شهيد شهيدا شهداء شهيدين", 6, "killing"),
        ("لقي لقوا", "حتف مصرع", 1, "killing"),
        ("اطلاق اطلق اطلقوا فتح فتحوا", "نار النار رصاص الرصاص", 12, "attack"),
        ("تبادل", "اطلاق", 0, "clash"),
        ("عبو عبوات عبوتين", "ناسف ناسفه ناسفتين متفجر متفجره ملغم", 0, "ied"),
        ("مخلفات", "حرب الحرب", 0, "ied"),
        ("سيار سيارات", "مفخخ ملغم", 3, "suicide_bombing"),  # "سيارة دفع رباعي ملغمة"
        ("محمل محمله", "متفجرات بالمتفجرات متفجره براميل ناسفه ديناميت", 2, "suicide_bombing"),
        ("حزام احزم", "ناسف", 0, "suicide_bombing"),
        ("قصف ضرب ضربات", "جوي جويه", 0, "airstrike"),
        ("طائر طائرات الطائر", "مسير مسيرات", 0, "drone_strike"),
        ("قصف", "مدفعي صاروخي", 0, "shelling"),
        ("قذيف قذائف", "هاون مدفعي", 0, "shelling"),
        ("تحرير", "رهائن الرهائن مختطفين مخطوفين اسري", 3, "hostage_rescue"),
        ("فجر", "عناصر مسلحون مسلحين مجهولون مجهولين التنظيم داعش خلايا", 0, "explosion"),
        ("ضبط ضبطت مصادر صادر صادرت العثور", "اسلح سلاح ذخائر ذخير مسدسات بنادق متفجرات عبوات", 3,
         "weapons_seizure"),
    )
)  # fmt: skip

SECURITY = words_of(
    "مسلح مسلحين مسلحون عسكري عسكريه قوات قوه عناصر عنصر سلاح اسلح رصاص قذيف صاروخ عبو ناسف جرحي قتلي "
    "قتيل مصاب اصاب اصيب جريح حاجز نقط رتل دوري مقر قاعد داعش قسد التحالف خلايا جيش امني امنيه دبابه "
    "مدرع مدرعه رشاش رشاشات"
)
# Matched on whole words (clitics peeled), not lemmas: "دورية" (patrol) must not read as "دوري" (league).
SPORTS = words_of(
    "مباراه مباريات منتخب دوري لاعب لاعبين الشوط شوط ملعب بطوله مرمي تعادل تعادلا ركله هداف نادي مدرب "
    "المدرب حارس_مرمي"
)
HEALTH = words_of("لقاح لقاحات تلقيح تطعيم شلل الحصبه كوليرا فيروس كورونا")
MEMORY = words_of("ذكري ذكراه ذكراها ذكراهم تخليد تخليدا استذكار يستذكر احيت يحيون احياءا")
MEMORY_PAIRS = (("عاما", "علي"), ("عام", "علي"), ("سنوات", "علي"), ("سنه", "علي"), ("عامين", "علي"))  # "33 عاماً على مجزرة"
# Courts: a killing or arrest named in a trial or a verdict is a charge, not an event.
# ("بعد محاكمة صورية" alone is not listed: armed groups try and execute people too)
LEGAL = words_of("محكمه محاكمات النيابه الادعاء ادانته ادانتهم بالسجن")
# "بتهمة القتل": what someone is charged with; the trigger after it is no event.
_CHARGES = words_of("تهمه بتهمه تهم بتهم اتهامات تهمتي بتهمتي")
GENERIC_WORDS = words_of(
    "متكرر تواصل يواصل تشهد يشهد كثف صعد احصي احصت حصيل ظاهر عاده غالبا الانفلات تزايد يتهم تتهمه مختلفه "
    "وتير تصاعد احصائيات احصاءات"
)
GENERIC_PAIRS = (("الحين", "والاخر"), ("بشكل", "يومي"), ("شبه", "يوميه"), ("منذ", "مطلع"), ("منذ", "بدايه"),
                 ("الاونه", "الاخيره"), ("منذ", "عده"), ("خلال", "شهر"), ("منذ", "شهر"), ("خلال", "الايام"),
                 ("خلال", "الاسابيع"), ("خلال", "الاشهر"), ("مجموعه", "اغتيالات"), ("سلسله", "اغتيالات"),
                 ("سلسله", "تفجيرات"), ("سلسله", "هجمات"), ("موجه", "اغتيالات"), ("موجه", "هجمات"))  # fmt: skip
# "حادثتي اغتيال", "161 عملية": a sentence that counts incidents sums up or tallies; it tells none itself.
SUMMARY_WORDS = words_of("حادثتي حادثتين حادثتان عمليتي عمليتين عمليتان هجومين هجومان حوادث")
TALLY_NOUNS = words_of("عمليه عمليات هجوما هجمات هجوم حادثه حوادث حالات حاله اعتداء اعتداءات")
_TALLY_FROM = 10
_NEGATORS = {"لم", "لن", "دون", "بدون", "عدم", "يخطط", "يخططون", "تخطط", "منع", "وقف", "ايقاف", "نفي", "نفت"}


ASSAULT = words_of("هجوم هجوما هجومه هجومها هجومهم هاجم هاجموا هاجمت هاجمه هاجمها هاجمتا يهاجم تهاجم يهاجمون هجم هجموا")
AIRCRAFT = words_of(
    "طائرات طائره الطائرات الطائره طيران الطيران حربيه الحربيه مروحي المروحي براميل البراميل مقاتلات"
)
_SHELLING_WORDS = words_of("مدفعي مدفعيه قذائف قذيفه هاون صاروخي صواريخ راجمات")


@dataclass(frozen=True)
class Hit:
    type: str
    strong: bool
    index: int  # word offset in the sentence
    definite: bool  # "العملية", "الاشتباكات": the word refers back to something already told


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma candidate of a normalized word: readings, article dropped, one suffix cut."""
    out: set[str] = set()
    for reading in readings(word):
        out.add(reading)
        for length in _SUFFIX_LENGTHS:
            if len(reading) - length >= 2 and reading[-length:] in _SUFFIX_SET:
                out.add(reading[:-length])
    return frozenset(out)


@lru_cache(maxsize=200_000)
def word_trigger(word: str) -> tuple[str, bool] | None:
    """(type, strong) when the word alone is a trigger."""
    best: tuple[str, bool] | None = None
    for lemma in lemmas(word):
        found = WORDS.get(lemma)
        if found and (best is None or (found[1] and not best[1]) or (found[1] == best[1] and len(lemma) > 3)):
            best = found
    return best


def morph_trigger(word: str, morphology: AnalyzerLemmas) -> tuple[str, bool] | None:
    """(type, strong) from the analyzer's lemmas of a word the rules do not read ("يعتقلونهم")."""
    if len(word) < 4 or word.isdigit():
        return None
    best: tuple[str, bool] | None = None
    for lex in morphology.lemmas(word):
        found = word_trigger(lex)
        if found and (best is None or (found[1] and not best[1])):
            best = found
    return best


def _definite(word: str) -> bool:
    return any(r.startswith("ال") for r in readings(word)[:3]) and not word.startswith(("بال", "لل"))


@lru_cache(maxsize=200_000)
def _pair_starts(word: str) -> tuple[int, ...]:
    """Indexes of the ``PAIRS`` whose first word this word can be."""
    found = lemmas(word)
    return tuple(k for k, (first, _second, _gap, _kind) in enumerate(PAIRS) if found & first)


def find_triggers(words: Sequence[str], morphology: AnalyzerLemmas | None = None) -> list[Hit]:
    """Trigger hits in a sentence's normalized words (negated ones left out); ``morphology``, when
    given, reads the words the rules do not know."""
    hits: list[Hit] = []
    for i, word in enumerate(words):
        found = word_trigger(word) or (morph_trigger(word, morphology) if morphology else None)
        starts = _pair_starts(word)
        if not (found or starts) or any(w in _NEGATORS for w in words[max(0, i - 2) : i]):
            continue
        if any(w in _CHARGES for w in words[max(0, i - 4) : i]):
            continue
        if found:
            hits.append(Hit(found[0], found[1], i, _definite(word)))
        for k in starts:
            _first, second, gap, kind = PAIRS[k]
            if any(lemmas(words[j]) & second for j in range(i + 1, min(len(words), i + gap + 2))):
                # "ألقت القبض على": an idiom, never a reference back
                hits.append(Hit(kind, True, i, _definite(word) and kind != "arrest"))
    return hits


def _bare_shelling(words: Sequence[str], hit: Hit) -> bool:
    """A shelling hit read from "قصف" alone, with no artillery word next to it."""
    if hit.type != "shelling" or "قصف" not in lemmas(words[hit.index]):
        return False
    return not any(lemmas(w) & _SHELLING_WORDS for w in words[hit.index : hit.index + 4])


def all_readings(words: Sequence[str]) -> frozenset[str]:
    """Every reading of every word of a sentence (computed once per sentence, shared by the checks)."""
    return frozenset(r for w in words for r in readings(w))


def context(words: Sequence[str], whole: frozenset[str] | None = None) -> dict[str, bool]:
    """Which kinds of wording the sentence has: security, sport, health, memory, legal, generic."""
    # "مواقع التواصل الاجتماعي" (social media) is no "تواصل" (goes on)
    sets = [lemmas(w) for k, w in enumerate(words) if k + 1 == len(words) or words[k + 1] != "الاجتماعي"]
    flat: set[str] = set().union(*sets) if sets else set()
    whole = all_readings(words) if whole is None else whole
    pairs = set(zip(words, words[1:], strict=False))
    return {
        "security": bool(flat & SECURITY),
        "sport": bool(whole & SPORTS),
        "health": bool(whole & HEALTH),
        "memory": bool(whole & MEMORY) or any(p in pairs for p in MEMORY_PAIRS),
        "legal": bool(whole & LEGAL),
        "generic": bool(flat & GENERIC_WORDS) or any(p in pairs for p in GENERIC_PAIRS) or _sums_up(words, whole),
    }


def _sums_up(words: Sequence[str], whole: frozenset[str]) -> bool:
    if whole & SUMMARY_WORDS:
        return True
    return any(
        words[k].isdigit() and int(words[k]) >= _TALLY_FROM and words[k + 1] in TALLY_NOUNS
        for k in range(len(words) - 1)
        if words[k][0].isdigit()
    )


def sentence_types(
    words: Sequence[str], morphology: AnalyzerLemmas | None = None, whole: frozenset[str] | None = None
) -> tuple[list[Hit], dict[str, bool]]:
    """The trigger hits that count in this sentence, and its context flags.

    Sport, health, commemoration and court sentences count nothing; weak triggers count only next to a
    strong one or a security word.
    """
    whole = all_readings(words) if whole is None else whole
    flags = context(words, whole)
    if flags["sport"] or flags["memory"] or flags["legal"]:
        return [], flags
    hits = find_triggers(words, morphology)
    kinds = {h.type for h in hits}
    if "abduction" in kinds and whole & {"تحرير", "بتحرير", "تحريرهم", "الافراج"}:
        hits = [
            Hit("hostage_rescue", True, h.index, h.definite) if h.type == "abduction" else h for h in hits
        ]
    if "اربيجي" in whole:  # an RPG round is direct fire, not shelling
        hits = [h for h in hits if h.type != "shelling"]
    if whole & AIRCRAFT:
        # "قصفت طائرات حربية ...": bare "قصف" by aircraft is an air strike
        hits = [
            Hit("airstrike", h.strong, h.index, h.definite) if _bare_shelling(words, h) else h for h in hits
        ]
    if any(h.type == "suicide_bombing" for h in hits):  # "سيارة ملغمة": a car bomb, not a roadside mine
        hits = [h for h in hits if not (h.type == "ied" and "ملغم" in lemmas(words[h.index]))]
    air = {h.index for h in hits if h.type == "airstrike"}
    hits = [h for h in hits if not (h.type == "shelling" and h.index in air)]  # "قصف جوي" is not shelling
    strong = any(h.strong for h in hits)
    if flags["health"] or not (strong or flags["security"]):
        hits = [h for h in hits if h.strong and not flags["health"]]
    elif flags["security"]:
        # "هاجم مسلحون حاجزاً": an assault among armed men and positions says attack outright
        hits = [Hit(h.type, True, h.index, h.definite) if _assault(words[h.index], h) else h for h in hits]
    return hits, flags


def _assault(word: str, hit: Hit) -> bool:
    return hit.type == "attack" and not hit.strong and bool(set(readings(word)) & ASSAULT)

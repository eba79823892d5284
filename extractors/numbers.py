"""Counts as Arabic news writes them: digits, number words, duals and the vague quantities.

Works on normalized words (``extractors.arabic``): digits are already ASCII, ة is ه, ى is ي.
``quantity(words, i)`` reads the count that starts at ``words[i]`` and returns ``(value, length)``;
the value is ``None`` for a quantity the text leaves open ("عدد من", "آخرين"). pyarabic has a
number-word parser, but it is not installed here and it knows no duals or Levantine news idioms, so the
few dozen words are listed below.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.arabic import readings, strip_article

# Units and teens, masculine and feminine forms, with and without the case ending.
_UNITS: dict[str, int] = {}
for _value, _forms in {
    1: "واحد واحده احد احدي",
    2: "اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي",
    3: "ثلاث ثلاثه",
    4: "اربع اربعه",
    5: "خمس خمسه",
    6: "ست سته",
    7: "سبع سبعه",
    8: "ثمان ثماني ثمانيه",
    9: "تسع تسعه",
    10: "عشر عشره",
}.items():
    for _form in _forms.split():
        _UNITS[_form] = _value

_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40, "خمسون": 50,
    "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90, "مئه": 100, "مائه": 100, "مئتين": 200, "مئتان": 200, "مائتين": 200,
}  # fmt: skip

# "العشرات" (tens of) counts as 10 by the annotation guide; "عدد من" and "آخرين" stay open.
_VAGUE_NUMBERS = {"عشرات": 10}
_OPEN = {"عدد", "اخرين", "اخرون", "اخري", "بعض", "مئات", "الاف", "عده", "عديد"}
# Words before a number that make it approximate or a floor; the number is kept as written.
_HEDGES = {"نحو", "قرابه", "حوالي", "اكثر", "اقل", "ما", "لا", "يقل", "عن", "من", "زهاء"}

# Nouns for people whose ين/ان ending can only be a dual (their plural is broken: أشخاص، عناصر ...).
_DUAL_ONLY = {
    "شخص", "عنصر", "شقيق", "شاب", "طفل", "رجل", "جندي", "ضابط", "اخو", "ابن", "امرات", "سيدت",
    "طفلت", "فتات", "مواطنت", "شقيقت", "قائد", "مسؤول", "قيادي", "حارس", "راعي", "مزارع", "صحفي",
}  # fmt: skip
# Nouns whose ين ending is also a sound plural (مدنيين = civilians): only the ان ending is a dual.
_DUAL_NOMINATIVE = {"مدني", "مقاتل", "مسلح", "ناشط", "عامل", "معتقل", "مهاجم", "مجهول", "مصاب", "قتيل"}
# Singular person nouns: "اعتقال المدني" is one person.
SINGULAR_PERSONS = {
    "شخص", "عنصر", "شاب", "رجل", "امراه", "سيده", "طفل", "طفله", "فتاه", "مدني", "مواطن", "قيادي",
    "قائد", "مسؤول", "ناشط", "جندي", "ضابط", "مقاتل", "امير", "متزعم", "عامل", "صحفي", "معلم", "طبيب",
    "مختار", "شيخ", "وجيه", "مسن", "سائق", "تاجر", "مزارع", "راعي", "موظف", "حارس", "مطلوب", "مشتبه",
    "مختطف", "صراف", "عسكري", "مجند", "منشق", "لاجئ", "نازح", "مهرب", "قاصر", "شقيق", "ابن", "والد",
}  # fmt: skip


# Plural nouns for people: "عشرة مدنيين قتلوا" counts the civilians.
PERSON_PLURALS = {
    "مدنيين", "مدنيون", "اشخاص", "عناصر", "مقاتلين", "مقاتلون", "اطفال", "نساء", "شبان", "جنود",
    "عسكريين", "عسكريون", "اشقاء", "افراد", "مواطنين", "عمال", "طلاب", "قتلي", "جرحي", "مسلحين",
}  # fmt: skip


def is_person_plural(word: str) -> bool:
    return any(strip_article(r) in PERSON_PLURALS for r in readings(word))


def word_value(word: str) -> int | None:
    """The value of one number word or digit string, or None."""
    if word.isdigit():
        return int(word)
    for reading in readings(word):
        bare = strip_article(reading)
        for form in (reading, bare):
            if form in _UNITS:
                return _UNITS[form]
            if form in _TENS:
                return _TENS[form]
            if form in _VAGUE_NUMBERS:
                return _VAGUE_NUMBERS[form]
    return None


def dual_value(word: str) -> int | None:
    """2 for a dual of a person noun ("شقيقين", "عنصران", "مدنيان"), else None."""
    for reading in readings(word):
        bare = strip_article(reading)
        for ending in ("ين", "ان", "تين", "تان"):
            if not bare.endswith(ending) or len(bare) - len(ending) < 2:
                continue
            stem = bare[: -len(ending)]
            if stem in _DUAL_ONLY or (ending == "ان" and stem in _DUAL_NOMINATIVE):
                return 2
    return None


def is_singular_person(word: str) -> bool:
    """ "المدني", "شخصاً", "قيادياً": one person."""
    for reading in readings(word):
        bare = strip_article(reading)
        if bare in SINGULAR_PERSONS or (bare.endswith("ا") and bare[:-1] in SINGULAR_PERSONS):
            return True
    return False


def quantity(words: Sequence[str], index: int) -> tuple[int | None, int] | None:
    """The count starting at ``words[index]``: ``(value, words used)``, value None when left open.

    Handles "20", "ثلاثة", "خمسة وعشرون", "أحد عشر", "نحو 20", "أكثر من 10", "العشرات", duals, and the
    open quantities "عدد من", "آخرين". Returns None when no count starts here.
    """
    start = index
    while index < len(words) and index - start < 3 and words[index] in _HEDGES:
        index += 1
    if index >= len(words):
        return None
    word = words[index]
    if word in ("الاحد", "الاثنين"):  # Sunday, Monday
        return None
    if strip_article(word) in _OPEN or word in _OPEN:
        return None, index - start + 1
    value = word_value(word)
    if value is None:
        dual = dual_value(word)
        return (dual, index - start + 1) if dual else None
    used = index - start + 1
    nxt = words[index + 1] if index + 1 < len(words) else ""
    if 1 <= value <= 9 and nxt in ("عشر", "عشره"):  # أحد عشر .. تسعة عشر
        return value + 10, used + 1
    if 1 <= value <= 9 and nxt.startswith("و") and (_TENS.get(nxt[1:], 0) >= 20):
        return value + _TENS[nxt[1:]], used + 1  # خمسة وعشرون
    if nxt in ("الف", "الاف", "مليون"):
        return value * (1000 if nxt != "مليون" else 1_000_000), used + 1
    return value, used


def parse_count(text: str) -> int | None:
    """The count a short phrase states: ``parse_count("شقيقين") == 2``; None when open or absent."""
    from extractors.arabic import words as split_words

    tokens = split_words(text)
    for index in range(len(tokens)):
        found = quantity(tokens, index)
        if found is not None:
            return found[0]
    return None

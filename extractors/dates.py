"""Incident dates resolved against the publication date, and the words that mark earlier news.

Understands "اليوم الثلاثاء", "منذ قليل", "فجر اليوم", "أمس الأحد", "مساء أمس", "أول أمس", "قبل يومين", "الخميس
الماضي", "الليلة الماضية", "ليل الأحد ـ الاثنين" (a night is dated by the evening it began), "الجمعة 17 من أيار", "2 كانون الأول/ ديسمبر", "العشرين من تشرين الثاني الماضي", "16 آب 2025",
with Levantine and Gregorian month names. A day and month without a year is the latest such date not
after publication. Nothing is guessed: without a publication date a relative expression gives None.

dateparser (``locales=["ar-SY"]``) knows the month names but resolves weekdays forward and parses one
string at a time; finding dates inside running text in one pass over the words is simpler here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from extractors.numbers import word_value

MONTHS: dict[tuple[str, ...], int] = {
    ("كانون", "الثاني"): 1, ("شباط",): 2, ("اذار",): 3, ("نيسان",): 4, ("ايار",): 5, ("حزيران",): 6,
    ("تموز",): 7, ("اب",): 8, ("ايلول",): 9, ("تشرين", "الاول"): 10, ("تشرين", "الثاني"): 11,
    ("كانون", "الاول"): 12, ("يناير",): 1, ("فبراير",): 2, ("مارس",): 3, ("ابريل",): 4, ("افريل",): 4,
    ("مايو",): 5, ("يونيو",): 6, ("يونيه",): 6, ("يوليو",): 7, ("يوليه",): 7, ("اغسطس",): 8,
    ("سبتمبر",): 9, ("اكتوبر",): 10, ("نوفمبر",): 11, ("ديسمبر",): 12,
}  # fmt: skip
_AMBIGUOUS_MONTHS = {("اب",), ("مارس",)}  # "father", "he practised": months only after a day or "شهر"
WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
_ORDINALS = {
    "الاول": 1, "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
    "السابع": 7, "الثامن": 8, "التاسع": 9, "العاشر": 10, "العشرين": 20, "الثلاثين": 30,
}  # fmt: skip
_PAST = {"الماضي", "الفائت", "المنصرم", "السابق"}
_CURRENT = {"الجاري", "الحالي"}
_TIME_OF_DAY = {"فجر", "صباح", "ظهر", "عصر", "مساء", "ليل", "ليله", "ظهيره", "يوم", "منذ", "في"}
_MONTH_PARTS = {"منتصف", "مطلع", "بدايه", "اوائل", "اواخر", "نهايه", "اواسط", "خلال", "شهر"}
# Phrases that mark an incident as earlier news even without a date ("وسبق أن", "قبل أيام").
BACKGROUND_PHRASES: tuple[tuple[str, ...], ...] = (
    ("قبل", "ايام"), ("منذ", "ايام"), ("قبل", "عده", "ايام"), ("منذ", "عده", "ايام"), ("سبق", "ان"),
    ("وسبق", "ان"), ("سبق", "هذا"), ("سبق", "ذلك"), ("في", "وقت", "سابق"), ("الشهر", "الماضي"),
    ("الاسبوع", "الماضي"), ("العام", "الماضي"), ("السنه", "الماضيه"), ("قبل", "اسبوع"), ("قبل", "اسابيع"),
    ("قبل", "شهر"), ("قبل", "اشهر"), ("قبل", "اكثر", "من"), ("ايام", "الماضيه"), ("الايام", "الماضيه"),
    ("الصيف", "الماضي"), ("الشتاء", "الماضي"), ("الربيع", "الماضي"), ("الخريف", "الماضي"),
)  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    date: date | None  # None when the words mark a time but not a day
    precision: str | None  # "day", or None
    background: bool  # the words themselves say "earlier" (قبل أيام، الماضي، وسبق أن)
    start: int  # word offsets in the sentence
    end: int


def latest_not_after(day: int, month: int, published: date) -> date | None:
    """The latest ``day``/``month`` on or before ``published`` (this year or the year before)."""
    for year in (published.year, published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _month_at(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """(month number, words used) for a month name at ``i``, with or without a conjunction."""
    for length in (2, 1):
        key = tuple(words[i : i + length])
        if len(key) == length and key in MONTHS:
            return MONTHS[key], length
        if length == 1 and key and key[0][:1] in "وب" and (key[0][1:],) in MONTHS:
            return MONTHS[(key[0][1:],)], 1
    return None


def _day_before(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """(day, first index) for a day number or ordinal ending just before ``i`` ("17 من", "الثامن عشر من")."""
    j = i - 1
    if j >= 0 and words[j] in ("من", "شهر"):
        j -= 1
    if j < 0:
        return None
    word = words[j].removeprefix("في") if words[j].startswith("في") and words[j][2:].isdigit() else words[j]
    if word.isdigit() and 1 <= int(word) <= 31:
        return int(word), j
    if word == "عشر" and j >= 1 and words[j - 1] in _ORDINALS and _ORDINALS[words[j - 1]] < 10:
        return _ORDINALS[words[j - 1]] + 10, j - 1
    if word in ("والعشرين", "والثلاثين") and j >= 1 and words[j - 1] in _ORDINALS:
        return _ORDINALS[words[j - 1]] + (20 if word == "والعشرين" else 30), j - 1
    if word in _ORDINALS and word not in ("الحادي",):
        return _ORDINALS[word], j
    return None


def _absolute(words: Sequence[str], i: int, published: date | None) -> tuple[DateMention, int] | None:
    found = _month_at(words, i)
    if not found:
        return None
    month, used = found
    day = _day_before(words, i)
    ambiguous = tuple(words[i : i + used]) in _AMBIGUOUS_MONTHS
    if ambiguous and not day and not (i and words[i - 1] == "شهر"):
        return None
    end = i + used
    if end < len(words) and (m2 := _month_at(words, end)) and m2[0] == month:
        end += m2[1]  # "أيار/مايو": the same month twice
    year = None
    if end < len(words) and words[end].isdigit() and 1990 <= int(words[end]) <= 2100:
        year, end = int(words[end]), end + 1
    past = end < len(words) and words[end] in _PAST
    if end < len(words) and (words[end] in _PAST or words[end] in _CURRENT):
        end += 1
    start = day[1] if day else i
    if start and words[start - 1] in WEEKDAYS:
        start -= 1
    if not day:  # "منتصف أيار الماضي": a month, not a day
        before = published and (year or published.year, month) < (published.year, published.month)
        return DateMention(None, None, bool(past or before), start, end), end
    resolved: date | None = None
    if year:
        try:
            resolved = date(year, month, day[0])
        except ValueError:
            resolved = None
    elif published:
        resolved = latest_not_after(day[0], month, published)
    return DateMention(resolved, "day" if resolved else None, past, start, end), end


def _relative(words: Sequence[str], i: int, published: date | None) -> tuple[DateMention, int] | None:
    word = words[i].removeprefix("و") if words[i] not in WEEKDAYS else words[i]
    prev = words[i - 1] if i else ""
    prev = prev[1:] if prev.startswith("و") and len(prev) > 3 else prev  # "وقبل يومين"
    nxt = words[i + 1] if i + 1 < len(words) else ""
    offset: int | None = None
    end = i + 1
    if word == "اليوم" and prev != "حتي" and nxt not in _ORDINALS and nxt not in ("العالمي", "الدولي"):
        offset = 0
    elif word in ("امس", "الامس", "البارحه"):
        offset = 2 if prev == "اول" or (prev == "من" and i >= 2 and words[i - 2] == "اول") else 1
    elif word == "الليله" and nxt in ("الماضيه", "الفائته", "المنصرمه"):
        offset, end = 1, end + 1  # "الليلة الماضية": the night that began the evening before publication
    elif word in ("قليل", "ساعات") and prev in ("منذ", "قبل") and nxt not in ("من", "علي"):
        offset = 0  # "منذ قليل", "قبل ساعات": today's news (not "قبل ساعات من الهجوم")
    elif word in ("يومين", "اليومين") and prev == "قبل":
        offset = 2
    elif word in ("ايام", "اسابيع") and i >= 2 and prev.isdigit() and words[i - 2] == "قبل":
        offset = int(prev) * (7 if word == "اسابيع" else 1)
    elif word in WEEKDAYS and (nxt in _PAST or prev in _TIME_OF_DAY or prev in ("اليوم", "امس", "الامس")
                               or not (nxt.isdigit() or _day_like(nxt))):  # fmt: skip
        if prev in ("صلاه", "خطبه", "صلاتي") or published is None:
            return (DateMention(None, None, False, i, end), end) if published is None else None
        past = nxt in _PAST
        if past:
            end += 1
        elif prev in ("ليل", "ليله") and nxt in WEEKDAYS and WEEKDAYS[nxt] == (WEEKDAYS[word] + 1) % 7:
            end += 1  # "ليل الأحد ـ الاثنين": one night, dated by the evening it began (the Sunday)
        if prev in ("اليوم", "امس", "الامس"):
            return None  # "أمس الأحد": the relative word already gave the day
        back = (published.weekday() - WEEKDAYS[word]) % 7
        if past and back == 0:
            back = 7
        return DateMention(published - timedelta(days=back), "day", past, i, end), end
    if offset is None:
        return None
    if nxt in WEEKDAYS:
        end += 1
    if published is None:
        return DateMention(None, None, offset >= 2, i, end), end
    return DateMention(published - timedelta(days=offset), "day", False, i, end), end


def _day_like(word: str) -> bool:
    return word in _ORDINALS or (word_value(word) is not None and not word.startswith("ال"))


_MONTH_STARTS = (
    {key[0] for key in MONTHS} | {"و" + key[0] for key in MONTHS} | {"ب" + key[0] for key in MONTHS}
)
_RELATIVE_WORDS = {
    "الليله",
    "اليوم",
    "امس",
    "الامس",
    "البارحه",
    "يومين",
    "اليومين",
    "ايام",
    "اسابيع",
    "قليل",
    "ساعات",
    *WEEKDAYS,
}
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in BACKGROUND_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


def find_dates(words: Sequence[str], published: date | None) -> list[DateMention]:
    """Every date or earlier-news phrase in a sentence's normalized words, in order."""
    mentions: list[DateMention] = []
    i = 0
    while i < len(words):
        word = words[i]
        bare = word[1:] if word.startswith("و") and len(word) > 3 else word
        found = None
        if word in _MONTH_STARTS:
            found = _absolute(words, i, published)
        if found is None and (word in _RELATIVE_WORDS or bare in _RELATIVE_WORDS):
            found = _relative(words, i, published)
        if found:
            mention, nxt = found
            if mentions and mention.start < mentions[-1].end:
                mentions.pop()  # "الجمعة 17 من أيار": the full date replaces the bare weekday
            mentions.append(mention)
            i = max(nxt, i + 1)
            continue
        for phrase in _PHRASES_BY_FIRST.get(bare, ()):
            if (bare, *words[i + 1 : i + len(phrase)]) == phrase:
                mentions.append(DateMention(None, None, True, i, i + len(phrase)))
                i += len(phrase) - 1
                break
        i += 1
    return mentions


def is_background(mention_date: date | None, published: date | None, cue: bool) -> bool:
    """Earlier news: two days or more before publication, or said to be earlier in so many words."""
    if mention_date and published:
        return (published - mention_date).days >= 2
    return cue

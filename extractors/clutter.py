"""Generic Arabic page clutter, removed line by line from extracted article text.

The rules are conservative on purpose: each one matches page furniture by its wording and its shape
(a short line, a label, a known heading), never by topic, so a real news sentence is never dropped.
Outlet-specific markup is better removed before extraction with CSS selectors (``text.PageRules``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Arabic letters that differ only in spelling (hamza forms, alef maqsura, taa marbuta) and the marks
# that do not change a word (tashkeel, tatweel) are folded before comparing labels.
_MARKS = re.compile("[\u0617-\u061a\u064b-\u0652\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text reduced for comparison: no tashkeel or tatweel, one alef and yaa form, single spaces."""
    return _SPACE.sub(" ", _MARKS.sub("", text).translate(_FOLD)).strip().casefold()


# Labels standing alone: "skip to content", "back to top" (WordPress themes, Jannah), comment forms, ads.
_LABELS = {fold(s) for s in (
    "تخطى إلى المحتوى", "تخطي إلى المحتوى", "انتقل إلى المحتوى", "الانتقال إلى المحتوى", "Skip to content",
    "زر الذهاب إلى الأعلى", "العودة إلى الأعلى", "الذهاب إلى الأعلى", "إلى الأعلى", "Back to top button",
    "أرسل تعليقك", "اترك تعليقاً", "اترك تعليقا", "أضف تعليق", "إضافة تعليق جديد", "شارك هذا المقال",
    "إعلان", "إعلانات", "مساحة إعلانية", "Advertisement", "Sponsored", "الرئيسية", "بحث", "القائمة", "أخبار",
    "الأخبار", "آخر الأخبار", "الوضع المظلم", "الوضع الليلي", "التغطية الحية", "icon", "Logo", "Menu", "Search",
    "no image", "لا توجد صورة", "الوسوم", "الكلمات المفتاحية", "رابط مختصر", "الرابط المختصر", "نسخ الرابط",
)}  # fmt: skip

# Share-bar labels; a line made only of these (with separators) is a share bar.
_SHARE_WORDS = [fold(s) for s in (
    "Facebook", "Twitter", "WhatsApp", "Telegram", "LinkedIn", "Pinterest", "Reddit", "Tumblr", "Messenger",
    "VKontakte", "Viber", "Email", "Print", "Copy link", "Share", "X", "فيسبوك", "فيس بوك", "تويتر", "إكس",
    "واتساب", "واتس اب", "تيلقرام", "تلغرام", "تيليجرام", "تليجرام", "لينكدإن", "لينكد إن", "بينتيريست",
    "ماسنجر", "البريد الإلكتروني", "طباعة", "مشاركة", "شارك", "شاركها", "نسخ الرابط", "شارك عبر", "مشاركة عبر",
)]  # fmt: skip
_SHARE_ALTERNATIVES = "|".join(re.escape(w) for w in sorted(_SHARE_WORDS, key=len, reverse=True))
_SHARE_LINE = re.compile(rf"^(?:(?:{_SHARE_ALTERNATIVES})[\s|•·,،/-]*)+$")

# Two platform names side by side inside a longer line: a share bar glued to the text around it.
_PLATFORMS = r"(?:facebook|twitter|whatsapp|telegram|linkedin|messenger|فيسبوك|تويتر|واتساب|تلغرام|تيلقرام)"
_SHARE_PAIR = re.compile(rf"{_PLATFORMS}\s*{_PLATFORMS}", re.IGNORECASE)
_GLUED_TEXT_CHARS = 40

# Headings after which a page lists other articles: below the body, the heading and all after it go.
_RELATED_HEADINGS = {fold(s) for s in (
    "مقالات متعلقة", "مقالات ذات صلة", "أخبار ذات صلة", "أخبار متعلقة", "مواضيع ذات صلة", "مواضيع متعلقة",
    "قد يعجبك أيضاً", "المزيد من الأخبار", "الأكثر قراءة", "Related Articles", "Related Posts",
)}  # fmt: skip

# "Read also: <headline>" cross-links inside the body (patterns on folded text). Alone on a line, the
# label introduces the headlines below it, which go with it.
_READ_ALSO = re.compile(r"^(?:اقرا ايضا|اقرا كذلك|اقرا المزيد|قد يهمك ايضا|شاهد ايضا)\b\s*[:.-]?\s*")

# Donation appeals (Enab Baladi's "ادعم عنب بلدي … اضغط هنا للمساهمة" box and the like).
_APPEAL = re.compile(
    r"^(?:ادعم|ادعموا|تبرع|ساهم|ساهموا)\b|اضغط هنا للمساهمه|للتبرع|يصنع الفرق|بحاجتك|لنبقي مستقلين"
    r"|دولار واحد شهري"
)  # on folded text

# "خاص - SY24", "عنب بلدي – خاص": an exclusive-report byline naming the outlet, on its own line, either
# way round; and a print edition's issue line ("عنب بلدي – العدد 64 – الأحد 12-5-2013").
_EXCLUSIVE = r"(?:خاص|حصري|متابعات)"
_NAME = r"[^\s.،:]+(?:\s+[^\s.،:]+){0,2}"
_BYLINE = re.compile(rf"^(?:{_EXCLUSIVE}\s*[-–—ـ|]\s*{_NAME}|{_NAME}\s*[-–—ـ|]\s*{_EXCLUSIVE})$")
_ISSUE_LINE = re.compile(r"^[^.،]{0,40}[-–—ـ|]\s*العدد\s+[\d٠-٩]+(?:\s*[-–—ـ|][^.،]{0,40})?$")

# A link's address shown as text ("رابط مختصر https://…", a percent-encoded slug): once the addresses
# are taken out, at most a short label is left.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S*(?:%[0-9A-Fa-f]{2}){2,}\S*")
_ADDRESS_LABEL_WORDS = 4

# Image credits standing alone: "(عنب بلدي)", "تصوير: …", "Getty Images".
_CREDIT = re.compile(r"^(?:\([^()]{2,40}\)|(?:تصوير|عدسة|الصورة|صورة|مصدر الصورة|Photo|Credit)\s*[:：]\s*.{1,60}"
                     r"|.{0,30}\b(?:Getty Images|AFP|Reuters|AP Photo)\b.{0,20})$", re.IGNORECASE)  # fmt: skip

# Cookie-consent banners ("نستخدم ملفات تعريف الارتباط … موافق"), matched on folded text: the word for
# cookies together with the banner's own wording, so a report about cookies is not taken for one.
_COOKIES = re.compile(r"ملفات تعريف الارتباط|الكوكيز|ملفات الارتباط|cookies")
_CONSENT = re.compile(r"نستخدم|يستخدم هذا الموقع|تجربه|واصلت|باستخدامك|موافق|اوافق|قبول|we use|accept")
_CONSENT_CHARS = 400

# Direction marks and zero-width characters: invisible, but they split words for everything downstream.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# Font-size tools ("tag icon ع ع ع") and icon captions ("camera icon<caption>").
_TAG_ICON = re.compile(r"^(?:tag icon)?[\sع]*$")
_CAMERA = re.compile(r"^\s*camera icon\s*")
_LONE_SYMBOL = re.compile(r"^[\s×✕✖»«•·|*#+=_~…-]*$")

# A line that is only a date or time ("الإثنين, 1 ديسمبر 2025 08:46 PM", "2024.12.26 | 20:32 دمشق").
_DATE_WORDS = {fold(s) for s in (
    "السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "يناير", "فبراير",
    "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    "كانون", "الثاني", "الأول", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين",
    "من", "في", "AM", "PM", "ص", "م", "دمشق", "آخر", "تحديث", "نشر", "بتاريخ", "التاريخ", "date",
    # counters that share the date line ("2021-11-30 قراءة: 1204")
    "قراءة", "قراءات", "مشاهدة", "مشاهدات", "زيارة", "تعليق", "تعليقات", "views",
)}  # fmt: skip
_NUMBER_ONLY = re.compile(r"^[\d٠-٩\s.,،٬:/%+-]+$")  # view and comment counters
_RELATIVE_TIME = re.compile(
    r"^(?:منذ|قبل)?\s*[\d٠-٩]*\s*(?:ثانيه|ثوان|دقيقه|دقائق|دقيقتين|ساعه|ساعات|ساعتين|يوم|ايام|يومين)$"
)
_DATE_FILLER = re.compile(r"[\d٠-٩\s/|:.,،\-–—_]+")
_DIGIT = re.compile(r"[\d٠-٩]")

# The footer's copyright line ("جميع الحقوق محفوظة © زمان الوصل 2025", "© 2025 جميع الحقوق محفوظة لوكالة
# أنباء هاوار"): it opens or closes with the notice, and besides notices and years it names only the outlet.
# "وأكد الأهالي أن جميع الحقوق محفوظة لأصحاب الأراضي" and a caption's "… في قصف على سرمين © رويترز" stay.
_COPYRIGHT = re.compile(
    r"©|\(c\)|copyright|حقوق النشر|جميع الحقوق محفوظه|كافه الحقوق محفوظه|all rights reserved", re.IGNORECASE
)
_COPYRIGHT_FILLER = re.compile(r"[\d٠-٩]{4}|[\s|،,:.\-–—_]+")
_COPYRIGHT_CHARS = 100
_COPYRIGHT_OWNER_WORDS = 4  # "لوكالة أنباء هاوار", "مصدر إخباري آخر"

# A ticker or headline strip flattened into one line: "آخر الأخبار<headline> • <headline> • <headline> •".
# Under its kicker it is furniture wherever it stands; without one, only above or below the body (a round-up
# inside a report, "أبرز أحداث اليوم: مقتل 3 مدنيين … • اعتقال شابين … • …", is news).
_STRIP_SEPARATOR = re.compile(r"\s[•·]\s|\s[•·]$")
_STRIP_ITEMS = 3
_TICKER_KICKERS = tuple(fold(s) for s in (
    "آخر الأخبار", "شريط الأخبار", "أخبار عاجلة", "عاجل", "الأكثر قراءة", "الأكثر مشاهدة", "Latest News",
    "Breaking",
))  # fmt: skip

_BULLET = re.compile(r"^\s*(?:[-*•▪◦]\s+|•)")  # list markers (trafilatura writes "- " for <li>)
_TITLE_WITHIN = 8  # lines of kickers, dates and share labels that may stand above the title
_HEADLINE_CHARS = 120  # a cross-linked headline is short and has no closing full stop
_APPEAL_NEIGHBOUR_CHARS = 90
_HEADLINES_UNDER_LABEL = 3
_TEASER_ENDS = ("…", "...", "[…]")  # a teaser's cut-off excerpt under a "read also" label


def is_clutter(line: str) -> bool:
    """True for a line that is page furniture on its own, whatever surrounds it."""
    text = line.strip()
    if not text:
        return True
    folded = fold(text)
    return bool(
        folded in _LABELS
        or _SHARE_LINE.match(folded)
        or _TAG_ICON.match(text)
        or _LONE_SYMBOL.match(text)
        or _NUMBER_ONLY.match(text)
        or _RELATIVE_TIME.match(folded)
        or _BYLINE.match(text)
        or _ISSUE_LINE.match(text)
        or _CREDIT.match(text)
        or _is_address(text)
        or _CAMERA.match(text)
        or (len(text) <= 200 and _READ_ALSO.match(folded))
        or _is_appeal(text)
        or (len(text) <= _CONSENT_CHARS and bool(_COOKIES.search(folded)) and bool(_CONSENT.search(folded)))
        or _is_date_only(text)
        or _is_copyright(text, folded)
        or (folded.startswith(_TICKER_KICKERS) and _is_headline_strip(text))
    )


def share_bar_inside(text: str) -> bool:
    """True when a line of ``text`` carries a share bar with text around it (not a share bar alone)."""
    for line in text.splitlines():
        found = _SHARE_PAIR.search(line)
        if found and len(line.strip()) > found.end() - found.start() + _GLUED_TEXT_CHARS:
            return True
    return False


def _is_appeal(line: str) -> bool:
    # Appeals are slogans and buttons; a reported sentence ("ساهم الدفاع المدني في …") ends with a full stop.
    sentence = line.endswith(".") and not line.endswith("..")
    return len(line) <= 120 and not sentence and bool(_APPEAL.search(fold(line)))


def _is_address(line: str) -> bool:
    if not _ADDRESS.search(line):
        return False
    rest = _ADDRESS.sub(" ", line).strip(" :-–|")
    return len(rest.split()) <= _ADDRESS_LABEL_WORDS and len(rest) <= 40


def _is_date_only(line: str) -> bool:
    if len(line) > 60 or len(_DIGIT.findall(line)) < 4:
        return False
    words = _DATE_FILLER.sub(" ", fold(line)).split()
    return all(word in _DATE_WORDS for word in words)


def _is_copyright(line: str, folded: str) -> bool:
    if len(line) > _COPYRIGHT_CHARS or line.endswith(".") or not _COPYRIGHT.search(folded):
        return False
    core = _COPYRIGHT_FILLER.sub(" ", folded).strip()  # years and separators aside
    at_an_end = _COPYRIGHT.match(core) or any(m.end() == len(core) for m in _COPYRIGHT.finditer(core))
    owner = _COPYRIGHT_FILLER.sub(" ", _COPYRIGHT.sub(" ", core)).split()
    return bool(at_an_end) and len(owner) <= _COPYRIGHT_OWNER_WORDS


def _is_headline_strip(line: str) -> bool:
    """Headlines joined by bullets: at least three, none of them a sentence (a report has no " • ")."""
    items = [item.strip() for item in _STRIP_SEPARATOR.split(line) if item.strip()]
    return len(items) >= _STRIP_ITEMS and all(_is_headline(item) for item in items)


def _is_headline(line: str) -> bool:
    return len(line) <= _HEADLINE_CHARS and not line.endswith((".", ":"))


def clean_lines(lines: Iterable[str], title: str | None = None) -> list[str]:
    """The article's own lines: clutter removed, the title not repeated, related lists cut off."""
    stripped = [_BULLET.sub("", _SPACE.sub(" ", _INVISIBLE.sub("", line))).strip() for line in lines]
    stripped = [line for line in stripped if line]
    if title:
        stripped = _after_title(stripped, fold(title))
    # Captions shown twice: as image text and after "camera icon"; both copies go.
    captions = {fold(_CAMERA.sub("", line)) for line in stripped if _CAMERA.match(line)}
    captions.discard("")
    title_key = fold(title) if title else None
    clutter = [is_clutter(line) for line in stripped]
    body = [k for k, line in enumerate(stripped) if not clutter[k] and _is_body(line)]

    kept: list[str] = []
    skip_headlines = 0
    for index, line in enumerate(stripped):
        folded = fold(line)
        if folded.rstrip(" :.") in _RELATED_HEADINGS:
            if kept:
                break
            skip_headlines = _HEADLINES_UNDER_LABEL * 3  # a related list above the body: only it goes
            continue
        if skip_headlines and (_is_headline(line) or line.endswith(_TEASER_ENDS)):
            skip_headlines -= 1
            continue
        skip_headlines = 0
        read_also = _READ_ALSO.match(folded)
        if read_also and read_also.end() == len(folded):
            skip_headlines = _HEADLINES_UNDER_LABEL  # a bare "اقرأ أيضاً" label: its headlines go too
            continue
        if clutter[index] or folded in captions or _leads_into_appeal(stripped, index):
            continue
        if body and not body[0] < index < body[-1] and _is_headline_strip(line):
            continue  # a headline strip above or below the body, without its kicker
        if title_key and folded == title_key and all(len(k) <= _HEADLINE_CHARS for k in kept):
            continue  # the title repeated above the body
        kept.append(line)
    return kept


def _is_body(line: str) -> bool:
    """A line of the report itself (clutter aside): a sentence or a paragraph, no headline strip."""
    return (len(line) > _HEADLINE_CHARS or line.endswith(".")) and not _is_headline_strip(line)


def _after_title(lines: list[str], title_key: str) -> list[str]:
    """Drop what stands above the title (category kicker, date, share bar) when all of it is short."""
    for index, line in enumerate(lines[:_TITLE_WITHIN]):
        if fold(line) == title_key:
            return (
                lines[index + 1 :] if all(len(above) <= _HEADLINE_CHARS for above in lines[:index]) else lines
            )
    return lines


def _leads_into_appeal(lines: list[str], index: int) -> bool:
    """A short slogan ending in ".." or "!" directly above a donation appeal belongs to the appeal.

    Body sentences end with a single full stop, so an article's last paragraph is never taken.
    """
    line = lines[index]
    return (
        len(line) <= _APPEAL_NEIGHBOUR_CHARS
        and line.endswith(("..", "…", "!"))
        and index + 1 < len(lines)
        and _is_appeal(lines[index + 1])
    )

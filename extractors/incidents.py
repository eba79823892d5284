"""Article -> incidents: every security incident the article reports, each as an ``Incident``.

The flow: the article's own sentences (``sentences``), each read for triggers, places, dates, actors and
counts (``_read``), sentences grouped into incidents (``frames.group``), each frame turned into an
``Incident`` (``incident_fields``). The title counts as evidence for the main incident (the first that
is not background) and stands in for the body when the body reports nothing. A frame whose sentences
name no place or day takes them from the sentence just before it when that one sets the scene
("أقدم مسلحون يوم أمس على هدم منزل ... في بلدة الطكيحي" before "... وفجروه"). A frame of references
only ("المجزرة") tells no event, and an incident with no place, no named side and no day is dropped.
No network, no crawler imports: text in, data out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from extractors.actors import ActorMention, find_actors
from extractors.arabic import Token, readings, tokenize, words_of
from extractors.casualties import find_counts
from extractors.dates import DateMention, find_dates, is_background
from extractors.eventplace import event_place, points_at_town
from extractors.frames import Frame, Mention, group
from extractors.incident_fields import build_incident
from extractors.models import Article, Incident
from extractors.morphology import default_lemmas
from extractors.places import PlaceMention, confirmed_streets, disambiguate, names_foreign_place, raw_places
from extractors.placewords import FOREIGN, PLURAL_CUES
from extractors.sentences import Sentence, split_sentences
from extractors.triggers import Hit, all_readings, lemmas, sentence_types

_NEW_EVENT = (
    ("في", "سياق", "متصل"), ("وفي", "سياق", "متصل"), ("في", "سياق", "اخر"), ("وفي", "سياق", "اخر"),
    ("من", "جهه", "اخري"), ("ومن", "جهه", "اخري"), ("الي", "ذلك"), ("والي", "ذلك"), ("في", "حادثه", "اخري"),
    ("وفي", "حادثه", "اخري"), ("وفي", "حادثه", "منفصله"), ("في", "حادثه", "منفصله"),
)  # fmt: skip
_RESULT = {"اسفرت", "اسفر", "ادت", "ادي", "نتج", "خلفت", "خلف", "تسبب", "تسببت", "انتهت", "استمرت"}
# Definite nouns that point back at the event just told: a sentence with one adds its details to it.
_REFERENCES = {"العمليه", "الحمله", "الهجوم", "الاشتباكات", "المداهمه", "الحادثه", "الاستهداف", "الانزال"}
_TAKING_PART = words_of("مسانده بمسانده مشارك بمشارك دعم بدعم نفذ نفذت نفذها شارك شاركت")
_OPERATION = {"عمليه", "عمليات", "حمله", "حملات", "حملتها", "حملته", "عمليتها"}
_ARRESTS = {"اعتقالات", "اعتقال", "الاعتقالات", "اعتقالات،"}
_RESPONSE = {"طوق", "طوقا", "طوقت", "طوقوا", "استنفار", "استنفارا", "تعزيزات", "انتشرت", "انتشر"}
# "بدأت حملة تمشيط للبحث عن المهاجمين": a hunt for the perpetrators answers the event
_SEARCH = {"البحث", "للبحث", "بحثا"}
_PERPETRATORS = {"المهاجمين", "الجناه", "المنفذين", "الفاعلين", "القتله", "الخاطفين", "المسلحين"}
_IRREGULAR = {"unknown", "isis", "civilians"}
_PLUPERFECT_REACH = 24  # "وكان اثنان من وجهاء العشيرة، وهما ...، قد تعرضا": a long subject before "قد"
_DIED_OF = {"متاثرا", "متاثره", "متاثرين", "متاثرتا"}
_WOUNDS = {"بجراحه", "جراحه", "بجراحها", "بجروحه", "باصابته", "اصابته", "بجراحهم", "بجراحهما", "باصابتها"}
_ATTEMPT = {"محاوله", "محاولات", "نجا"}
_HEDGES = {"دوي", "سماع", "سمع", "صوت", "اصوات"}
_GENERIC_EXTRA = {("عده", "مناطق"), ("مناطق", "مختلفه"), ("حملات", "امنيه")}
_DATE_REACH = 6  # words between a date and the trigger it dates, in a sentence that refers back
_PERSON = re.compile(
    r"(?:يُ?دعى|تُ?دعى|المدعو|المدعوة|الشاب|الشابة|القيادي|الناشط|الطفل|الطفلة|المواطن|الحاج)\s*"
    r"[“\"«]([^”\"»]{3,40})[”\"»]"
)

Parsed = tuple[list[Token], list[PlaceMention]]


def extract_incidents(article: Article) -> list[Incident]:
    """Every security incident ``article`` reports, in the order the article tells them."""
    published = article.published.date() if article.published else None
    sentences = split_sentences(article.text, article.title)
    raw = [_tokens_and_places(s.text) for s in sentences]
    title_raw = _tokens_and_places(article.title)
    named = {p.text for _, places in [*raw, title_raw] for p in places if p.cue != "sub"}
    raw = [(tokens, confirmed_streets(places, named)) for tokens, places in raw]
    title_raw = (title_raw[0], confirmed_streets(title_raw[1], named))
    hint = _governorate_hint([disambiguate(places, None) for _, places in [*raw, title_raw]])
    parsed = [(tokens, disambiguate(places, hint)) for tokens, places in raw]
    mentions = [_read(i, s, p, published) for i, (s, p) in enumerate(zip(sentences, parsed, strict=True))]
    for before, mention in zip(mentions, mentions[1:], strict=False):
        if sentences[mention.index].clause and before.generic:
            mention.generic, mention.eventive = True, False  # "ويشهد الريف تصاعداً ...، فيما تمكنت قسد من ..."
    breaks = {i for i, (tokens, _) in enumerate(parsed) if _opens_new_event([t.norm for t in tokens])}
    frames = [f for f in group(mentions, breaks) if _worth_reporting(f)]
    _fill_from_context(frames, mentions)
    title_parsed = (title_raw[0], disambiguate(title_raw[1], hint))
    title = _read(-1, Sentence(article.title, True, -1), title_parsed, published) if article.title else None
    if not frames and title is not None and title.strong_types and title.fresh:
        frame = Frame()
        frame.add(title, first=True)
        frames = [frame]
    main = next((f for f in frames if not f.background), None)
    assassinations = any(
        "assassination" in m.strong_types and not m.attempt for m in [*mentions, *([title] if title else [])]
    )
    incidents = [build_incident(f, article, title if f is main else None, assassinations) for f in frames]
    # no place, no side and no day: nothing an analyst could act on, and most often a passing mention
    return [i.with_stable_id() for i in incidents if i.place or i.date or set(i.actors) - {"unknown"}]


def _tokens_and_places(text: str) -> Parsed:
    tokens = tokenize(text)
    return tokens, raw_places(text, tokens)


def _governorate_hint(sentences: Sequence[list[PlaceMention]]) -> str | None:
    """The governorate the article names most: it settles village names found in several."""
    counts: Counter[str] = Counter()
    for places in sentences:
        counts.update(p.admin1 for p in places if p.admin1 and p.role not in ("destination", "origin"))
    return counts.most_common(1)[0][0] if counts else None


def _opens_new_event(words: Sequence[str]) -> bool:
    return any(tuple(words[: len(p)]) == p for p in _NEW_EVENT)


def _read(index: int, sentence: Sentence, parsed: Parsed, published: date | None) -> Mention:
    """What one sentence says: its event types, place, date, actors and counts."""
    tokens, places = parsed
    words = [t.norm for t in tokens]
    whole = all_readings(words)
    hits, flags = sentence_types(words, default_lemmas(), whole)
    if _hunts(words) and all(h.type in ("raid", "arrest") or h.definite for h in hits):
        hits = []  # a sweep for the attackers answers the event told before: no event of its own
    hits = [Hit(h.type, h.strong and not _hedged(words, h.index), h.index, h.definite) for h in hits]
    fresh = any(h.strong and not h.definite for h in hits)
    all_dates = find_dates(words, published)
    dates = [
        d for d in all_dates if fresh or _dates_event(d, hits) or _only_recent(d, all_dates, hits, published)
    ]
    chosen = _nearest(dates, hits)
    pairs = set(zip(words, words[1:], strict=False))
    today = bool(chosen and chosen.date and published and (published - chosen.date).days <= 1)
    generic = (flags["generic"] or bool(pairs & _GENERIC_EXTRA)) and not today  # "تشهد اليوم المنطقة ..."
    strong = {h.type for h in hits if h.strong}
    weak = {h.type for h in hits if not h.strong} - strong
    on = (chosen.date if chosen else None) or published
    actors = find_actors(words, on)
    doers = {a.actor for a in actors if a.role == "actor"}
    if "raid" in strong and doers and doers <= _IRREGULAR:
        strong = (strong - {"raid"}) | {"attack"}  # "اقتحم مسلحون مجهولون منزله": an assault, not a raid
    if "arrest" in strong and _operation(words):
        strong.add("raid")  # "عملية ... للقبض على", "بدأت حملتها على بلدة الشحيل حيث اعتقلت"
    places = [p for p in places if not _inside_actor(p, actors)]  # "قوات حكومة دمشق" names no place
    refers_back = any(r in _RESULT for w in words[:2] for r in readings(w)) or bool(set(words) & _REFERENCES)
    if not hits and not any(lemmas(w) & _TAKING_PART for w in words):
        actors = []  # "قسد لم تعلق على الحادثة": named, but not as taking part
    elif not fresh and whole & _RESPONSE:
        actors = []  # "فرضت قسد طوقاً أمنياً بعد الاشتباكات": a force answering the event, not in it
    background = True if _pluperfect(words) and not (chosen and chosen.date) else None
    if dates:
        background = is_background(
            chosen.date if chosen else None, published, any(d.background for d in dates) or bool(background)
        )
    masked = {k for d in all_dates for k in range(d.start, d.end)}
    abroad = (
        bool(whole & FOREIGN) and not any(p.role == "event" for p in places) and names_foreign_place(words)
    )
    return Mention(
        index=index, text=sentence.text, heading=sentence.heading, strong_types=strong, weak_types=weak,
        eventive=bool(hits) and not generic and not abroad and not sentence.heading
        and not (sentence.cut and not any(p.role == "event" for p in places))
        and not _is_history(words, published, chosen),
        referential=not generic and ((bool(hits) and all(h.definite or not h.strong for h in hits)) or refers_back),
        fresh=fresh, generic=generic,
        place=event_place(places, hits, whole, words), date=chosen.date if chosen else None, background=background,
        opens_with_time=any(d.start <= 1 for d in dates) or _pluperfect(words),
        actors=list(dict.fromkeys(a.actor for a in actors if a.role == "actor" and not a.weak)),
        weak_actors=list(dict.fromkeys(a.actor for a in actors if a.role == "actor" and a.weak)),
        targets=list(dict.fromkeys(a.actor for a in actors if a.role == "target")),
        counts=find_counts(words, masked) if hits or refers_back else {}, persons=_PERSON.findall(sentence.text),
        origin=next((p for p in places if p.role == "origin" and p.precision <= 2), None),
        tells=any(not h.definite for h in hits),
        attempt=bool(whole & _ATTEMPT),
        of_wounds=bool(whole & _DIED_OF) and bool(whole & _WOUNDS),
        scattered=len({p.text for p in places if p.role == "event" and p.precision == 1}) > 1,
        spread=any(p.region and p.start and set(readings(words[p.start - 1])) & PLURAL_CUES for p in places),
    )  # fmt: skip


def _hunts(words: Sequence[str]) -> bool:
    """ "للبحث عن المهاجمين", "بحثاً عن الجناة"."""
    return any(
        w in _SEARCH
        and words[k + 1 : k + 2] == ["عن"]
        and words[k + 2 : k + 3]
        and words[k + 2] in _PERPETRATORS
        for k, w in enumerate(words)
    )


def _operation(words: Sequence[str]) -> bool:
    """An operation or campaign carried out ("عملية", "حملة"), but not "حملة اعتقالات": arrests alone."""
    return any(
        set(readings(w)) & _OPERATION and (k + 1 == len(words) or words[k + 1] not in _ARRESTS)
        for k, w in enumerate(words)
    )


def _hedged(words: Sequence[str], index: int) -> bool:
    """ "سُمع دوي انفجار": a sound heard, not an event reported."""
    return any(w in _HEDGES for w in words[max(0, index - 2) : index])


def _dates_event(mention: DateMention, hits: list[Hit]) -> bool:
    """A date opening the sentence dates its event; one elsewhere, only a trigger close to it."""
    return mention.start <= 1 or any(
        min(abs(mention.start - h.index), abs(mention.end - 1 - h.index)) <= _DATE_REACH for h in hits
    )


def _only_recent(
    mention: DateMention, dates: list[DateMention], hits: list[Hit], published: date | None
) -> bool:
    """ "استمرت المعارك في بلدة رأس العين شمالي سوريا، اليوم الجمعة": the sentence's one date, today or
    yesterday, dates its event however far from the trigger (an older date might be another event's)."""
    recent = mention.date is not None and published is not None and 0 <= (published - mention.date).days <= 1
    return recent and bool(hits) and len(dates) == 1


def _pluperfect(words: Sequence[str]) -> bool:
    """ "وكان المرصد قد رصد ...": an earlier event told as background."""
    return bool(words) and words[0] in ("وكان", "وكانت") and "قد" in words[1:_PLUPERFECT_REACH]


def _nearest(dates: list[DateMention], hits: list[Hit]) -> DateMention | None:
    """The date mention closest to the sentence's first trigger (the one that dates the event)."""
    if not dates:
        return None
    anchor = hits[0].index if hits else 0
    dated = [d for d in dates if d.date] or dates
    return min(dated, key=lambda d: min(abs(d.start - anchor), abs(d.end - anchor)))


def _is_history(words: Sequence[str], published: date | None, chosen: DateMention | None) -> bool:
    """An event years before publication ("عام 2013"): history the article recalls, not news."""
    if published is None:
        return False
    if chosen and chosen.date:
        return (published - chosen.date).days > 365
    return any(w.isdigit() and len(w) == 4 and 1900 < int(w) < published.year - 1 for w in words)


def _inside_actor(place: PlaceMention, actors: list[ActorMention]) -> bool:
    return any(a.start <= place.start < a.end for a in actors)


def _worth_reporting(frame: Frame) -> bool:
    if not any(m.tells for m in frame.mentions):
        return False  # only references ("المجزرة", "العملية") to an event the article never tells
    if any(m.strong_types for m in frame.mentions):
        return True
    return frame.place is not None and bool(frame.actors)


def _fill_from_context(frames: list[Frame], mentions: list[Mention]) -> None:
    """Fill what a frame's sentences leave out from the sentences around them.

    The place and day from the scene-setting sentence just before (if it belongs to no frame), the
    place the victims come from when nothing else names one, and the actor of one of the two sentences
    before ("تواصل قوات التحالف ..." then "حيث أنها داهمت ...") unless the frame opens with its own time.
    """
    used = {m.index for f in frames for m in f.mentions}
    for frame in frames:
        first = frame.mentions[0]
        before = mentions[first.index - 1] if first.index >= 1 else None
        if before is not None and before.index not in used and not (before.strong_types or before.generic):
            if frame.place is None and before.place is not None and not before.heading:
                frame.place = before.place
            if frame.date is None and before.date is not None and not frame.mentions[0].background:
                frame.date = before.date
        if frame.place is None and any(points_at_town(m.text) for m in frame.mentions):
            frame.place = next((m.origin for m in frame.mentions if m.origin), None)
        if (
            frame.actors
            or any(m.weak_actors for m in frame.mentions)
            or first.opens_with_time
            or first.index < 1
        ):
            continue
        for mention in reversed(mentions[max(0, first.index - 2) : first.index]):
            if mention.actors:
                frame.actors = list(mention.actors[:2])
                break

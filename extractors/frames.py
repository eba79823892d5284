"""Sentences grouped into incidents ("frames").

A sentence that reports an event joins the current frame when nothing in it contradicts the frame: no
other place (a village inside the frame's region refines it; two villages are two events), no other day,
no switch between today's news and earlier news, and no fresh event told with its own actor or place
("وقبل أيام، نفذ تنظيم الدولة هجوماً ..."). A sentence that opens with a time ("وأمس الثلاثاء"), or
follows "في سياق متصل", starts a new frame. Sentences that report nothing new but refer back ("وأسفرت
العملية عن ...", "المعتقلين") add their details to the current frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from extractors.arabic import normalize
from extractors.places import PlaceMention

# Type families: a mention with only other-family types and its own actor or place is another event.
FAMILY = {
    "raid": "operation", "airdrop": "operation", "arrest": "operation", "weapons_seizure": "operation",
    "hostage_rescue": "operation", "abduction": "violence", "killing": "violence",
    "assassination": "violence", "clash": "violence", "attack": "violence", "explosion": "violence",
    "ied": "violence", "suicide_bombing": "violence", "airstrike": "violence",
    "drone_strike": "violence", "shelling": "violence",
}  # fmt: skip


@dataclass
class Mention:
    """What one sentence says about an event."""

    index: int
    text: str
    heading: bool
    strong_types: set[str]  # from strong triggers (or weak ones the sentence's context confirms)
    weak_types: set[str]
    eventive: bool  # may start a frame
    referential: bool  # refers back to an event already told ("العملية", "وأسفرت")
    fresh: bool  # tells an event with a verb of its own, not a definite noun
    generic: bool  # a trend or a tally ("بشكل متكرر", "منذ مطلع العام"), not one event
    place: PlaceMention | None
    date: date | None
    background: bool | None  # None when the sentence does not say
    opens_with_time: bool
    actors: list[str] = field(default_factory=list)
    weak_actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    counts: dict[str, list[tuple[int | None, bool]]] = field(default_factory=dict)
    persons: list[str] = field(default_factory=list)
    origin: PlaceMention | None = None  # where the people it names come from ("من أهالي بلدة ذيبان")
    tells: bool = False  # some trigger is not a definite reference: the sentence tells an event itself
    scattered: bool = False  # names several villages ("امتدت الحملات بين قرية الصبحة إلى قرية الطيانة")
    spread: bool = False  # its place is many villages of a region ("على قرى ريف دير الزور الشرقي")
    attempt: bool = False  # "محاولة اغتيال": the attack failed to kill
    of_wounds: bool = False  # "متأثراً بجراحه": a death from wounds got earlier


@dataclass
class Frame:
    mentions: list[Mention] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    place: PlaceMention | None = None
    date: date | None = None
    background: bool | None = None
    actors: list[str] = field(default_factory=list)

    def add(self, mention: Mention, first: bool = False) -> None:
        self.mentions.append(mention)
        new_types = mention.strong_types | (mention.weak_types if first or not self.types else set())
        self.types += sorted(t for t in new_types if t not in self.types)
        refines = mention.place and (self.place is None or _narrower(mention.place, self.place))
        if refines and not (mention.scattered and any(m.spread for m in self.mentions)):
            self.place = mention.place  # but villages named along a campaign's stretch leave it its region
        self.date = self.date or mention.date
        if self.background is None:
            # undated news that opens a frame is today's news; later sentences cannot make it older
            self.background = mention.background if mention.background is not None or not first else False
        self.actors += [a for a in mention.actors if a not in self.actors]


def _narrower(new: PlaceMention, old: PlaceMention) -> bool:
    """More precise, or an area of one district or town inside the governorate-wide area the frame has
    ("بادية البوكمال" after "ريف دير الزور": both vague, but the first is one district)."""
    if new.precision != old.precision:
        return new.precision < old.precision
    unit, wider = new.place, old.place
    return (
        unit is not None and wider is not None and wider.kind == "governorate"
        and unit.kind != "governorate" and unit.admin1 == wider.name
    )  # fmt: skip


def _places_agree(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None:
        return True
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return False
    if a.precision == 1 and b.precision == 1 and (a.place is None or b.place is None):
        return a.text == b.text or _misspelt(a.text, b.text)  # "ذبيان" for "ذيبان": the gazetteer lacks one
    if a.precision == 1 and b.precision == 1:
        same_id = a.place is not None and b.place is not None and a.place.pcode == b.place.pcode
        return same_id or a.text == b.text
    return True


def _misspelt(a: str, b: str) -> bool:
    """Two names one typo apart: a letter changed, dropped or two swapped (names of 4 letters or more)."""
    a, b = normalize(a).removeprefix("ال"), normalize(b).removeprefix("ال")
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) <= 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and sorted(a) == sorted(b))
    short, long = sorted((a, b), key=len)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


def compatible(frame: Frame, mention: Mention) -> bool:
    if (
        mention.background is not None
        and frame.background is not None
        and mention.background != frame.background
    ):
        return False
    if mention.date and frame.date and mention.date != frame.date:
        return False
    if not _places_agree(frame.place, mention.place):
        return False
    if mention.referential:
        return True
    if _own_village_and_day(frame, mention) or _other_kind_own_day(frame, mention):
        return False
    if mention.opens_with_time and not (mention.date and mention.date == frame.date):
        return False
    families = {FAMILY[t] for t in frame.types}
    own = mention.strong_types
    if mention.fresh and own and not own & set(frame.types) and not {FAMILY[t] for t in own} & families:
        new_actor = any(a not in frame.actors for a in mention.actors)
        if new_actor or (mention.place is not None and frame.place is None):
            return False
    return True


def _own_village_and_day(frame: Frame, mention: Mention) -> bool:
    """A campaign across a region, then a village with a day of its own ("... قرى ريف دير الزور" then
    "وفرض عناصر قسد منذ صباح الأمس حظر تجول على بلدة البصيرة حيث شنوا حملة"): another event."""
    place = mention.place
    return (
        any(m.spread for m in frame.mentions)
        and mention.fresh and mention.date is not None and frame.date is None
        and place is not None and place.precision == 1
        and frame.place is not None and frame.place.precision > 1
    )  # fmt: skip


def _other_kind_own_day(frame: Frame, mention: Mention) -> bool:
    """Killings told without a day, then "وأصيب أربعة ... إثر اشتباكات ... اندلعت مساء اليوم": another event."""
    return (
        mention.fresh and mention.date is not None and frame.date is None
        and bool(mention.strong_types) and not mention.strong_types & set(frame.types)
    )  # fmt: skip


def group(mentions: list[Mention], breaks: set[int]) -> list[Frame]:
    """Frames in order of first mention. ``breaks``: sentence indexes after which a new event starts."""
    frames: list[Frame] = []
    current: Frame | None = None
    pending_break = False
    for mention in mentions:
        if mention.index in breaks:
            pending_break = True
        if not mention.eventive:
            if (
                current is not None
                and (mention.referential or _refines(current, mention))
                and compatible(current, mention)
            ):
                current.add(mention)
            continue
        if current is not None and not pending_break and compatible(current, mention):
            current.add(mention)
            continue
        earlier = [f for f in frames if f is not current and _same_event(f, mention)]
        if earlier and mention.referential:
            earlier[0].add(mention)
            continue
        wounded = [f for f in frames if any(m.of_wounds for m in f.mentions) and _the_wounding(f, mention)]
        if wounded:
            # "توفي متأثراً بجراحه" then "وكان المرصد قد رصد إصابة عنصر": one incident, and the wounded is the dead
            mention.counts = {k: v for k, v in mention.counts.items() if k != "injured"}
            wounded[0].add(mention)
            continue
        current = Frame()
        current.add(mention, first=True)
        frames.append(current)
        pending_break = False
    return frames


def _the_wounding(frame: Frame, mention: Mention) -> bool:
    """The earlier shooting or blast a death from wounds came from: an injury told with no death."""
    return (
        bool(mention.counts.get("injured")) and not mention.counts.get("killed")
        and "killing" not in mention.strong_types and _places_agree(frame.place, mention.place)
    )  # fmt: skip


def _refines(frame: Frame, mention: Mention) -> bool:
    """The next sentence names the village inside the frame's region ("قامت بتطويق ... بلدة غريبة")."""
    last = frame.mentions[-1]
    place = mention.place
    return (
        mention.index == last.index + 1
        and place is not None
        and place.precision == 1
        and frame.place is not None
        and frame.place.precision > 1
        and place.admin1 == frame.place.admin1
        and mention.date is None
        and not mention.background
    )


def _same_event(frame: Frame, mention: Mention) -> bool:
    """An earlier frame the sentence returns to: the same named community, same day and timing."""
    if not (frame.place and mention.place and frame.place.precision == 1 and mention.place.precision == 1):
        return False
    return _places_agree(frame.place, mention.place) and compatible(frame, mention)

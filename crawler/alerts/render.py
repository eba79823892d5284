"""Alert messages in Arabic: Telegram HTML, plain text and email HTML, from one list of lines.

Every scraped string (place, names, evidence, URLs) passes through ``html.escape`` in the HTML
renderings. Lines start with U+200F (RIGHT-TO-LEFT MARK) so a line that begins with an emoji, a
number or a Latin outlet name still lays out right to left in Telegram and mail clients.
Names of persons appear only for channels with ``include_persons`` (DESIGN.md 4): otherwise they
are left out of the list and masked in the quoted evidence.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from crawler.alerts.alert import Alert
from extractors.models import Incident

RLM = "\u200f"
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
EVIDENCE_CHARS = 700
MASK = "[…]"

TYPE_LABELS: dict[str, tuple[str, str]] = {
    "raid": ("🚨", "مداهمة"),
    "airdrop": ("🪂", "إنزال جوي"),
    "arrest": ("⛓️", "اعتقال"),
    "killing": ("⚫", "مقتل"),
    "assassination": ("🎯", "اغتيال"),
    "clash": ("⚔️", "اشتباكات"),
    "attack": ("⚠️", "هجوم"),
    "explosion": ("💥", "انفجار"),
    "ied": ("💣", "عبوة ناسفة"),
    "suicide_bombing": ("🧨", "تفجير انتحاري"),
    "airstrike": ("✈️", "غارة جوية"),
    "drone_strike": ("🛩️", "ضربة بطائرة مسيّرة"),
    "shelling": ("🎇", "قصف مدفعي أو صاروخي"),
    "abduction": ("🚐", "اختطاف"),
    "hostage_rescue": ("🔓", "تحرير رهائن"),
    "weapons_seizure": ("🔫", "ضبط أسلحة"),
}

ACTOR_NAMES: dict[str, str] = {
    "coalition": "التحالف الدولي",
    "us_forces": "القوات الأمريكية",
    "sdf": "قوات سوريا الديمقراطية (قسد)",
    "asayish": "قوى الأمن الداخلي (الأسايش)",
    "isis": "تنظيم الدولة (داعش)",
    "syrian_government": "القوات الحكومية السورية",
    "assad_forces": "قوات النظام السابق",
    "sna": "الجيش الوطني السوري",
    "turkey": "تركيا",
    "russia": "روسيا",
    "iran_backed": "ميليشيات مدعومة من إيران",
    "israel": "إسرائيل",
    "hts": "هيئة تحرير الشام",
    "tribal": "مقاتلو العشائر",
    "local_armed_group": "فصائل محلية",
    "unknown": "مسلحون مجهولون",
    "civilians": "مدنيون",
}

# The Levantine month names Syrian outlets use.
MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
          "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول")  # fmt: skip


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    url: str | None = None


@dataclass(frozen=True)
class RenderOptions:
    include_persons: bool = False
    source_names: Mapping[str, str] = field(default_factory=dict)  # source id -> outlet name


def type_label(type_id: str) -> str:
    emoji, name = TYPE_LABELS.get(type_id, ("•", type_id))
    return f"{emoji} {name}"


def actor_name(actor_id: str) -> str:
    return ACTOR_NAMES.get(actor_id, actor_id)


def arabic_date(value: str | None, precision: str | None = None) -> str | None:
    """Format "2019-05-17" as "17 أيار 2019"; month or year precision drops what is not known."""
    if not value:
        return None
    try:
        year, month, day = ([int(p) for p in value[:10].split("-")] + [0, 0])[:3]
    except ValueError:
        return value
    if precision == "year" or not 1 <= month <= 12:
        return str(year)
    if precision == "month" or day == 0:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def headline(alert: Alert) -> str:
    """One line for subjects and previews: types, place, new/update."""
    incident = alert.incident
    types = "، ".join(TYPE_LABELS.get(t, ("", t))[1] for t in incident.types) or "حدث أمني"
    where = _place(incident)
    kind = "تحديث" if alert.kind == "update" else "جديد"
    return " ".join(f"{kind}: {types}{f' — {where}' if where else ''}".split())  # one line: a mail header


def lines(alert: Alert, options: RenderOptions) -> list[list[Span]]:
    """The message, as lines of spans; the three renderings differ only in markup."""
    incident = alert.incident
    kind = "🔄 تحديث" if alert.kind == "update" else "🆕 جديد"
    types = "، ".join(type_label(t) for t in incident.types) or "حدث أمني"
    out: list[list[Span]] = [[Span(types, bold=True), Span(f" — {kind}")]]
    changed = what_changed(alert)
    if changed:
        out.append([Span("🔔 " + "، ".join(changed), bold=True)])
    if incident.background:
        out.append([Span("🕓 خبر سابق", bold=True), Span(" (حدث وقع قبل تاريخ النشر)")])
    where = _place(incident)
    if where:
        out.append([Span("📍 المكان: "), Span(where, bold=True)])
    if incident.lat is not None and incident.lon is not None:
        out.append([Span("🗺️ "), Span("الموقع على الخريطة", url=map_url(incident))])
    when = arabic_date(incident.date, incident.date_precision)
    published = next((s.published for s in incident.sources if s.published), None)
    if when:
        out.append([Span(f"📅 التاريخ: {when}")])
    elif published:  # the text gives no date for the event itself
        out.append([Span(f"📅 تاريخ النشر: {arabic_date(published)}")])
    if incident.actors:
        out.append([Span("👥 المنفّذ: " + "، ".join(actor_name(a) for a in incident.actors))])
    if incident.targets:
        out.append([Span("🎯 المستهدف: " + "، ".join(actor_name(a) for a in incident.targets))])
    figures = _figures(incident)
    if figures:
        out.append([Span("📊 " + "، ".join(figures))])
    if options.include_persons and incident.persons:
        out.append([Span("👤 الأسماء: " + "، ".join(incident.persons))])
    evidence = _evidence(incident, options.include_persons)
    if evidence:
        out.append([Span("📝 "), Span(evidence)])
    if incident.sources:
        out.append([Span("🔗 المصادر:")])
        for source in incident.sources:
            out.append([Span("• "), _source_span(source.url, source.source_id, options.source_names)])
    # A line break inside a scraped string would split one line of the message in two.
    return [[replace(s, text=_LINE_BREAKS.sub(" ", s.text)) for s in line] for line in out]


def what_changed(alert: Alert) -> list[str]:
    """An update's news, one short phrase each: "ارتفاع عدد القتلى إلى 5", "تحديد المكان: البصيرة"."""
    incident, out = alert.incident, []
    for change in alert.changes if alert.kind == "update" else ():
        if change == "killed" and incident.killed is not None:
            out.append(f"ارتفاع عدد القتلى إلى {max(incident.killed, incident.killed_max or 0)}")
        elif change == "injured" and incident.injured is not None:
            out.append(f"ارتفاع عدد الجرحى إلى {incident.injured}")
        elif change == "arrested" and incident.arrested is not None:
            out.append(f"ارتفاع عدد المعتقلين إلى {incident.arrested}")
        elif change == "place" and incident.place:
            out.append(f"تحديد المكان: {_place(incident)}")
        elif change.startswith("sources:"):  # independent outlets: copies of one text count once
            outlets = int(change.removeprefix("sources:") or 0)
            out.append({1: "أكده مصدر واحد", 2: "أكده مصدران"}.get(outlets)
                       or (f"أكدته {outlets} مصادر" if outlets <= 10 else f"أكده {outlets} مصدرًا"))  # fmt: skip
    return out


def map_url(incident: Incident) -> str:
    zoom = {1: 12, 2: 10, 3: 8}.get(incident.geo_precision or 1, 12)
    lat, lon = f"{incident.lat:.5f}", f"{incident.lon:.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"


def telegram_html(alert: Alert, options: RenderOptions) -> str:
    """Bot API ``parse_mode=HTML``: only <b> and <a href>, everything else escaped."""
    return "\n".join(RLM + "".join(_html_span(span) for span in line) for line in lines(alert, options))


def plain_text(alert: Alert, options: RenderOptions) -> str:
    rendered = []
    for line in lines(alert, options):
        rendered.append(
            RLM + "".join(f"{s.text}: {s.url}" if s.url and s.url != s.text else s.text for s in line)
        )
    return "\n".join(rendered)


def email_html(alert: Alert, options: RenderOptions) -> str:
    body = "\n".join(f'<p style="margin:0 0 6px">{"".join(_html_span(s) for s in line)}</p>'
                     for line in lines(alert, options))  # fmt: skip
    title = html.escape(headline(alert))
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n"
        '<body dir="rtl" style="direction:rtl;text-align:right;font-family:Tahoma,Arial,sans-serif">\n'
        f'{body}\n<p style="color:#777;font-size:small">رصد — تنبيهات أمنية آلية</p>\n</body>\n</html>\n'
    )


def _html_span(span: Span) -> str:
    text = html.escape(span.text, quote=False)
    if span.bold:
        text = f"<b>{text}</b>"
    if span.url:
        text = f'<a href="{html.escape(span.url, quote=True)}">{text}</a>'
    return text


def _place(incident: Incident) -> str:
    parts = [p for p in (incident.place, incident.admin1) if p]
    if len(parts) == 2 and parts[0].strip() == parts[1].strip():
        parts = parts[:1]
    return "، ".join(parts)


def _figures(incident: Incident) -> list[str]:
    figures = []
    if incident.killed is not None:
        killed = str(incident.killed)
        if incident.killed_max is not None and incident.killed_max > incident.killed:
            killed = f"{incident.killed}–{incident.killed_max}"
        figures.append(f"القتلى: {killed}")
    if incident.injured is not None:
        figures.append(f"الجرحى: {incident.injured}")
    if incident.arrested is not None:
        figures.append(f"المعتقلون: {incident.arrested}")
    return figures


def _evidence(incident: Incident, include_persons: bool) -> str:
    text = " ".join(incident.evidence.split())
    if not include_persons:
        for person in sorted(incident.persons, key=len, reverse=True):
            if person.strip():
                text = text.replace(person.strip(), MASK)
    if len(text) > EVIDENCE_CHARS:
        text = text[:EVIDENCE_CHARS].rsplit(" ", 1)[0] + " …"
    return text


def _source_span(url: str | None, source_id: str | None, names: Mapping[str, str]) -> Span:
    name = names.get(source_id or "") or source_id or (urlsplit(url).hostname if url else None) or "مصدر"
    if url and urlsplit(url).scheme in ("http", "https"):
        return Span(name, url=url)
    return Span(name)

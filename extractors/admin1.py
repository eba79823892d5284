"""Syria's 14 governorates: simplified shapes and English names (``data/syria_admin1.json``,
Natural Earth, public domain; see ``data/SYRIA_ADMIN1_SOURCE.md``), loaded once, on first use."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "syria_admin1.json"


@lru_cache(maxsize=1)
def syria_admin1() -> dict[str, Any]:
    """``{"governorates": [{"pcode", "name", "names_en", "rings": [[[lon, lat], ...]]}], "outline": [...]}``"""
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data

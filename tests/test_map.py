"""`rasad map` without a browser: its filters, its summary line, and untrusted text kept as text
(tests/test_map_browser.py opens the page in Chromium)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crawler.map_render import render_map
from extractors.models import Incident, Source
from tests.conftest import RunRasad
from tests.history_data import FilledStore, fill_store


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> FilledStore:
    return fill_store(tmp_path_factory.mktemp("map-filters"))


def test_map_takes_the_incident_filters(tmp_path: Path, filled: FilledStore, run_rasad: RunRasad) -> None:
    page = tmp_path / "homs.html"
    env = {"RASAD_DATA_DIR": str(filled.data_dir)}
    made = run_rasad(
        "map", "--since", "all", "--governorate", "Homs", "--background", "exclude", "-o", str(page), env=env
    )
    want = [i for i in filled.incidents if i.admin1 == "حمص" and not i.background]
    assert made.returncode == 0 and made.stderr.startswith(
        f"{len(want)} incident(s), 0 without coordinates, written to"
    )
    data = re.search(r'id="incident-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert data is not None and [r["id"] for r in json.loads(data.group(1))] == [i.id for i in want]
    assert run_rasad("map", "-o", str(tmp_path / "none.html"), env=env).stderr.startswith(
        "0 incident(s)"
    )  # 7d
    missing = run_rasad("map", "-o", str(tmp_path / "no" / "dir.html"), env=env)
    assert missing.returncode == 2 and "No such file or directory" in missing.stderr


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    """Untrusted strings cannot end the data block or become markup; only http(s) links survive."""
    evil = Incident(
        types=("raid",), place="</script><script>alert(1)</script>", admin1="دير الزور", lat=35.3, lon=40.1,
        sources=(Source("javascript:alert(1)", "x", None), Source("https://ok.example/a?b=1&c=<2>", "y", None)),
        id="evil",
    )  # fmt: skip
    page, placed = render_map([evil])
    assert placed == 1 and page.count("</script>") == 3  # the two data blocks and the page script only
    data = re.search(r'<script type="application/json" id="incident-data">(.*?)</script>', page, re.S)
    assert data is not None
    [record] = json.loads(data.group(1))
    assert record["place"] == evil.place
    assert [s["url"] for s in record["sources"]] == [None, "https://ok.example/a?b=1&c=<2>"]


def test_each_link_is_labelled_by_its_own_outlet() -> None:
    """A page stored without a source id (a copy found on another site) shows its own host, not the
    first outlet's name."""
    found = Incident(
        types=("raid",), place="الرز", admin1="دير الزور", lat=35.3, lon=40.1, id="two-outlets",
        sources=(Source("https://sy24.example/a", "sy24", None), Source("https://www.copies.example/b", None, None),
                 Source("javascript:alert(1)", None, None)),
    )  # fmt: skip
    page, _ = render_map([found], {"sy24": "سوريا 24"})
    data = re.search(r'id="incident-data">(.*?)</script>', page, re.S)
    assert data is not None
    [record] = json.loads(data.group(1))
    assert [s["name"] for s in record["sources"]] == ["سوريا 24", "www.copies.example", "مصدر"]

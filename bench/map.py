"""``rasad map``: the page's size for 1,000 incidents, its render time, and docs/map.png.

The incidents are the ones Rasad's extractors read from the gold set's real reports
(tests/history_data.py); for the 1,000-incident figure they are repeated with their dates spread
over 90 days, which is what the page's size depends on (one record per incident).
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from crawler.map_render import render_map
from extractors.models import Incident
from tests.cdp import Browser
from tests.history_data import fill_store

REPO = Path(__file__).resolve().parent.parent
SCREENSHOT = REPO / "docs" / "map.png"


def thousand(incidents: list[Incident]) -> list[Incident]:
    start = date(2025, 9, 1)
    return [
        replace(base, id=f"{base.id[:10]}{n:06d}", date=(start + timedelta(days=n % 90)).isoformat())
        for n in range(1000)
        for base in [incidents[n % len(incidents)]]
    ]


def size_and_time(incidents: list[Incident]) -> None:
    many = thousand(incidents)
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        page, placed = render_map(many)
        runs.append(time.perf_counter() - started)
    empty, _ = render_map([])
    print(f"map page: {len(many)} incidents ({placed} placed) -> {len(page.encode()) / 1024:.0f} KB of HTML "
          f"({len(empty.encode()) / 1024:.0f} KB without incidents: base map, style, script); "
          f"rendered in {sorted(runs)[2] * 1000:.0f} ms (median of 5)")  # fmt: skip


def screenshot(data_dir: Path, work: Path) -> None:
    page = work / "incidents.html"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}
    env.update(PYTHONPATH=str(REPO), RASAD_DATA_DIR=str(data_dir))
    made = subprocess.run([sys.executable, "-m", "crawler.cli", "map", "--since", "all", "-o", str(page)],
                          env=env, capture_output=True, text=True, check=True)  # fmt: skip
    print(f"rasad map: {made.stderr.strip()}")
    browser = Browser(work / "profile")
    try:
        browser.open_page()
        browser.call("Page.navigate", url=page.as_uri())
        browser.wait_for("Page.loadEventFired")
        biggest = browser.evaluate("""(() => { const c = [...document.querySelectorAll('circle.marker')]
            .sort((a, b) => b.r.baseVal.value - a.r.baseVal.value)[0], r = c.getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()""")
        browser.click(biggest["x"], biggest["y"])  # one popup open, as an analyst would see it
        shot = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])
    finally:
        browser.close()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.write_bytes(shot)
    print(f"screenshot: {SCREENSHOT.relative_to(REPO)} ({len(shot) // 1024} KB)")


def run() -> None:
    with tempfile.TemporaryDirectory() as work:
        filled = fill_store(Path(work) / "data")
        size_and_time(filled.incidents)
        screenshot(filled.data_dir, Path(work))

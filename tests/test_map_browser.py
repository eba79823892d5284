"""`rasad map` in a real browser: Debian's Chromium, headless, opens the page from file:// and is
driven over the DevTools protocol (tests/cdp.py). The store holds the incidents Rasad's extractors read
from real reports (tests/history_data.py). A missing browser fails the test: run .ci/system-deps."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.alerts.render import TYPE_LABELS
from crawler.map_render import FAMILIES
from tests.cdp import CHROMIUM, Browser, png_pixels
from tests.conftest import RunRasad
from tests.history_data import FilledStore, fill_store


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> FilledStore:
    return fill_store(tmp_path_factory.mktemp("map-store"))


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run .ci/system-deps (as root) to install chromium"
    opened = Browser(tmp_path / "profile")
    try:
        opened.open_page()
        yield opened
    finally:
        opened.close()


def test_map_in_chromium(tmp_path: Path, filled: FilledStore, run_rasad: RunRasad, browser: Browser) -> None:
    page = tmp_path / "incidents.html"
    made = run_rasad("map", "--since", "all", "-o", str(page), env={"RASAD_DATA_DIR": str(filled.data_dir)})
    on_map = [incident for incident in filled.incidents if incident.lat is not None]
    total = len(on_map)  # what the map can show: an unplaced incident is counted, not drawn
    assert made.returncode == 0, made.stderr
    unplaced = len(filled.incidents) - total
    assert made.stderr.startswith(
        f"{len(filled.incidents)} incident(s), {unplaced} without coordinates, written to {page}"
    )

    url = page.as_uri()
    browser.call("Page.navigate", url=url)
    browser.wait_for("Page.loadEventFired")

    assert browser.evaluate("document.querySelectorAll('path.gov').length") == 14
    assert browser.evaluate("document.querySelectorAll('path.outline').length") == 1
    assert browser.evaluate("document.querySelectorAll('circle.marker').length") == total
    assert (
        browser.evaluate("document.getElementById('count').textContent")
        == f"{total} من {total} حادثة على الخريطة"
    )

    # A marker on top at its own centre, clicked like a person would.
    target = browser.evaluate("""(() => {
        for (const c of document.querySelectorAll('circle.marker')) {
            const r = c.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (document.elementFromPoint(x, y) === c) return {id: c.dataset.id, x: x, y: y};
        }
    })()""")
    incident = next(i for i in on_map if i.id == target["id"])
    browser.click(target["x"], target["y"])
    popup = browser.evaluate("""(() => { const p = document.getElementById('popup');
        return {shown: getComputedStyle(p).display, text: p.textContent,
                links: [...p.querySelectorAll('a')].map(a => ({href: a.href, target: a.target, rel: a.rel}))}; })()""")
    day = incident.date or (incident.sources[0].published or "")[:10]
    assert popup["shown"] == "block" and day in popup["text"]
    assert "، ".join(TYPE_LABELS[t][1] for t in incident.types) in popup["text"]  # the types, in Arabic
    if incident.killed is not None:
        assert f"قتلى: {incident.killed}" in popup["text"]
    assert popup["links"] == [
        {"href": s.url, "target": "_blank", "rel": "noopener noreferrer"} for s in incident.sources
    ]

    # The timeline: the end slider to its first day leaves that day's incidents only; back to the end, all.
    days = sorted({i.date or (i.sources[0].published or "")[:10] for i in on_map})
    first_day = [i for i in on_map if (i.date or (i.sources[0].published or "")[:10]) == days[0]]
    visible = "[...document.querySelectorAll('circle.marker')].filter(c => c.style.display !== 'none').length"
    browser.evaluate("document.getElementById('to').focus()")
    browser.press("Home", 36)
    assert browser.evaluate(visible) == len(first_day) < total
    assert (
        browser.evaluate("document.getElementById('count').textContent")
        == f"{len(first_day)} من {total} حادثة على الخريطة"
    )
    browser.press("End", 35)
    assert browser.evaluate(visible) == total

    shot = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])
    saved = tmp_path / "map.png"
    saved.write_bytes(shot)
    print(f"screenshot: {saved}")
    small = browser.call(
        "Page.captureScreenshot",
        format="png",
        clip={"x": 0, "y": 0, "width": 1300, "height": 950, "scale": 0.3},
    )
    width, height, rows = png_pixels(base64.b64decode(small["data"]))
    size = len(rows[0]) // width
    colours = {row[i : i + 3] for row in rows for i in range(0, len(row), size)}
    assert width > 300 and height > 200 and len(colours) > 50, "the screenshot is (nearly) blank"
    legend = {bytes.fromhex(colour[1:]) for _family, _label, colour, _types in FAMILIES}
    assert legend <= colours, "the type colours are not on screen"

    # Nothing left the page: the only request is the file itself; no console error, no exception.
    requests = {
        e["params"]["request"]["url"]
        for e in browser.events
        if e.get("method") == "Network.requestWillBeSent"
    }
    assert requests <= {url}, requests
    errors = [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
    errors += [
        e
        for e in browser.events
        if e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error"
    ]
    errors += [
        e
        for e in browser.events
        if e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"
    ]
    assert not errors, json.dumps(errors, ensure_ascii=False)[:2000]

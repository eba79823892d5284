"""The issue 6 replica scenario: ten outlets, fourteen real reports of eight incidents, four crawl rounds.

``tests/data/scenario`` holds the texts (real reports, sources in its SOURCES.md), which outlet publishes
which text in which round (``scenario.json``) and what Rasad should end with (``expected.json``).
:class:`Scenario` serves the outlets on 127.0.0.1, runs ``rasad crawl`` and ``rasad worker --burst``
after each round against a local Bot API, and records what was stored and sent; :func:`pairwise`
scores the merging. ``python -m tests.scenario_report`` runs it once and prints the figures.
"""

from __future__ import annotations

import html
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from crawler.matching import TYPE_FAMILIES
from crawler.replicas.server import ReplicaServer
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI

DATA = Path(__file__).resolve().parent / "data" / "scenario"
Run = Callable[..., subprocess.CompletedProcess[str]]

# Page chrome per outlet, so the same text looks different at two outlets (menus, share bars, footers).
_MENUS = ("الرئيسية", "أخبار", "سوريا", "تقارير", "رأي", "منوعات", "اتصل بنا")
_SHARE = "شارك: فيسبوك تويتر واتساب تلغرام نسخ الرابط"


@dataclass
class Delivery:
    alert_id: str
    incident_id: str
    kind: str
    message_id: str | None
    round: int


@dataclass
class Outcome:
    """What the run left behind: stored incidents (JSON) with their article ids, and every alert sent."""

    incidents: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    article_of_url: dict[str, str] = field(default_factory=dict)

    def articles(self, incident: dict[str, Any]) -> set[str]:
        return {self.article_of_url[s["url"]] for s in incident["sources"] if s["url"] in self.article_of_url}


def load() -> tuple[dict[str, Any], dict[str, Any]]:
    scenario = json.loads((DATA / "scenario.json").read_text(encoding="utf-8"))
    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    return scenario, expected


def article_page(article: dict[str, Any], outlet: str, outlet_name: str) -> str:
    """An outlet-like page: header, menu, the article (title, date, paragraphs), share bar, footer."""
    text_id = article.get("copy_of", article["id"])
    lines = [
        line for line in (DATA / "texts" / f"{text_id}.txt").read_text(encoding="utf-8").splitlines() if line
    ]
    title, paragraphs = lines[0], lines[1:]
    published = article["published"]
    seed = sum(map(ord, outlet))  # each outlet its own order of menu items and its own footer
    menu = "".join(
        f'<li><a href="/{i}/">{_MENUS[(i + seed) % len(_MENUS)]}</a></li>' for i in range(len(_MENUS))
    )
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | {html.escape(outlet_name)}</title>"
        f'<meta property="og:title" content="{html.escape(title)}">'
        f'<meta property="article:published_time" content="{published}"></head><body>'
        f'<header class="site-header"><a class="logo" href="/">{html.escape(outlet_name)}</a>'
        f'<nav class="menu"><ul>{menu}</ul></nav><form class="search"><input name="s" placeholder="بحث"></form></header>'
        f'<main><article class="post post-{seed % 97}"><h1 class="entry-title">{html.escape(title)}</h1>'
        f'<time datetime="{published}">{published[:10]}</time><div class="entry-content">{body}</div></article>'
        f'<div class="share">{_SHARE}</div><aside class="newsletter">اشترك في النشرة البريدية لـ{html.escape(outlet_name)}</aside></main>'
        f"<footer><p>جميع الحقوق محفوظة © {html.escape(outlet_name)} {2000 + seed % 25}</p></footer></body></html>"
    )  # fmt: skip


def feed(items: list[tuple[str, str, str]], outlet_name: str) -> str:
    """RSS 2.0 with the newest item first; items are (title, path, published ISO)."""
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{{{{BASE}}}}{path}</link><guid>{{{{BASE}}}}{path}</guid>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(published))}</pubDate></item>"
        for title, path, published in sorted(items, key=lambda item: item[2], reverse=True)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{html.escape(outlet_name)}</title>{entries}</channel></rss>'


class Scenario:
    """Replica outlets and a Bot API on loopback; ``run_round(n)`` publishes round n, crawls, delivers."""

    def __init__(self, workdir: Path, run: Run, telegram: FakeTelegramAPI) -> None:
        self.workdir, self.run, self.telegram = workdir, run, telegram
        self.scenario, self.expected = load()
        self.servers: dict[str, ReplicaServer] = {}
        self._items: dict[str, list[tuple[str, str, str]]] = {}
        self.outcome = Outcome()
        self.logs: list[str] = []

    def __enter__(self) -> Scenario:
        for outlet in self.scenario["outlets"]:
            self.servers[outlet] = ReplicaServer.blank(self.workdir / "sites" / outlet, outlet)
            self._items[outlet] = []
            self._publish_feed(outlet)
        self.env = {"RASAD_CONFIG": str(self._write_config()), "RASAD_DATA_DIR": str(self.workdir / "data"),
                    "RASAD_TEST_TG_TOKEN": TOKEN}  # fmt: skip
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers.values():
            server.stop()

    def rounds(self) -> list[int]:
        return sorted({a["round"] for a in self.scenario["articles"]})

    def run_round(self, number: int) -> list[Delivery]:
        for article in self.scenario["articles"]:
            if article["round"] == number:
                self._publish(article)
        crawl = self.run("crawl", env=self.env)
        worker = self.run("worker", "--burst", env=self.env)
        self.logs += [crawl.stdout, crawl.stderr, worker.stderr]
        if crawl.returncode or worker.returncode:
            raise RuntimeError(
                f"round {number}: crawl {crawl.returncode}, worker {worker.returncode}\n{crawl.stderr}\n{worker.stderr}"
            )
        known = {d.alert_id for d in self.outcome.deliveries}
        fresh = [Delivery(*row, round=number) for row in self._sent() if row[0] not in known]
        self.outcome.deliveries += fresh
        self.outcome.incidents = json.loads(
            self.run("incidents", "--since", "all", "--format", "json", env=self.env).stdout
        )
        return fresh

    def run_all(self) -> Outcome:
        for number in self.rounds():
            self.run_round(number)
        return self.outcome

    def _publish(self, article: dict[str, Any]) -> None:
        outlet = article["outlet"]
        name = self.scenario["outlets"][outlet]
        server = self.servers[outlet]
        server.add_file(article["path"], article_page(article, outlet, name))
        title = (
            (DATA / "texts" / f"{article.get('copy_of', article['id'])}.txt")
            .read_text(encoding="utf-8")
            .split("\n", 1)[0]
        )
        self._items[outlet].append((title, article["path"], article["published"]))
        self._publish_feed(outlet)
        self.outcome.article_of_url[server.base_url + article["path"]] = article["id"]

    def _publish_feed(self, outlet: str) -> None:
        self.servers[outlet].add_file("/feed/", feed(self._items[outlet], self.scenario["outlets"][outlet]))

    def _sent(self) -> list[tuple[str, str, str, str | None]]:
        with sqlite3.connect(self.workdir / "data" / "rasad.sqlite3") as db:
            return db.execute(
                "SELECT alert_id, incident_id, kind, message_id FROM deliveries WHERE channel_id = 'ops' AND outcome = 'sent' ORDER BY id"
            ).fetchall()

    def _write_config(self) -> Path:
        # Old reports must still alert; an outlet whose first report comes in a later round has an empty
        # feed until then, which counts as a failed poll: no source-health notes in this scenario.
        text = (
            "alert_max_age_hours = 300000\ndownload_delay_seconds = 0\nhealth_alert_after_failures = 100\n\n"
        )
        for outlet, name in self.scenario["outlets"].items():
            url = self.servers[outlet].base_url + "/feed/"
            text += (
                f'[[sources]]\nid = "{outlet}"\nname = "{name}"\nfeeds = ["{url}"]\nallow_private = true\n\n'
            )
        text += (
            f'[[channels]]\nid = "ops"\nkind = "telegram"\nchat_id = "-100200300"\ntoken_env = "RASAD_TEST_TG_TOKEN"\n'
            f'api_url = "{self.telegram.url}"\nper_chat_interval_seconds = 0\nper_minute = 0\n\n[[rules]]\nchannels = ["ops"]\n'
        )
        path = self.workdir / "rasad.toml"
        path.write_text(text, encoding="utf-8")
        return path


# -- scoring -------------------------------------------------------------------------------------------


def _pairs(clusters: Iterable[set[str]]) -> set[tuple[str, str]]:
    return {pair for cluster in clusters for pair in combinations(sorted(cluster), 2)}


def pairwise(stored: Iterable[set[str]], expected: Iterable[set[str]]) -> dict[str, float]:
    """Pairwise precision and recall of a clustering of reports (articles) against the expected one:
    a pair of articles is "together" when some incident holds both."""
    got, want = _pairs(stored), _pairs(expected)
    both = len(got & want)
    return {
        "precision": both / len(got) if got else 1.0, "recall": both / len(want) if want else 1.0,
        "pairs_stored": len(got), "pairs_expected": len(want), "pairs_right": both,
    }  # fmt: skip


def expected_clusters(expected: dict[str, Any]) -> list[set[str]]:
    return [set(i["reports"]) | set(i["background"]) for i in expected["incidents"]]


def find_incident(outcome: Outcome, wanted: dict[str, Any]) -> dict[str, Any] | None:
    """The stored incident that stands for an expected one: it holds the expected first report, one of
    its types is of the expected family and, among several, it shares the most reports (then the place)."""
    family, place, _day = wanted["handle"].split("|")
    first = wanted["reports"][0]
    candidates = [i for i in outcome.incidents
                  if first in outcome.articles(i) and family in {TYPE_FAMILIES.get(t) for t in i["types"]}]  # fmt: skip
    if not candidates:
        return None
    reports = set(wanted["reports"]) | set(wanted["background"])
    places = {place, *wanted.get("places", ())}
    return max(candidates, key=lambda i: (len(outcome.articles(i) & reports), i.get("place") in places))


def report(outcome: Outcome, expected: dict[str, Any]) -> dict[str, Any]:
    """Figures for ``make eval``/bench: merging precision/recall, incidents and alerts against expectations."""
    scores = pairwise([outcome.articles(i) for i in outcome.incidents], expected_clusters(expected))
    alerts_expected = sum(len(i["alerts"]) for i in expected["incidents"])
    return {
        **scores, "incidents_stored": len(outcome.incidents), "incidents_expected": len(expected["incidents"]),
        "alerts_sent": len(outcome.deliveries), "alerts_expected": alerts_expected,
    }  # fmt: skip


def run_cli(workdir: Path) -> Run:
    def run(
        *args: str, env: dict[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}
        child_env.update(env or {})
        child_env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
        return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=workdir, env=child_env,
                              capture_output=True, text=True, timeout=timeout, check=False)  # fmt: skip

    return run


def measure() -> dict[str, Any]:
    """Play the whole scenario in a temporary directory and return :func:`report`'s figures (for bench)."""
    with tempfile.TemporaryDirectory(prefix="rasad-scenario-") as tmp:
        workdir = Path(tmp)
        telegram = FakeTelegramAPI().start()
        try:
            with Scenario(workdir, run_cli(workdir), telegram) as scenario:
                outcome = scenario.run_all()
        finally:
            telegram.stop()
        return report(outcome, scenario.expected)


def main() -> int:
    figures = measure()
    print("scenario (issue 6: 10 outlets, 14 reports, 8 incidents, 4 crawl rounds)")
    print(f"  merging precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
          f"({figures['pairs_right']} of {figures['pairs_stored']} stored pairs right, {figures['pairs_expected']} expected)")  # fmt: skip
    print(f"  incidents stored {figures['incidents_stored']} (expected {figures['incidents_expected']}), "
          f"alerts sent {figures['alerts_sent']} (expected {figures['alerts_expected']})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

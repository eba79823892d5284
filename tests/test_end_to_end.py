"""The whole flow over loopback: replica outlets -> ``rasad crawl`` -> store -> Redis stream ->
``rasad worker --burst`` -> a local Bot API server and a real SMTP server. Nothing of Rasad's own is
faked: the command line runs in subprocesses exactly as a user runs it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.alerts.render import TYPE_LABELS
from crawler.replicas import ReplicaServer, replica_sources, serve_replicas
from tests.conftest import RunRasad
from tests.fakes.smtp import SMTPServer
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI

pytestmark = pytest.mark.slow
ARABIC_TYPES = [label for _emoji, label in TYPE_LABELS.values()]


@pytest.fixture
def replicas() -> Iterator[dict[str, ReplicaServer]]:
    servers = serve_replicas(["enab-baladi", "sy24"])
    yield servers
    for server in servers.values():
        server.stop()


def source_block(source: dict[str, object]) -> str:
    feeds = ", ".join(f'"{feed}"' for feed in source["feeds"])  # type: ignore[attr-defined]
    return f'[[sources]]\nid = "{source["id"]}"\nname = "{source["name"]}"\nfeeds = [{feeds}]\nallow_private = true\n'


def write_config(path: Path, sources: list[dict[str, object]], telegram: FakeTelegramAPI, smtp: SMTPServer) -> Path:
    text = "alert_max_age_hours = 300000\ndownload_delay_seconds = 0\n\n"
    text += "\n".join(source_block(source) for source in sources)
    text += f"""
[[channels]]
id = "ops"
kind = "telegram"
chat_id = "-100200300"
token_env = "RASAD_TEST_TG_TOKEN"
api_url = "{telegram.url}"
per_chat_interval_seconds = 0
per_minute = 0

[[channels]]
id = "desk"
kind = "email"
smtp_host = "127.0.0.1"
smtp_port = {smtp.port}
security = "none"
sender = "rasad@example.org"
recipients = ["desk@example.org"]

[[rules]]
channels = ["ops", "desk"]
"""
    path.write_text(text, encoding="utf-8")
    return path


def test_crawl_deliver_and_recrawl_nothing(
    tmp_path: Path, run_rasad: RunRasad, replicas: dict[str, ReplicaServer],
    telegram_api: FakeTelegramAPI, smtp_server: SMTPServer,
) -> None:  # fmt: skip
    config = write_config(tmp_path / "rasad.toml", replica_sources(replicas), telegram_api, smtp_server)
    env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data"), "RASAD_TEST_TG_TOKEN": TOKEN}

    crawl = run_rasad("crawl", env=env)
    assert crawl.returncode == 0, crawl.stderr
    article_count = sum(len(s.manifest["articles"]) for s in replicas.values())
    assert crawl.stdout.count("\nnew  [") + crawl.stdout.startswith("new  [") == article_count, crawl.stdout

    worker = run_rasad("worker", "--burst", env=env)
    assert worker.returncode == 0, worker.stderr
    texts = [message.plain for message in telegram_api.messages]
    assert texts, worker.stderr
    for text in texts:  # every alert names its place and its incident type in Arabic
        assert any(label in text for label in ARABIC_TYPES), text
        assert "دير الزور" in text or "الحسكة" in text or "،" in text, text
    # the main incidents of the two seed articles
    assert any("البصيرة" in t and "دير الزور" in t for t in texts), texts
    assert any("الرز" in t and "دير الزور" in t for t in texts), texts
    assert all(m.chat_id == "-100200300" and m.parse_mode == "HTML" for m in telegram_api.messages)
    emails = smtp_server.collector.messages
    assert len(emails) == len(texts)
    assert all(e.rcpt_tos == ["desk@example.org"] for e in emails)
    assert any("البصيرة" in e.part("plain") for e in emails)

    # The store holds what was alerted, and more (background incidents are stored, not alerted).
    listed = run_rasad("incidents", "--format", "json", env=env)
    stored = json.loads(listed.stdout)
    assert len([i for i in stored if not i["background"]]) >= len(texts)
    assert any(i["background"] for i in stored)

    # A second crawl of the unchanged sites fetches no article page and sends nothing.
    for server in replicas.values():
        server.reset_log()
    again = run_rasad("crawl", env=env)
    assert again.returncode == 0, again.stderr
    fetched = [path for server in replicas.values() for _method, path, _status in server.requests]
    assert fetched and all(p.startswith(("/feed", "/robots.txt")) for p in fetched), fetched
    feed_statuses = {status for server in replicas.values() for _m, p, status in server.requests if p.startswith("/feed")}
    assert feed_statuses == {304}
    run_rasad("worker", "--burst", env=env)
    assert len(telegram_api.messages) == len(texts)
    assert len(smtp_server.collector.messages) == len(texts)


def test_broken_outlet_does_not_stop_the_others(
    tmp_path: Path, run_rasad: RunRasad, replicas: dict[str, ReplicaServer],
    telegram_api: FakeTelegramAPI, smtp_server: SMTPServer,
) -> None:  # fmt: skip
    server = ReplicaServer.blank(tmp_path / "broken-site", "broken")
    try:
        server.add_file("/feed/", "<html><body>Just a page, not a feed</body></html>")
        sources = replica_sources(replicas) + replica_sources({"broken": server})
        config = write_config(tmp_path / "rasad.toml", sources, telegram_api, smtp_server)
        env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}
        crawl = run_rasad("crawl", env=env)
        assert crawl.returncode == 0, crawl.stderr  # the other outlets worked
        assert "FAILED [broken] not a feed" in crawl.stderr
        assert "done [enab-baladi]" in crawl.stdout and "done [sy24]" in crawl.stdout
        health = run_rasad("sources", env=env)
        assert "FAILING x1" in health.stdout and "not a feed" in health.stdout

        # Telegram's token variable is unset: a clear message, and email still delivers.
        worker = run_rasad("worker", "--burst", env=env)
        assert worker.returncode == 0, worker.stderr
        assert "RASAD_TEST_TG_TOKEN" in worker.stderr and "not set" in worker.stderr
        assert telegram_api.messages == []
        assert smtp_server.collector.messages
    finally:
        server.stop()


def test_empty_and_binary_article_pages_are_skipped_with_a_reason(
    tmp_path: Path, run_rasad: RunRasad, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer,
) -> None:  # fmt: skip
    server = ReplicaServer.blank(tmp_path / "site", "odd")
    try:
        items = "".join(
            f"<item><title>{name}</title><link>{{{{BASE}}}}/{name}/</link>"
            f"<pubDate>Tue, 06 Jun 2023 10:00:00 +0000</pubDate></item>"
            for name in ("empty", "binary")
        )
        server.add_file("/feed/", f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>')
        server.add_file("/empty/", b"")
        server.add_file("/binary/", bytes(range(256)) * 40)
        config = write_config(tmp_path / "rasad.toml", replica_sources({"odd": server}), telegram_api, smtp_server)
        env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}
        crawl = run_rasad("crawl", env=env)
        assert crawl.returncode == 0, crawl.stderr
        assert "0 new article(s), 2 skipped" in crawl.stdout, crawl.stdout + crawl.stderr
        assert "Traceback" not in crawl.stderr
        server.reset_log()
        run_rasad("crawl", env=env)  # skipped pages are remembered, not fetched again
        assert not [p for _m, p, _s in server.requests if p in ("/empty/", "/binary/")]
    finally:
        server.stop()


def test_a_source_failing_raises_one_health_note_then_a_recovery_note(
    tmp_path: Path, run_rasad: RunRasad, telegram_api: FakeTelegramAPI, smtp_server: SMTPServer,
) -> None:  # fmt: skip
    server = ReplicaServer.blank(tmp_path / "site", "flaky")
    try:
        config = write_config(tmp_path / "rasad.toml", replica_sources({"flaky": server}), telegram_api, smtp_server)
        config.write_text("health_alert_after_failures = 2\n" + config.read_text())
        env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data"), "RASAD_TEST_TG_TOKEN": TOKEN}
        for _ in range(3):  # the feed answers 404 three times: one note, not three
            run_rasad("crawl", env=env)
        run_rasad("worker", "--burst", env=env)
        notes = [m.plain for m in telegram_api.messages]
        assert len(notes) == 1 and "flaky" in notes[0] and "HTTP 404" in notes[0], notes
        assert len(smtp_server.collector.messages) == 1

        server.add_file("/feed/", '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                        "<item><title>x</title><link>{{BASE}}/x/</link></item></channel></rss>")
        server.add_file("/x/", "<html><body><article><p>" + "خبر عن الطقس في دمشق اليوم. " * 20 + "</p></article></body></html>")
        run_rasad("crawl", env=env)
        run_rasad("worker", "--burst", env=env)
        assert len(telegram_api.messages) == 2 and "works again" in telegram_api.messages[1].plain
    finally:
        server.stop()

"""The command line's first forms: extract, incidents, sources --check, alerts test."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from crawler.replicas import ReplicaServer, replica_sources, serve_replicas
from tests.conftest import DATA, RunRasad
from tests.fakes.telegram_api import TOKEN, FakeTelegramAPI, scripted

SEEDS = json.loads((DATA / "seeds" / "annotations.json").read_text(encoding="utf-8"))["docs"]


def main_incident(doc: dict[str, object]) -> dict[str, object]:
    return next(i for i in doc["incidents"] if not i["background"])  # type: ignore[attr-defined,index]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_extract_seed_prints_incident_json(name: str, run_rasad: RunRasad) -> None:
    doc = SEEDS[name]
    result = run_rasad("extract", str(DATA / "seeds" / name), "--published", doc["published"])
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert set(output) == {"article", "incidents"}
    article = output["article"]
    assert {"url", "title", "text", "published", "published_from", "source_id", "language"} <= set(article)
    assert article["published"].startswith(doc["published"])
    expected = main_incident(doc)
    found = [i for i in output["incidents"] if not i["background"]]
    assert found, output
    main = found[0]
    assert set(main["types"]) & set(expected["types"])  # type: ignore[arg-type]
    assert main["place"] == expected["place"]
    assert main["admin1"] == expected["governorate"]
    assert isinstance(main["lat"], float) and isinstance(main["lon"], float)
    for field in ("id", "acled", "date", "date_precision", "geo_precision", "actors", "targets", "killed",
                  "killed_max", "injured", "arrested", "persons", "sources", "evidence", "confidence"):  # fmt: skip
        assert field in main


def test_extract_refuses_missing_empty_and_binary_input(tmp_path: Path, run_rasad: RunRasad) -> None:
    missing = run_rasad("extract", str(tmp_path / "nope.html"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    (tmp_path / "empty.html").write_bytes(b"")
    empty = run_rasad("extract", str(tmp_path / "empty.html"))
    assert empty.returncode == 1 and "not an article" in empty.stderr and "Traceback" not in empty.stderr
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 10)
    binary = run_rasad("extract", str(tmp_path / "binary.html"))
    assert binary.returncode == 1 and "not an article" in binary.stderr
    bad_date = run_rasad("extract", str(DATA / "seeds" / sorted(SEEDS)[0]), "--published", "18/05/2019")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr


def test_incidents_formats_and_sources_check(tmp_path: Path, run_rasad: RunRasad) -> None:
    servers = serve_replicas(["sy24"])
    try:
        config = tmp_path / "rasad.toml"
        [source] = replica_sources(servers)
        config.write_text(
            f'alert_max_age_hours = 300000\ndownload_delay_seconds = 0\n[[sources]]\nid = "sy24"\n'
            f'feeds = ["{source["feeds"][0]}"]\nallow_private = true\n'
            '[[sources]]\nid = "guarded"\nfeeds = ["http://127.0.0.1:9/feed/"]\n'
        )  # fmt: skip
        env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}
        assert run_rasad("crawl", "sy24", env=env).returncode == 0
        stored = json.loads(run_rasad("incidents", "--format", "json", env=env).stdout)
        assert stored and all("types" in i for i in stored)
        rows = list(csv.DictReader(io.StringIO(run_rasad("incidents", "--format", "csv", env=env).stdout)))
        assert len(rows) == len(stored) and {"event_date", "event_type", "admin1", "latitude"} <= set(rows[0])
        geo = json.loads(run_rasad("incidents", "--format", "geojson", env=env).stdout)
        assert geo["type"] == "FeatureCollection" and geo["features"]
        table = run_rasad("incidents", "--since", "1h", env=env).stdout
        assert "دير الزور" in table
        assert run_rasad("incidents", "--since", "yesterday", env=env).returncode == 2

        check = run_rasad("sources", "--check", env=env)
        assert check.returncode == 1  # one source is refused
        assert "OK   sy24" in check.stdout
        assert "FAIL guarded" in check.stdout and "private or loopback" in check.stdout
        unknown = run_rasad("crawl", "nope", env=env)
        assert unknown.returncode == 2 and "unknown source id(s): nope" in unknown.stderr
    finally:
        for server in servers.values():
            server.stop()


def test_private_addresses_are_not_crawled_without_allow_private(tmp_path: Path, run_rasad: RunRasad) -> None:
    server = ReplicaServer(Path(__file__).parent.parent / "crawler" / "replicas" / "sy24").start()
    try:
        config = tmp_path / "rasad.toml"
        config.write_text(f'[[sources]]\nid = "sy24"\nfeeds = ["{server.base_url}/feed/"]\n')
        result = run_rasad("crawl", env={"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "d")})
        assert result.returncode == 1
        assert "private or loopback" in result.stderr
        assert server.requests == []
    finally:
        server.stop()


def test_alerts_test_reports_the_servers_answer(tmp_path: Path, run_rasad: RunRasad, telegram_api: FakeTelegramAPI) -> None:
    config = tmp_path / "rasad.toml"
    config.write_text(
        f'[[channels]]\nid = "ops"\nkind = "telegram"\nchat_id = "7"\ntoken_env = "RASAD_TEST_TG_TOKEN"\n'
        f'api_url = "{telegram_api.url}"\nper_chat_interval_seconds = 0\nper_minute = 0\n'
    )  # fmt: skip
    env = {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "d"), "RASAD_TEST_TG_TOKEN": TOKEN}
    ok = run_rasad("alerts", "test", "ops", env=env)
    assert ok.returncode == 0, ok.stderr
    assert len(telegram_api.messages) == 1 and telegram_api.messages[0].chat_id == "7"
    assert TOKEN not in ok.stdout + ok.stderr

    telegram_api.script(scripted(403))
    refused = run_rasad("alerts", "test", "ops", env=env)
    assert refused.returncode == 1 and "Forbidden" in refused.stderr
    assert TOKEN not in refused.stdout + refused.stderr

    unset = run_rasad("alerts", "test", "ops", env={**env, "RASAD_TEST_TG_TOKEN": ""})
    assert unset.returncode == 2 and "RASAD_TEST_TG_TOKEN is not set" in unset.stderr
    unknown = run_rasad("alerts", "test", "nope", env=env)
    assert unknown.returncode == 2 and "unknown channel id 'nope'" in unknown.stderr

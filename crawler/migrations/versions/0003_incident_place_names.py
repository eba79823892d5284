"""Issue 6: incidents remember every place name they were reported under (``place_names``), so the
parts of one settlement that outlets name differently ("حوايج ذيبان", "ذيبان") are recognised.
Stored incidents start with the words of their current place."""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("place_names", sa.Text))
    # crawler.matching.name_words at the time of writing; imported, as it needs the Arabic normalization
    from crawler.matching import name_words

    bind = op.get_bind()
    table = sa.table("incidents", sa.column("id"), sa.column("data"), sa.column("place_names"))
    for row in bind.execute(sa.select(table.c.id, table.c.data)).all():
        place = json.loads(row.data).get("place")
        names = " ".join(sorted(name_words(place if isinstance(place, str) else None)))
        bind.execute(sa.update(table).where(table.c.id == row.id).values(place_names=names))


def downgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("place_names")

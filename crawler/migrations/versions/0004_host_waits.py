"""Issue 5: a host's Retry-After outlives the crawl that got it.

host_waits: one row per host that answered 429/503 with a Retry-After longer than a crawl waits (no
request to it before ``until``); source_health.waiting_until: a source's polls are skipped until then.
New table and a nullable column: existing rows stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "host_waits",
        sa.Column("host", sa.String(255), primary_key=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("source_id", sa.String(64)),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.add_column("source_health", sa.Column("waiting_until", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("source_health") as batch:
        batch.drop_column("waiting_until")
    op.drop_table("host_waits")

"""Issue 6: each source of an incident records whether its article reported the incident as earlier
news (a background mention): such a source is listed and merged but is no confirmation by an outlet.

Sources stored before this revision: those of an incident that is still background were all background
mentions (a single current report makes an incident current), so they are marked; the sources of a
current incident cannot be told apart any more and count as current reports, as they did before."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident_sources") as batch:
        batch.add_column(sa.Column("background", sa.Boolean(), nullable=False, server_default=sa.false()))
    sources = sa.table("incident_sources", sa.column("incident_id"), sa.column("background", sa.Boolean))
    incidents = sa.table("incidents", sa.column("id"), sa.column("background", sa.Boolean))
    still_background = sa.select(incidents.c.id).where(incidents.c.background.is_(True))
    op.get_bind().execute(
        sa.update(sources).where(sources.c.incident_id.in_(still_background)).values(background=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("incident_sources") as batch:
        batch.drop_column("background")

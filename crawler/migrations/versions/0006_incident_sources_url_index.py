"""Issue 6: incident_sources is looked up by URL (an article's incidents, when it is re-processed or
another article is found to be its copy): an index, so that is not a scan of every source."""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_incident_sources_url", "incident_sources", ["url"])


def downgrade() -> None:
    op.drop_index("ix_incident_sources_url", table_name="incident_sources")

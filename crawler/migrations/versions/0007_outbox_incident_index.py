"""Issue 6: an incident's update alerts are numbered by counting its outbox rows: an index on
outbox.incident_id, so that is not a scan of every alert ever queued."""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_incident_id", "outbox", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_incident_id", table_name="outbox")

"""Values whose length the outside world decides become unbounded text: a digest's joined message
ids (deliveries.message_id) and a feed server's ETag and Last-Modified (feed_state). PostgreSQL
enforces VARCHAR lengths (SQLite never did), so a long one failed the whole write there.
Widening keeps every value; on SQLite the batch copy keeps every row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_WIDENED = {"deliveries": {"message_id": 64}, "feed_state": {"etag": 512, "last_modified": 128}}


def upgrade() -> None:
    for table, columns in _WIDENED.items():
        with op.batch_alter_table(table) as batch:
            for column, length in columns.items():
                batch.alter_column(
                    column, type_=sa.Text(), existing_type=sa.String(length), existing_nullable=True
                )


def downgrade() -> None:
    for table, columns in _WIDENED.items():
        with op.batch_alter_table(table) as batch:
            for column, length in columns.items():
                batch.alter_column(
                    column, type_=sa.String(length), existing_type=sa.Text(), existing_nullable=True
                )

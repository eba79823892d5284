"""The schema as it stood when migrations began (crawler/schema.py at commit 4d7d1e6).

A database made before migrations existed (by ``metadata.create_all``, no ``alembic_version``) is
adopted here: its tables are kept as they are and only the ones it lacks are created. Earlier
schema versions only ever added whole tables, so a table that exists has all its 0001 columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _tz() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _tables() -> dict[str, tuple[list[sa.schema.SchemaItem], list[str]]]:
    """Each table: its columns and constraints, and the columns that carry an ``ix_<table>_<column>`` index."""
    return {
        "articles": ([
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("url", sa.String(2048), nullable=False, unique=True),
            sa.Column("source_id", sa.String(64)),
            sa.Column("status", sa.String(16), nullable=False),
            sa.Column("skip_reason", sa.Text),
            sa.Column("title", sa.Text),
            sa.Column("text", sa.Text),
            sa.Column("published", _tz()),
            sa.Column("published_from", sa.String(16)),
            sa.Column("fetched_at", _tz(), nullable=False),
        ], []),
        "incidents": ([
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("first_seen", _tz(), nullable=False),
            sa.Column("updated_at", _tz(), nullable=False),
            sa.Column("date", sa.String(10)),
            sa.Column("admin1", sa.String(64)),
            sa.Column("types", sa.String(256), nullable=False),
            sa.Column("background", sa.Boolean, nullable=False),
            sa.Column("match_key", sa.String(256)),
            sa.Column("data", sa.Text, nullable=False),
        ], ["first_seen", "match_key"]),
        "incident_sources": ([
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("incident_id", sa.String(64), nullable=False),
            sa.Column("url", sa.String(2048)),
            sa.Column("source_id", sa.String(64)),
            sa.Column("published", sa.String(40)),
            sa.UniqueConstraint("incident_id", "url"),
        ], ["incident_id"]),
        "outbox": ([
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("alert_id", sa.String(128), nullable=False, unique=True),
            sa.Column("incident_id", sa.String(64), nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("payload", sa.Text, nullable=False),
            sa.Column("created_at", _tz(), nullable=False),
            sa.Column("published_at", _tz()),
            sa.Column("entry_id", sa.String(64)),
        ], ["published_at"]),
        "deliveries": ([
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("alert_id", sa.String(128), nullable=False),
            sa.Column("channel_id", sa.String(64), nullable=False),
            sa.Column("incident_id", sa.String(64), nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("outcome", sa.String(16), nullable=False),
            sa.Column("detail", sa.Text),
            sa.Column("message_id", sa.String(64)),
            sa.Column("sent_at", _tz(), nullable=False),
            sa.UniqueConstraint("alert_id", "channel_id"),
        ], ["incident_id"]),
        "feed_state": ([
            sa.Column("url", sa.String(2048), primary_key=True),
            sa.Column("etag", sa.String(512)),
            sa.Column("last_modified", sa.String(128)),
            sa.Column("checked_at", _tz()),
        ], []),
        "source_health": ([
            sa.Column("source_id", sa.String(64), primary_key=True),
            sa.Column("last_crawl", _tz()),
            sa.Column("last_success", _tz()),
            sa.Column("last_failure", _tz()),
            sa.Column("last_error", sa.Text),
            sa.Column("consecutive_failures", sa.Integer, nullable=False),
            sa.Column("articles_total", sa.Integer, nullable=False),
        ], []),
        "digest_queue": ([
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("channel_id", sa.String(64), nullable=False),
            sa.Column("alert_id", sa.String(128), nullable=False),
            sa.Column("payload", sa.Text, nullable=False),
            sa.Column("queued_at", _tz(), nullable=False),
            sa.Column("due_at", _tz(), nullable=False),
            sa.Column("sent_at", _tz()),
            sa.UniqueConstraint("alert_id", "channel_id"),
        ], ["channel_id", "sent_at"]),
        "url_keys": ([
            sa.Column("key", sa.String(2048), primary_key=True),
            sa.Column("url", sa.String(2048), nullable=False),
            sa.Column("source_id", sa.String(64)),
            sa.Column("seen_at", _tz(), nullable=False),
        ], ["source_id"]),
        "health_messages": ([
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("source_id", sa.String(64), nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("text", sa.Text, nullable=False),
            sa.Column("detail", sa.Text),
            sa.Column("created_at", _tz(), nullable=False),
            sa.Column("published_at", _tz()),
        ], ["source_id", "published_at"]),
    }  # fmt: skip


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())
    for name, (items, indexed) in _tables().items():
        if name in present:
            continue
        op.create_table(name, *items)
        for column in indexed:
            op.create_index(f"ix_{name}_{column}", name, [column])


def downgrade() -> None:
    for name in reversed(list(_tables())):
        op.drop_table(name)

"""Schema migrations of the store (Alembic, run by crawler.db when a Store opens)."""

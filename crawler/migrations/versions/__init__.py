"""Alembic revisions, one per schema change: NNNN_slug.py, revision "NNNN", down_revision the previous."""

"""Schema migrations: the revisions build exactly crawler.schema, keep data, adopt old databases,
and refuse a database from a newer Rasad."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from crawler import db
from crawler.schema import metadata
from crawler.store import Store


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'rasad.sqlite3'}"


def schema_diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_migrated_database_is_exactly_the_schema(tmp_path: Path) -> None:
    """The guard that keeps schema.py and the revisions in step: edit one, edit the other."""
    url = sqlite_url(tmp_path)
    Store(url).close()
    assert schema_diff(url) == []
    engine = create_engine(url)
    with engine.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
        # compare_metadata ignores an index that is only named differently: the names must match too
        inspector = inspect(conn)
        for table in metadata.sorted_tables:
            expected = {index.name for index in table.indexes}
            assert {i["name"] for i in inspector.get_indexes(table.name)} == expected, table.name
    engine.dispose()


def test_revision_files_are_numbered_in_a_chain() -> None:
    files = sorted(p.name for p in (db.MIGRATIONS / "versions").glob("[0-9]*.py"))
    assert files and all(re.fullmatch(r"\d{4}_[a-z0-9_]+\.py", name) for name in files)
    script = db._script()
    chain = [s.revision for s in reversed(list(script.walk_revisions()))]
    assert chain == [name[:4] for name in files]
    for previous, revision in zip([None, *chain], chain, strict=False):
        assert script.get_revision(revision).down_revision == previous  # type: ignore[union-attr]


def test_pre_migration_database_is_adopted(tmp_path: Path) -> None:
    """Made by create_all before migrations existed, with data: stamped, upgraded, data kept."""
    url = sqlite_url(tmp_path)
    (tmp_path / "data").mkdir()
    engine = create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (url, status, fetched_at) VALUES ('https://a/1', 'skipped', '2023-06-08 12:00:00')"
            )
        )
    engine.dispose()
    store = Store(url)
    assert store.known_urls(["https://a/1"]) == {"https://a/1"}
    store.close()
    assert schema_diff(url) == []


def test_database_from_a_newer_rasad_is_refused(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    Store(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(db.SchemaTooNew, match="revision 9999, newer than this Rasad"):
        Store(url)
    engine = create_engine(url)
    with engine.connect() as conn:  # untouched
        assert db.current_revision(conn) == "9999"
    engine.dispose()

"""Schema migrations, on SQLite and PostgreSQL: the revisions build exactly crawler.schema, keep
data, adopt databases made before migrations, and refuse a database from a newer Rasad."""

from __future__ import annotations

import ast
import importlib.util
import json
import multiprocessing
import re
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from crawler import db
from crawler.config import load_settings
from crawler.schema import metadata
from crawler.startup import run_checks
from extractors.models import Incident, Source


def schema_diff(conn: sa.Connection) -> list[object]:
    context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
    return list(compare_metadata(context, metadata))


def schema_0001() -> sa.MetaData:
    """The tables of revision 0001, as ``metadata.create_all`` made them before migrations existed."""
    module = load_revision("0001_initial.py")
    old = sa.MetaData()
    for name, (items, indexed) in module._tables().items():
        table = sa.Table(name, old, *items)
        for column in indexed:
            sa.Index(f"ix_{name}_{column}", table.c[column])
    return old


def open_and_close(url: str) -> None:
    db.open_engine(url).dispose()


def test_migrated_database_is_exactly_the_schema(database_url: str) -> None:
    """The guard that keeps schema.py and the revisions in step: edit one, edit the other."""
    engine = db.open_engine(database_url)
    with engine.connect() as conn:
        assert schema_diff(conn) == []
        assert db.current_revision(conn) == db.head_revision()
        # compare_metadata passes an index that is only named differently: the names must match too
        inspector = sa.inspect(conn)
        for table in metadata.sorted_tables:
            expected = {index.name for index in table.indexes}
            found = {
                i["name"] for i in inspector.get_indexes(table.name) if not i.get("duplicates_constraint")
            }
            assert found == expected, table.name
    engine.dispose()


def test_revision_files_are_numbered_in_a_chain() -> None:
    files = sorted(p.name for p in (db.MIGRATIONS / "versions").glob("[0-9]*.py"))
    assert files and all(re.fullmatch(r"\d{4}_[a-z0-9_]+\.py", name) for name in files)
    script = db._script()
    chain = [s.revision for s in reversed(list(script.walk_revisions()))]
    assert chain == [name[:4] for name in files]
    for previous, revision in zip([None, *chain], chain, strict=False):
        assert script.get_revision(revision).down_revision == previous


def incident_json(row: int) -> str:
    """A stored incident's JSON (DESIGN.md 3.2), as revisions that read ``incidents.data`` expect."""
    found = Incident(
        types=("raid", "arrest"), place="الرز", place_id=f"C{row}", admin1="دير الزور", date=f"2023-06-0{row + 1}",
        background=False, sources=(Source(f"https://a/{row}", "sy24", "2023-06-08T09:00:00+03:00"),),
        evidence="from the test",
    ).with_stable_id()  # fmt: skip
    return json.dumps(found.to_json(), ensure_ascii=False)


def sample_value(column: sa.Column[object], row: int) -> object:
    """A value of the column's type, different per row (unique keys stay unique); JSON where the
    store keeps JSON."""
    kind = column.type
    if column.name == "data" and column.table.name == "incidents":
        return incident_json(row)
    if column.name in ("payload", "detail", "data"):
        return json.dumps({"row": row, "text": "نص"}, ensure_ascii=False)
    if isinstance(kind, sa.Boolean):
        return row % 2 == 0
    if isinstance(kind, sa.Integer):
        return row + 1
    if isinstance(kind, sa.Float):
        return row + 0.5
    if isinstance(kind, sa.LargeBinary):
        return bytes([row]) * 8
    if isinstance(kind, sa.DateTime):
        return datetime(2023, 6, 8, 12, row, tzinfo=UTC)
    text_value = f"{column.name}-{row}-نص"
    length = getattr(kind, "length", None)
    return text_value[:length] if length else text_value


def fill_every_table(conn: sa.Connection, rows: int = 3) -> dict[str, list[dict[str, object]]]:
    """Rows in every table the database has (its revision's columns, found by reflection)."""
    reflected = sa.MetaData()
    reflected.reflect(conn)
    written: dict[str, list[dict[str, object]]] = {}
    for table in reflected.sorted_tables:
        if table.name != "alembic_version":
            values = [{c.name: sample_value(c, n) for c in table.columns} for n in range(rows)]
            conn.execute(table.insert(), values)
            written[table.name] = values
    return written


def assert_rows_kept(conn: sa.Connection, written: dict[str, list[dict[str, object]]]) -> None:
    def comparable(row: dict[str, object]) -> dict[str, object]:  # SQLite returns naive UTC datetimes
        return {k: v.replace(tzinfo=None) if isinstance(v, datetime) else v for k, v in row.items()}

    for name, rows in written.items():
        table = sa.Table(name, sa.MetaData(), autoload_with=conn)
        stored = [
            dict(r._mapping) for r in conn.execute(sa.select(table).order_by(*table.primary_key.columns))
        ]
        assert len(stored) == len(rows), name
        for before, after in zip(rows, stored, strict=True):
            assert comparable({k: after[k] for k in before}) == comparable(before), name


def empty_database(url: str) -> sa.Engine:
    """An engine on the new, empty database at ``url`` (a SQLite file's directory made)."""
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite" and engine.url.database:
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    return engine


def test_upgrade_from_0001_keeps_every_row(database_url: str) -> None:
    engine = empty_database(database_url)
    with engine.connect() as conn:
        db.upgrade(conn, "0001")
    with engine.begin() as conn:
        written = fill_every_table(conn)
    assert {"articles", "incidents", "incident_sources", "outbox", "deliveries", "digest_queue"} <= set(
        written
    )

    db.open_engine(database_url).dispose()  # to head, as a Store opens it

    with engine.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
        assert_rows_kept(conn, written)
    engine.dispose()


def test_pre_migration_database_is_adopted(database_url: str) -> None:
    """Made by create_all before migrations existed, some tables not there yet (they came with
    later versions), with data: the missing tables are made, it is stamped and upgraded, data kept."""
    engine = empty_database(database_url)
    old = schema_0001()
    later = {"digest_queue", "url_keys", "health_messages"}
    with engine.begin() as conn:
        old.create_all(conn, tables=[t for t in old.sorted_tables if t.name not in later])
        written = fill_every_table(conn)
    db.open_engine(database_url).dispose()
    with engine.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
        assert schema_diff(conn) == []
        assert_rows_kept(conn, written)
    engine.dispose()


def test_database_from_a_newer_rasad_is_refused(database_url: str) -> None:
    open_and_close(database_url)
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(db.SchemaTooNew, match="revision 9999, newer than this Rasad"):
        db.open_engine(database_url)
    with engine.connect() as conn:  # untouched
        assert db.current_revision(conn) == "9999"
    engine.dispose()


def test_threads_opening_a_new_sqlite_file_at_once(tmp_path: Path) -> None:
    """``rasad demo`` opens the store from two threads at start; SQLite refuses a second WAL switch at
    once ("database is locked", no busy wait), which made the demo's start-up check fail now and then."""
    import threading

    failures: list[BaseException] = []

    def open_and_record(url: str) -> None:
        try:
            db.open_engine(url).dispose()
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            failures.append(error)

    for attempt in range(40):
        url = f"sqlite:///{tmp_path / str(attempt) / 'rasad.sqlite3'}"
        threads = [threading.Thread(target=open_and_record, args=(url,)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert failures == []


def test_processes_migrating_a_new_database_at_once(database_url: str) -> None:
    """Crawls of a fresh daemon start together: one migrates, the others wait, none fails."""
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=open_and_close, args=(database_url,)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
        assert conn.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1
    engine.dispose()


def test_start_up_check_names_a_newer_database(tmp_path: Path) -> None:
    """``rasad run`` refuses to start (a fatal start-up check, one line) rather than touch it."""
    settings = load_settings(data_dir=tmp_path / "data")
    open_and_close(settings.effective_database_url)
    engine = sa.create_engine(settings.effective_database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    [check] = [c for c in run_checks(settings, {}) if "database" in c.message]
    assert check.fatal and not check.ok
    assert "revision 9999, newer than this Rasad" in check.message and "\n" not in check.message


def load_revision(name: str) -> ModuleType:
    path = db.MIGRATIONS / "versions" / name
    spec = importlib.util.spec_from_file_location(f"rasad_revision_{name[:4]}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_revisions_do_not_import_live_code() -> None:
    """What a revision writes must not change when Rasad's code does (migrations/README.md)."""
    for path in sorted((db.MIGRATIONS / "versions").glob("[0-9]*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            assert not [m for m in modules if m.split(".")[0] in ("crawler", "extractors")], path.name


def test_revision_0003_keeps_its_own_place_words() -> None:
    """Its copy of name_words: the distinctive words, normalized, without the article or generic words."""
    words = load_revision("0003_incident_place_names.py")._name_words
    assert words("حوايج ذيبان") == {"ذيبان"}
    assert words("البُصَيْرَة") == {"بصيره"}
    assert words("جديدة عكيدات") == {"عكيدات"}
    assert words(None) == frozenset()

"""Opening the store's database: the engine, with its schema brought to this code's revision.

The schema is ``crawler.schema``; its history is the Alembic revisions in ``crawler/migrations``.
Opening runs ``upgrade head``: a fresh database gets every revision, a database made before
migrations existed is adopted by revision 0001, an up-to-date one costs one read of
``alembic_version``. A database at a revision this code does not know (made by a newer Rasad) is
refused, never downgraded. One process migrates at a time: a lock file beside a SQLite database,
``pg_advisory_lock`` on PostgreSQL.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import Connection

from crawler.schema import metadata

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)
# Alembic is imported only to migrate (about 0.1 s of every process start otherwise); it logs its
# set-up at INFO when imported and opened. What a migration did is logged here instead.
logging.getLogger("alembic").setLevel(logging.WARNING)

MIGRATIONS = Path(__file__).parent / "migrations"
# "RASAD". PostgreSQL scopes an advisory lock to the database it is taken in (the lock's tag holds the
# database's OID): Rasad databases on one server migrate independently; two Rasads sharing one database
# (in different schemas, by search_path) take turns. Another application's locks in the same database
# meet this one only if it picks the same 64-bit key.
_PG_LOCK_KEY = 0x5241_5341_4400


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer Rasad: this code must not touch it."""


def open_engine(url: str) -> Engine:
    """An engine on ``url`` whose database is at this code's schema revision."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":  # SQLAlchemy's default there is psycopg2; Rasad ships psycopg 3
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed)
    try:
        if engine.dialect.name == "postgresql":
            event.listen(engine, "connect", _postgresql_utc)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            database = engine.url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                _migrate_sqlite_file(engine, Path(database))
            else:
                _migrate(engine)
        elif engine.dialect.name == "postgresql":
            _migrate_postgresql(engine)
        else:
            _migrate(engine)
    except BaseException:
        engine.dispose()  # a refused or unreachable database leaves no pooled connection behind
        raise
    return engine


def head_revision() -> str:
    """The newest revision. Revisions are numbered in their chain's order (NNNN_slug.py, revision
    "NNNN", down_revision the one before; tests/test_migrations.py checks it), so the file names
    tell, without importing Alembic and every revision."""
    return max(_known_revisions())


def current_revision(conn: Connection) -> str | None:
    """The database's revision (Alembic's ``alembic_version`` table), None when it has none."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _migrate_sqlite_file(engine: Engine, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if _up_to_date(engine):
        return
    # Two processes opening a new database at once (the first crawls of a fresh daemon) would both
    # create tables. One at a time, under a lock beside the file; the second finds the work done.
    with (path.parent / f"{path.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _migrate(engine)


def _migrate_postgresql(engine: Engine) -> None:
    if _up_to_date(engine):
        return
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": _PG_LOCK_KEY}):
            # No time limit: a long migration (an index on a big table) is worth waiting for.
            log.info("waiting for another process's migration of the database to finish")
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_LOCK_KEY})
        conn.commit()
        try:
            upgrade(conn)
        except BaseException:
            _unlock_quietly(conn)  # the upgrade's error is the one to report
            raise
        _unlock(conn)


def _unlock(conn: Connection) -> None:
    conn.rollback()  # after a failed upgrade the unlock needs a clean transaction
    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_LOCK_KEY})
    conn.commit()


def _unlock_quietly(conn: Connection) -> None:
    try:
        _unlock(conn)
    except Exception:  # noqa: BLE001 - the connection is lost or broken
        # The lock belongs to the session: closing the connection, rather than pooling it, ends it.
        log.warning("could not release the migration lock; closing its connection instead", exc_info=True)
        conn.invalidate()


def _migrate(engine: Engine) -> None:
    with engine.connect() as conn:
        upgrade(conn)


def _up_to_date(engine: Engine) -> bool:
    with engine.connect() as conn:
        return _checked_revision(conn) == head_revision()


def _checked_revision(conn: Connection) -> str | None:
    current = current_revision(conn)
    if current is not None and current not in _known_revisions():
        raise SchemaTooNew(
            f"the database schema is at revision {current}, newer than this Rasad knows (up to "
            f"{head_revision()}): run the newer Rasad, or restore a backup; it is never downgraded"
        )
    return current


def upgrade(conn: Connection, target: str = "head") -> None:
    """The revisions after the database's up to ``target``, in one transaction (PostgreSQL and
    SQLite both have transactional DDL): a crash mid-migration leaves the database at its old
    revision. The caller holds the migration lock (tests and tools may target older revisions)."""
    current = _checked_revision(conn)
    head = head_revision() if target == "head" else target
    if current == head:  # another process did it while we waited
        conn.rollback()
        return
    conn.rollback()
    with conn.begin():
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # pysqlite starts no transaction before DDL
        from alembic.runtime.environment import EnvironmentContext

        script = _script()
        with EnvironmentContext(
            _config(), script, fn=lambda revision, _ctx: script._upgrade_revs(head, revision)
        ) as env:
            env.configure(connection=conn, target_metadata=metadata)
            env.run_migrations()
    log.info("database schema migrated from %s to revision %s", current or "nothing", head)


@functools.cache
def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@functools.cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


@functools.cache
def _known_revisions() -> frozenset[str]:
    return frozenset(path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def _postgresql_utc(dbapi_connection: object, _record: object) -> None:
    # Naive times the store binds are UTC (crawler.timeutil.naive_utc): the session must say so too.
    # Set here rather than as the ``options`` connection parameter, which would replace the URL's own
    # ``options`` (a search_path, a statement_timeout) and PGOPTIONS.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.close()
    dbapi_connection.commit()  # type: ignore[attr-defined]


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # WAL lets the worker read while a crawl subprocess writes; busy_timeout rides out short locks.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA busy_timeout=10000")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """SQLite answers "database is locked" at once, without its busy handler, when another connection
    is switching a new file to WAL at the same moment (two processes, or the demo's two threads,
    opening a fresh database): try again for as long as busy_timeout would have waited."""
    deadline = time.monotonic() + 10
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)

"""Opening a PostgreSQL database: the operator's connection options survive, migrations take turns
per database and say when they wait, a failed migration's error is the one reported; and the
throwaway server of the tests cleans up after a failed start."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from crawler import db
from crawler.schema import metadata
from tests.pg import PostgresCluster


def test_the_urls_own_options_are_kept(postgres: PostgresCluster) -> None:
    """A search_path in the URL's ``options`` puts Rasad's tables in that schema; the session is UTC."""
    url = postgres.new_database()
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text("CREATE SCHEMA rasad_app"))
    options = quote("-c search_path=rasad_app -c statement_timeout=4321")
    engine = db.open_engine(f"{url}&options={options}")
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SHOW search_path")) == "rasad_app"
        assert conn.scalar(sa.text("SHOW statement_timeout")) == "4321ms"
        assert conn.scalar(sa.text("SHOW TimeZone")) == "UTC"
    engine.dispose()
    with admin.connect() as conn:
        inspector = sa.inspect(conn)
        expected = {table.name for table in metadata.sorted_tables} | {"alembic_version"}
        assert set(inspector.get_table_names(schema="rasad_app")) == expected
        assert inspector.get_table_names(schema="public") == []
    admin.dispose()


def test_pgoptions_from_the_environment_is_kept(
    postgres: PostgresCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=4321")
    engine = db.open_engine(postgres.new_database())
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SHOW statement_timeout")) == "4321ms"
        assert conn.scalar(sa.text("SHOW TimeZone")) == "UTC"
    engine.dispose()


def test_a_waiting_migration_says_so_and_databases_do_not_wait_on_each_other(
    postgres: PostgresCluster, caplog: pytest.LogCaptureFixture
) -> None:
    busy, other = postgres.new_database(), postgres.new_database()
    holder = sa.create_engine(busy)
    caplog.set_level(logging.INFO, logger="crawler.db")
    with holder.connect() as conn:  # another process migrating ``busy``
        conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": db._PG_LOCK_KEY})
        conn.commit()
        db.open_engine(other).dispose()  # the lock is per database: not held up
        assert "waiting" not in caplog.text
        waiter = threading.Thread(target=lambda: db.open_engine(busy).dispose())
        waiter.start()
        deadline = time.monotonic() + 30
        while "waiting for another process's migration" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "waiting for another process's migration" in caplog.text
        assert waiter.is_alive()
        conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": db._PG_LOCK_KEY})
        conn.commit()
        waiter.join(timeout=60)
    assert not waiter.is_alive()
    with holder.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
    holder.dispose()


def test_a_failed_unlock_does_not_hide_the_migrations_error(
    postgres: PostgresCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the migrating session (a restart, an administrator) and the migration fails:
    its error is reported, not the unlock's on the dead connection. (The failure is injected: no real
    revision fails on demand.)"""
    url = postgres.new_database()
    admin = sa.create_engine(url)

    def upgrade_cut_off(conn: sa.Connection, target: str = "head") -> None:
        pid = conn.scalar(sa.text("SELECT pg_backend_pid()"))
        with admin.connect() as other:
            other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        raise RuntimeError("the migration failed")

    monkeypatch.setattr(db, "upgrade", upgrade_cut_off)
    with pytest.raises(RuntimeError, match="the migration failed"):
        db.open_engine(url)
    monkeypatch.undo()
    db.open_engine(url).dispose()  # the lock ended with its session: the next process migrates
    with admin.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
    admin.dispose()


def test_a_server_that_fails_to_start_leaves_no_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Path] = []
    real_run = PostgresCluster._run

    def run(self: PostgresCluster, *command: str) -> None:
        if command[-1] == "start":  # a setting the server refuses: it exits at once
            made.append(self.root)
            with (self.data / "postgresql.conf").open("a") as conf:
                conf.write("no_such_setting = on\n")
        real_run(self, *command)

    monkeypatch.setattr(PostgresCluster, "_run", run)
    with pytest.raises(RuntimeError, match="failed"):
        PostgresCluster()
    assert made and not made[0].exists()

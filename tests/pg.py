"""A throwaway PostgreSQL server for the tests: Debian's ``postgresql`` binaries (``make test``
installs them through .ci/system-deps), a cluster in a temporary directory, reached only by its
unix socket there. As root the server runs as the ``postgres`` user, as PostgreSQL requires."""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

BIN = Path("/usr/lib/postgresql/15/bin")


class PostgresCluster:
    def __init__(self, password: str | None = None) -> None:
        """A running server; with ``password`` the superuser ``postgres`` must give it (scram-sha-256),
        else every local connection is trusted."""
        if not (BIN / "initdb").exists():
            pytest.fail(f"PostgreSQL binaries missing ({BIN}): run .ci/system-deps (as root)")
        # Not under pytest's tmp_path: its parents are private to root, the server user must enter.
        self.root = Path(tempfile.mkdtemp(prefix="rasad-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.password = password
        self._names = itertools.count(1)
        self._as_server_user: list[str] = []
        try:
            self._start()
        except BaseException:
            with contextlib.suppress(Exception):  # the start's error is the one to report
                self.stop()  # a half-started cluster leaves neither a server nor its directory behind
            raise

    def _start(self) -> None:
        if os.geteuid() == 0:
            server_user = pwd.getpwnam("postgres")
            os.chown(self.root, server_user.pw_uid, server_user.pw_gid)
            self._as_server_user = ["runuser", "-u", "postgres", "--"]
        auth = ["--auth=trust"]
        if self.password is not None:
            password_file = self.root / "password"
            password_file.write_text(self.password + "\n")
            password_file.chmod(0o644)  # read by initdb as the server user; the cluster is throwaway
            auth = ["--auth=scram-sha-256", f"--pwfile={password_file}"]
        self._run(str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", *auth, "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off -c max_connections=60"
        self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
                  "-w", "-t", "60", "start")  # fmt: skip

    def url(self, database: str = "postgres", with_password: bool = True) -> str:
        secret = f":{quote(self.password, safe='')}" if self.password is not None and with_password else ""
        return f"postgresql+psycopg://postgres{secret}@/{database}?host={self.root}&port={self.port}"

    def new_database(self) -> str:
        """The URL of a new, empty database: one per test, so tests start clean."""
        from sqlalchemy import create_engine, text

        name = f"rasad_{next(self._names)}"
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():  # running, or left by a start that failed
                self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, *command: str) -> None:
        result = subprocess.run(
            [*self._as_server_user, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            log = self.root / "server.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed: {result.stderr or result.stdout}\n{detail}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        yield cluster
    finally:
        cluster.stop()


PASSWORD = "s3cret:pw@rasad/1"  # characters a URL must escape, so a leak in either form is caught


@pytest.fixture(scope="session")
def postgres_with_password() -> Iterator[PostgresCluster]:
    """A second server, where ``postgres`` must give :data:`PASSWORD`."""
    cluster = PostgresCluster(password=PASSWORD)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database on each backend the store supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'rasad.sqlite3'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return cluster.new_database()

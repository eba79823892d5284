"""The daemon's start-up check of the database: one line an operator can act on, never the
password of the URL; and libpq's own ways of giving the password (PGPASSWORD, a password file)
work, so it need not be written in the configuration."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from sqlalchemy import make_url

from crawler.config import load_settings
from crawler.startup import run_checks
from crawler.store import Store
from tests.conftest import RunRasad
from tests.pg import PASSWORD, PostgresCluster

LEAKS = (PASSWORD, quote(PASSWORD, safe=""), quote_plus(PASSWORD))


def config(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "rasad.toml"
    path.write_text(
        f'database_url = "{url}"\n[[sources]]\nid = "local"\nfeeds = ["http://127.0.0.1:9/feed/"]\n'
    )
    return path


def with_password(cluster: PostgresCluster, database: str, password: str) -> str:
    url = make_url(cluster.url(database, with_password=False)).set(password=password)
    return url.render_as_string(hide_password=False)


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_check(tmp_path: Path, url: str) -> str:
    settings = load_settings(config(tmp_path, url), tmp_path / "data")
    [check] = [c for c in run_checks(settings, {}) if c.message.startswith("database")]
    assert check.fatal and not check.ok
    assert "\n" not in check.message
    return check.message


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("wrong password", 'password authentication failed for user "postgres"'),
        ("no such database", 'database "no_such_db" does not exist'),
        ("no server", "Connection refused"),
    ],
)
def test_the_database_check_never_shows_the_password(
    tmp_path: Path,
    postgres_with_password: PostgresCluster,
    caplog: pytest.LogCaptureFixture,
    where: str,
    expected: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    url = {
        # The password the operator meant to give, one character off: what a leak would show.
        "wrong password": with_password(postgres_with_password, "postgres", PASSWORD + "x"),
        "no such database": with_password(postgres_with_password, "no_such_db", PASSWORD),
        "no server": f"postgresql://postgres:{quote(PASSWORD, safe='')}@127.0.0.1:{unused_port()}/rasad",
    }[where]
    message = database_check(tmp_path, url)
    assert message.startswith("database does not open: OperationalError: ") and expected in message, message
    for leak in LEAKS:
        assert leak not in message and leak not in caplog.text


def test_rasad_run_refuses_without_showing_the_password(
    tmp_path: Path, postgres_with_password: PostgresCluster, run_rasad: RunRasad
) -> None:
    url = with_password(postgres_with_password, "no_such_db", PASSWORD)
    result = run_rasad(
        "--config", str(config(tmp_path, url)), "--data-dir", str(tmp_path / "data"), "-v", "run"
    )
    assert result.returncode == 1
    assert "FATAL: database does not open" in result.stderr, result.stderr
    for leak in LEAKS:
        assert leak not in result.stdout + result.stderr


def test_the_password_from_pgpassword_or_a_password_file(
    tmp_path: Path, postgres_with_password: PostgresCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the README advises: the URL without a password, libpq finds it in the environment."""
    url = postgres_with_password.url(with_password=False).replace("postgresql+psycopg://", "postgresql://")
    settings = load_settings(config(tmp_path, url), tmp_path / "data")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    assert "password" in database_check(tmp_path, url)

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    Store(settings.effective_database_url).close()

    monkeypatch.delenv("PGPASSWORD")
    password_file = tmp_path / "pgpass"
    escaped = PASSWORD.replace("\\", "\\\\").replace(":", "\\:")
    password_file.write_text(f"*:*:*:postgres:{escaped}\n")
    password_file.chmod(0o600)  # libpq ignores a password file others can read
    monkeypatch.setenv("PGPASSFILE", str(password_file))
    Store(settings.effective_database_url).close()

"""``database_url``: a URL Rasad cannot store in is a configuration error (one line naming file and
key, exit 2, never the password); Heroku-style ``postgres://`` is read as ``postgresql://``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.config import ConfigError, load_settings
from crawler.store import Store
from tests.pg import PostgresCluster

SECRET = "s3cret-pw"


def write(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "rasad.toml"
    path.write_text(f'database_url = "{url}"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "not a database URL; write sqlite:////"),
        (f"mysql://rasad:{SECRET}@db.example.org/rasad", "SQLite or PostgreSQL, not 'mysql'"),
        (f"postgresql+psycopg2://rasad:{SECRET}@db.example.org/rasad", "driver 'psycopg2'"),
        (f"sqlite+pysqlcipher://:{SECRET}@/rasad.db", "not 'sqlite+pysqlcipher'"),
        ("sqlite://", "in-memory SQLite database keeps nothing"),
        ("sqlite:///rasad.sqlite3", "'rasad.sqlite3' is a relative path"),
        ("sqlite:///{tmp}/typo/rasad.sqlite3", "directory {tmp}/typo does not exist"),
        ("sqlite:///{tmp}", "{tmp} is a directory"),
    ],
)
def test_a_bad_database_url_is_one_line_without_the_password(tmp_path: Path, url: str, expected: str) -> None:
    path = write(tmp_path, url.format(tmp=tmp_path))
    with pytest.raises(ConfigError) as caught:
        load_settings(path, tmp_path / "data")
    message = str(caught.value)
    assert message.startswith(f"{path}: database_url: "), message
    assert expected.format(tmp=tmp_path) in message
    assert "\n" not in message and SECRET not in message


def test_the_command_line_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, f"mysql://rasad:{SECRET}@db.example.org/rasad")
    assert main(["--config", str(path), "--data-dir", str(tmp_path / "data"), "incidents"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rasad: {path}: database_url: ") and err.count("\n") == 1 and SECRET not in err


def test_a_sqlite_file_in_the_data_dir_or_an_existing_directory(tmp_path: Path) -> None:
    """The data dir (and what is under it) is made as Rasad starts; any other directory must exist."""
    data = tmp_path / "data"
    inside = load_settings(write(tmp_path, f"sqlite:///{data}/db/rasad.sqlite3"), data)
    assert inside.effective_database_url == f"sqlite:///{data}/db/rasad.sqlite3"
    Store(inside.effective_database_url).close()
    assert (data / "db" / "rasad.sqlite3").exists()
    (tmp_path / "elsewhere").mkdir()
    elsewhere = load_settings(write(tmp_path, f"sqlite:///{tmp_path}/elsewhere/r.sqlite3"), data)
    assert elsewhere.database_url == f"sqlite:///{tmp_path}/elsewhere/r.sqlite3"


def test_home_is_expanded_in_a_sqlite_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = load_settings(write(tmp_path, "sqlite:///~/rasad.sqlite3"), tmp_path / "data")
    assert settings.database_url == f"sqlite:///{tmp_path}/rasad.sqlite3"


def test_heroku_style_postgres_url_opens(tmp_path: Path, postgres: PostgresCluster) -> None:
    """Hosts hand out ``postgres://`` URLs, a spelling SQLAlchemy no longer reads."""
    url = postgres.new_database().replace("postgresql+psycopg://", "postgres://")
    settings = load_settings(write(tmp_path, url), tmp_path / "data")
    assert settings.effective_database_url.startswith("postgresql://postgres@/rasad_")
    store = Store(settings.effective_database_url)
    assert store.engine.dialect.name == "postgresql"
    store.close()


def test_postgresql_without_psycopg_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed: find_spec finds nothing
    with pytest.raises(ConfigError, match=r"database_url: PostgreSQL needs psycopg.*rasad\[postgres\]"):
        load_settings(write(tmp_path, "postgresql://rasad@db.example.org/rasad"), tmp_path / "data")


def test_a_command_on_an_unreachable_database_says_one_line_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a configuration error (the server may come back): exit 1, SQLAlchemy's extra lines and the
    password left out."""
    config = write(tmp_path, f"postgresql://rasad:{SECRET}@127.0.0.1:1/rasad")
    assert main(["--config", str(config), "--data-dir", str(tmp_path / "data"), "incidents"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("rasad: OperationalError:") and err.count("\n") == 1, err
    assert SECRET not in err and "sqlalche.me" not in err

"""The ``database_url`` key: which URLs Rasad can store in, and errors told without the password.

Rasad stores in SQLite (the default, a file in the data dir) or PostgreSQL through psycopg 3. A URL is
checked when the configuration loads, so a typo is a configuration error (DESIGN.md 3.3: one line,
exit 2) rather than a driver's exception at the first crawl. Messages never repeat the URL: it may
hold a password.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError

EXAMPLES = "sqlite:////absolute/path/rasad.sqlite3 or postgresql://user@host/database"


def check_database_url(value: str, data_dir: Path | None) -> str:
    """``value`` as Rasad will open it; ValueError (without the URL) when it cannot be opened.

    ``postgres://`` (Heroku's and many hosts' spelling, which SQLAlchemy dropped) is read as
    ``postgresql://``. A SQLite file must be an absolute path (a relative one would depend on the
    directory Rasad starts in) whose directory exists, or lies in the data dir, which Rasad creates:
    creating directories anywhere else would hide a typo in the path.
    """
    if not value:
        return value  # the default: rasad.sqlite3 in the data dir
    try:
        url = make_url(value)
    except ArgumentError:
        raise ValueError(f"not a database URL; write {EXAMPLES}") from None
    backend, _, driver = url.drivername.partition("+")  # read, not loaded: the dialect may not exist
    if backend == "postgres":
        url = url.set(drivername="postgresql" + (f"+{driver}" if driver else ""))
        backend, value = "postgresql", url.render_as_string(hide_password=False)
    if backend == "postgresql":
        if driver not in ("", "psycopg"):
            raise ValueError(f"driver {driver!r} is not the one Rasad ships: write postgresql:// (psycopg 3)")
        if importlib.util.find_spec("psycopg") is None:
            raise ValueError("PostgreSQL needs psycopg, not installed: pip install 'rasad[postgres]'")
        return value
    if backend != "sqlite" or driver not in ("", "pysqlite"):
        raise ValueError(f"Rasad stores in SQLite or PostgreSQL, not {url.drivername!r}: write {EXAMPLES}")
    return _sqlite_url(url, value, data_dir)


def _sqlite_url(url: URL, value: str, data_dir: Path | None) -> str:
    if not url.database or url.database == ":memory:":
        raise ValueError(
            "an in-memory SQLite database keeps nothing: give a file, sqlite:////path/rasad.sqlite3"
        )
    if url.query.get("uri") == "true" or url.database.startswith("file:"):
        return value  # a SQLite URI filename (file:...?mode=ro): its own rules, taken as given
    path = Path(url.database).expanduser()
    if not path.is_absolute():
        raise ValueError(
            f"{url.database!r} is a relative path, which depends on the directory Rasad starts in: "
            "give an absolute one (four slashes: sqlite:////path/rasad.sqlite3)"
        )
    if path.is_dir():
        raise ValueError(f"{path} is a directory: name the database file in it")
    in_data_dir = data_dir is not None and path.is_relative_to(data_dir)
    if not in_data_dir and not path.parent.is_dir():
        raise ValueError(f"directory {path.parent} does not exist (Rasad creates only the data dir)")
    return url.set(database=str(path)).render_as_string() if str(path) != url.database else value


def redacted_line(error: BaseException, url: str) -> str:
    """The first line of ``error``'s message, with the URL's password (if any) masked."""
    lines = [line for line in str(error).splitlines() if line.strip()]
    line = lines[0].strip() if lines else ""
    for secret in _secrets(url):
        line = line.replace(secret, "***")
    return f"{type(error).__name__}: {line}" if line else type(error).__name__


def _secrets(url: str) -> list[str]:
    try:
        password = make_url(url).password
    except ArgumentError:
        return [url]  # cannot tell the password apart: mask the whole URL
    if not password:
        return []
    from urllib.parse import quote, quote_plus

    return sorted(
        {str(password), quote(str(password), safe=""), quote_plus(str(password))}, key=len, reverse=True
    )

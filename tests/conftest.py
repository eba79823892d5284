"""Shared test helpers: run the real ``rasad`` command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

RunRasad = Callable[..., subprocess.CompletedProcess[str]]
pytest_plugins = ["tests.pg"]  # a throwaway PostgreSQL server: fixtures postgres, database_url


@pytest.fixture
def run_rasad(tmp_path: Path) -> RunRasad:
    """``run_rasad("crawl", env={...})`` runs ``python -m crawler.cli`` as a user would, from tmp_path."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}
        child_env.update(env or {})
        child_env["PYTHONPATH"] = str(REPO)
        return subprocess.run(
            [sys.executable, "-m", "crawler.cli", *args],
            cwd=tmp_path, env=child_env, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip

    return run


# Delivery fakes shared by many modules: a real Redis, the fake Bot API server, real SMTP servers.
from tests.fakes.fixtures import (  # noqa: E402,F401
    alert_stream,
    redis_client,
    smtp_server,
    smtp_tls,
    telegram_api,
    tls_files,
)

"""``pip install .`` (not editable) gives a working ``rasad``: config, gazetteer and replicas ship
as package data. The wheel goes into a fresh virtualenv that borrows the dependencies of this one."""

from __future__ import annotations

import json
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO

pytestmark = pytest.mark.slow


def test_wheel_installs_and_extracts_outside_the_repo(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        check=True, capture_output=True, cwd=tmp_path, timeout=180,
    )  # fmt: skip
    [wheel] = wheels.glob("rasad-*.whl")
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    new_site = Path(
        subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       check=True, capture_output=True, text=True).stdout.strip()
    )  # fmt: skip
    # Dependencies come from this environment's site-packages, as a plain path (no .pth processing,
    # so the editable install of the repository stays out of sight).
    (new_site / "borrowed-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(new_site), str(wheel)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    seed = tmp_path / "seed.txt"
    seed.write_bytes((DATA / "seeds" / "001_db4e8251a661603e.txt").read_bytes())
    result = subprocess.run(
        [str(python), "-m", "crawler.cli", "extract", str(seed), "--published", "2019-05-18"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["incidents"], "the installed package found no incident (gazetteer missing?)"
    places = {i["place"] for i in output["incidents"]}
    assert "البصيرة" in places
    probe = subprocess.run(
        [str(python), "-c", "import crawler, extractors; print(crawler.__file__, extractors.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    )  # fmt: skip
    assert str(REPO) not in probe.stdout  # really the installed copy
    sources = subprocess.run(
        [str(python), "-m", "crawler.cli", "--data-dir", str(tmp_path / "d"), "sources"],
        capture_output=True, text=True, cwd=tmp_path, check=False, env={"HOME": str(tmp_path)},
    )  # fmt: skip
    assert sources.returncode == 0 and "enab-baladi" in sources.stdout
    listed = subprocess.run(  # opens a new store: the schema migrations ship in the wheel
        [str(python), "-m", "crawler.cli", "--data-dir", str(tmp_path / "d"), "incidents", "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, check=False, env={"HOME": str(tmp_path)},
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert (tmp_path / "d" / "rasad.sqlite3").exists()

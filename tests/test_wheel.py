"""A wheel built from the repository carries its data: installed in a fresh virtual environment,
it runs the seeds from an empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_a_built_wheel_runs_the_seeds_from_an_empty_folder(tmp_path: Path) -> None:
    uv = BIN / "uv"
    # sdist, then the wheel from the unpacked sdist: nothing is built inside the work tree
    subprocess.run([str(uv), "build", "--quiet", "-o", str(tmp_path / "dist"), str(REPO)], check=True,
                   capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("newsfacts-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "VIRTUAL_ENV"))}
    subprocess.run([str(uv), "pip", "sync", "--quiet", "--python", str(python), str(REPO / "requirements.lock")],
                   check=True, capture_output=True, env=env, timeout=600)
    subprocess.run([str(uv), "pip", "install", "--quiet", "--no-deps", "--python", str(python), str(wheel)],
                   check=True, capture_output=True, env=env, timeout=300)
    empty = tmp_path / "empty"
    empty.mkdir()
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), DO_NOT_TRACK="1")
    result = subprocess.run([str(venv / "bin" / "newsfacts"), "run", "--db", "w.duckdb"], cwd=empty, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "read 2: loaded 2, duplicates 0, rejected 0" in result.stdout
    assert "checks: all passed" in result.stdout
    assert sorted(p.name for p in empty.iterdir()) == ["w-report", "w.duckdb", "w.duckdb.lock"]
    assert "site-packages/newsfacts" in subprocess.run(
        [str(python), "-c", "import newsfacts.resources as r; print(r.data_dir('sql').resolve())"],
        capture_output=True, text=True, check=True, cwd=empty, env=env).stdout

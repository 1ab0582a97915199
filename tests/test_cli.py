"""The real `forecasts` command, run as a user runs it, against a fresh SQLite file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from app.migrate import alembic_config
from app.services import sample

FORECASTS = Path(sys.executable).parent / "forecasts"


def run(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FORECASTS_DATABASE_URL": f"sqlite:///{database}", "COLUMNS": "120"}
    return subprocess.run(
        [str(FORECASTS), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def database(tmp_path: Path) -> Path:
    if not FORECASTS.exists():
        pytest.skip(f"the console script is not installed at {FORECASTS}")
    return tmp_path / "cli.db"


def test_db_upgrade_then_current(database: Path) -> None:
    before = run(database, "db", "current")
    assert before.returncode == 0, before.stderr
    assert "current: empty" in before.stdout
    upgraded = run(database, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert f"revision {head}" in upgraded.stdout
    after = run(database, "db", "current")
    assert "up to date" in after.stdout


def test_sample_load_is_idempotent(database: Path) -> None:
    first = run(database, "sample", "load")
    assert first.returncode == 0, first.stderr
    assert f"{len(sample.data()['claims'])} claims added" in first.stdout
    second = run(database, "sample", "load")
    assert "already loaded" in second.stdout


def test_help_lists_the_commands(database: Path) -> None:
    shown = run(database, "--help")
    assert shown.returncode == 0
    for command in ("serve", "db", "sample"):
        assert command in shown.stdout

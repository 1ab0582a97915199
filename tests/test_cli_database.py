"""Where the `forecasts` command keeps its data: one database for the server and every command,
named on stderr by each, in the user data folder whatever the current folder; a dry run and the
read-only commands create nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FORECASTS = Path(sys.executable).parent / "forecasts"
SAMPLE = Path(__file__).resolve().parent.parent / "app" / "sample"
ARTICLE = SAMPLE / "caliber-az-2022-11-19-kazakhstan-path.txt"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A user data folder of its own, and no FORECASTS_* setting: the default location."""
    if not FORECASTS.exists():
        pytest.skip(f"the console script is not installed at {FORECASTS}")
    return tmp_path / "data"


def run(home: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORECASTS_")}
    env |= {"XDG_DATA_HOME": str(home), "FORECASTS_RATE_LIMITS": "false"}
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [str(FORECASTS), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def default_database(home: Path) -> Path:
    return home / "forecast-ledger" / "forecasts.db"


def test_a_key_made_in_one_folder_is_listed_in_another(home: Path, tmp_path: Path) -> None:
    made = run(home, tmp_path / "one", "keys", "create", "--name", "desk", "--scope", "write")
    assert made.returncode == 0, made.stderr
    database = default_database(home)
    assert made.stderr.splitlines()[0] == f"database: sqlite:///{database}"
    listed = run(home, tmp_path / "two", "keys", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [key["name"] for key in json.loads(listed.stdout)] == ["desk"]
    assert f"database: sqlite:///{database}" in listed.stderr
    assert not list((tmp_path / "one").iterdir())  # nothing written where it ran
    assert not list((tmp_path / "two").iterdir())


def test_a_dry_run_creates_nothing(home: Path, tmp_path: Path) -> None:
    shown = run(home, tmp_path, "ingest", str(ARTICLE), "--dry-run", "--json")
    assert shown.returncode == 0, shown.stderr
    [document] = json.loads(shown.stdout)
    assert document["dry_run"] is True
    assert document["claims"]
    assert document["drafts"]["count"] == 0
    assert "creating nothing" in shown.stderr
    assert not home.exists()
    assert not list(tmp_path.glob("*.db"))


@pytest.mark.parametrize(
    "args",
    [
        ("keys", "list"),
        ("keys", "revoke", "abc"),
        ("scorecard", "kazbek-beisebayev"),
        ("export", "--format", "csv", "-o", "out.csv"),
        (
            "resolve",
            "--claim",
            "1",
            "--outcome",
            "true",
            "--evidence",
            "https://x.org",
            "--note",
            "n",
        ),
    ],
)
def test_reading_commands_refuse_a_database_that_is_not_there(
    home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    done = run(home, tmp_path, *args)
    assert done.returncode == 1, done.stderr
    assert "There is no database at" in done.stderr
    assert "forecasts db upgrade" in done.stderr
    assert "Traceback" not in done.stderr
    assert not home.exists()
    assert not list(tmp_path.iterdir())


def test_db_current_reports_an_absent_database_as_empty(home: Path, tmp_path: Path) -> None:
    done = run(home, tmp_path, "db", "current", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["current"] is None
    assert "not there yet" in done.stderr
    assert not home.exists()


def test_the_setting_wins_over_the_default(home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(home)}
    env["FORECASTS_DATABASE_URL"] = f"sqlite:///{tmp_path / 'chosen.db'}"
    done = subprocess.run(
        [str(FORECASTS), "db", "upgrade", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["revision"]
    assert (tmp_path / "chosen.db").exists()
    assert not home.exists()
    assert f"database: sqlite:///{tmp_path / 'chosen.db'}" in done.stderr

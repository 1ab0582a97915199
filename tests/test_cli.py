"""The real `forecasts` command, run as a user runs it, against a fresh SQLite file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from app.extraction.report import SAMPLE_DIR
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


def test_the_cli_scorecard_is_the_api_scorecard(database: Path) -> None:
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    assert run(database, "sample", "load").returncode == 0
    shown = run(database, "scorecard", "kazbek-beisebayev", "--json")
    assert shown.returncode == 0, shown.stderr
    api = TestClient(create_app(Settings(database_url=f"sqlite:///{database}", rate_limits=False)))
    assert json.loads(shown.stdout) == api.get("/v1/experts/kazbek-beisebayev/scorecard").json()
    table = run(database, "scorecard", "kazbek-beisebayev").stdout
    assert "0.0049" in table
    assert "forecasts open" in table


def test_resolve_from_the_cli_moves_the_scorecard(database: Path) -> None:
    assert run(database, "sample", "load").returncode == 0
    before = json.loads(run(database, "scorecard", "gaziz-abishev", "--json").stdout)
    resolved = run(
        database,
        "resolve",
        "--claim",
        "25",
        "--outcome",
        "true",
        "--evidence",
        "https://example.org/border",
        "--note",
        "Still neighbours.",
    )
    assert resolved.returncode == 0, resolved.stderr
    after = json.loads(run(database, "scorecard", "gaziz-abishev", "--json").stdout)
    assert (before["counts"]["scored"], after["counts"]["scored"]) == (0, 1)
    both = run(
        database, "resolve", "--outcome", "true", "--evidence", "https://x.org", "--note", "n"
    )
    assert both.returncode == 2


def test_eval_extraction_refuses_what_it_cannot_evaluate(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "a.json").write_text("{not json", "utf-8")
    lost = tmp_path / "lost"
    lost.mkdir()
    (lost / "b.json").write_text('{"source": {"text_file": "b.txt"}, "claims": []}', "utf-8")
    cases = [
        ([str(empty)], "no annotated articles"),  # not a perfect score over nothing
        ([str(broken)], f"{broken / 'a.json'}:"),
        ([str(lost)], "No such file"),
        ([str(SAMPLE_DIR), "--detail", "no-such-stem"], "no annotated no-such-stem"),
    ]
    for args, message in cases:
        shown = run(tmp_path / "unused.db", "eval-extraction", *args)
        assert shown.returncode == 2, args
        assert message in shown.stderr, args
        assert "Traceback" not in shown.stderr
        assert shown.stdout == ""


@pytest.mark.parametrize(
    "url",
    ["sqlite:////no/such/folder/forecasts.db", "nosuchengine://somewhere/db", "sqlite:::"],
)
def test_a_database_it_cannot_use_is_one_line_not_a_traceback(tmp_path: Path, url: str) -> None:
    if not FORECASTS.exists():
        pytest.skip(f"the console script is not installed at {FORECASTS}")
    env = {**os.environ, "FORECASTS_DATABASE_URL": url}
    done = subprocess.run(
        [str(FORECASTS), "keys", "list"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    said = done.stderr.strip().splitlines()
    assert said[0].startswith("database: "), done.stderr  # which one, then why not
    assert said[-1].startswith(("cannot use the database", "There is no database")), said
    assert len(said) <= 3, said
    assert "Traceback" not in done.stderr
    assert done.stdout == ""

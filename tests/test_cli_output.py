"""The `forecasts` command's output for people and for scripts: help in plain value names,
tables within 80 columns whether or not a terminal is attached, `--json` on every command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from app import cli

FORECASTS = Path(sys.executable).parent / "forecasts"
ARTICLE = Path(__file__).resolve().parent.parent / "app" / "sample"
ARTICLE /= "caliber-az-2022-11-19-kazakhstan-path.txt"
# Python's names for types, and Typer's braces around a required argument.
SEAMS = ("<str>", "<int>", "<bool>", "<float>", "<path>", "list[", "{paths}", "<Path>", "{slug}...")


def _commands() -> list[list[str]]:
    group = typer.main.get_group(cli.app)
    found: list[list[str]] = []
    for name, command in group.commands.items():
        inner = getattr(command, "commands", None)
        found += [[name, sub] for sub in inner] if inner else [[name]]
    return found


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    if not FORECASTS.exists():
        pytest.skip(f"the console script is not installed at {FORECASTS}")
    clean = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    clean["FORECASTS_DATABASE_URL"] = f"sqlite:///{tmp_path / 'out.db'}"
    return clean


def test_help_names_values_as_a_user_reads_them() -> None:
    # In process, as the help is the same text whichever way the command starts (and a real
    # process per command costs seconds each); the console script's own help is tested below.
    runner = CliRunner()
    for command in _commands():
        shown = runner.invoke(cli.app, [*command, "--help"], env={"COLUMNS": "80"}).output
        for seam in SEAMS:
            assert seam not in shown, (command, seam, shown)
        usage = next(line for line in shown.splitlines() if "Usage:" in line)
        assert "{" not in usage, usage
        assert max(len(line) for line in shown.splitlines()) <= 80, command
        if command != ["serve"]:
            assert "--json" in shown, command


def test_the_console_script_shows_the_same_plain_help(env: dict[str, str]) -> None:
    done = subprocess.run(
        [str(FORECASTS), "ingest", "--help"], env=env, capture_output=True, text=True, check=False
    )
    assert "Usage: forecasts ingest [OPTIONS] PATH..." in done.stdout
    assert "<list[Path]>" not in done.stdout


def test_ingest_fits_80_columns_in_a_pipe_and_says_what_to_do_next(env: dict[str, str]) -> None:
    done = subprocess.run(
        [str(FORECASTS), "ingest", str(ARTICLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    commands = [line for line in lines if line.startswith("  curl ")]  # whole, to copy
    assert len(commands) == 2
    assert all(len(line) <= 80 for line in lines if line not in commands)
    quotes = [line for line in lines if "“" in line]
    assert quotes, done.stdout
    assert min(len(line) for line in quotes) > 40  # the quote has room, not 12 columns
    assert "hidden from anonymous reads" in done.stdout
    assert "review=draft" in commands[0]
    assert '{"review": "verified"}' in commands[1]
    assert "━" not in done.stderr  # no progress bar into a pipe
    assert done.stderr.splitlines() == [f"database: {env['FORECASTS_DATABASE_URL']}"]


def test_every_command_scripts_read_prints_json(env: dict[str, str], tmp_path: Path) -> None:
    def run(*args: str) -> object:
        done = subprocess.run(
            [str(FORECASTS), *args], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (args, done.stderr)
        return json.loads(done.stdout)

    assert run("sample", "load", "--json") == {"claims_added": 26}
    assert run("db", "current", "--json")["current"]  # type: ignore[index]
    made = run("keys", "create", "--name", "bot", "--scope", "write", "--json")
    assert isinstance(made, dict)
    assert made["key"].startswith("fl_")
    assert run("keys", "revoke", made["prefix"], "--json")["revoked_at"]  # type: ignore[index]
    out = tmp_path / "all.ndjson"
    assert run("export", "--format", "ndjson", "-o", str(out), "--json") == {
        "claims": 26,
        "file": str(out),
    }
    imported = run("import", str(out), "--json")
    assert imported["claims"] == {"created": 0, "skipped": 26}  # type: ignore[index]

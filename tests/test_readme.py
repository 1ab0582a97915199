"""The README cannot fall behind: its commands, tables and curl examples are checked here."""

import csv
import io
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import httpx
import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar

from app import cli, confidence
from app.filters import filter_names
from app.schemas.claims import ClaimQuery

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
CI_RUN = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text("utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    run, test = _blocks("sh")[0].strip().splitlines()
    assert run.endswith("forecasts serve")
    assert test in CI_RUN.splitlines()
    assert README.index("```sh") < README.index("## ")


def test_filter_reference_names_every_claims_parameter() -> None:
    table = README.split("### Claim filters", 1)[1].split("\n## ", 1)[0]
    documented = set(
        re.findall(r"`([a-z_]+)`", "\n".join(re.findall(r"^\| (.*?) \|", table, re.M)))
    )
    expected = set(filter_names(ClaimQuery)) | {
        "sort",
        "fields",
        "include",
        "limit",
        "cursor",
        "count",
    }
    assert documented == expected


def test_command_line_table_names_every_command() -> None:
    table = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `forecasts ([a-z-]+)", table, re.M))
    assert documented == set(typer.main.get_group(cli.app).commands)


def test_confidence_table_matches_the_code() -> None:
    for band in confidence.BANDS:
        row = f"| `{band.name}` | {band.low:.2f} | {band.point:.3g} | {band.high:.2f} |"
        assert row in README, band.name


@pytest.fixture
def local(app: FastAPI, client: TestClient) -> TestClient:
    """The test client, answering as the README's server at 127.0.0.1:8000."""
    return TestClient(app, base_url="http://127.0.0.1:8000")


# `$ curl -s '127.0.0.1:8000PATH' [| grep -v 'TEXT']` and what it prints, up to the fence.
CURL = re.compile(
    r"\$ curl -s '?127\.0\.0\.1:8000([^'\n ]*)'?(?: \| grep -v '([^'\n]*)')?"
    r"(?: \| python3 -m json\.tool)?\n(.*?)```",
    re.DOTALL,
)


def test_curl_examples_show_what_the_service_answers(local: TestClient) -> None:
    examples = CURL.findall(README)
    assert len(examples) >= 8
    postgres = local.app.state.engine.dialect.name == "postgresql"  # type: ignore[attr-defined]
    for path, without, shown in examples:
        if urlsplit(path).path.endswith(tuple(EXPORTS)):
            _check_export(local, path, without, shown)
            continue
        answer, expected = local.get(path).json(), json.loads(shown)
        if postgres and "snippet" in shown:
            # Each engine cuts passages with its own highlighter (FTS5's snippet, PostgreSQL's
            # ts_headline); the README shows SQLite's. Everything else must match exactly.
            answer, expected = _without_snippets(answer), _without_snippets(expected)
        assert answer == expected, path


def _without_snippets(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_snippets(v) for k, v in value.items() if k != "snippet"}
    if isinstance(value, list):
        return [_without_snippets(v) for v in value]
    return value


# Times a row was recorded differ from one load of the sample to the next; all else must match.
_TIMES = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)|\d{8}T\d{6}Z")


def _text(content: str) -> list[str]:
    return _TIMES.sub("<time>", content.replace("\r\n", "\n")).strip().splitlines()


def _csv(content: str) -> Any:
    return list(csv.reader(io.StringIO("\n".join(_text(content)))))


def _ndjson(content: str) -> Any:
    return [json.loads(line) for line in _text(content)]


def _jsonld(content: str) -> Any:
    return json.loads("\n".join(_text(content)))


def _atom(content: str) -> Any:
    assert not feedparser.parse(content).bozo
    return _text(content)


def _ics(content: str) -> Any:
    assert Calendar.from_ical(content).walk("VEVENT")
    return _text(content)


# Each export format read with its own parser, recording times left aside.
EXPORTS = {".csv": _csv, ".ndjson": _ndjson, ".jsonld": _jsonld, ".atom": _atom, ".ics": _ics}


def _check_export(client: TestClient, path: str, without: str, shown: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    live = response.content.decode("utf-8-sig")
    if without:
        live = "".join(line for line in live.splitlines(keepends=True) if without not in line)
    read = EXPORTS["." + urlsplit(path).path.rsplit(".", 1)[1]]
    assert read(live) == read(shown), path


# The README followed word by word: every `$` command of its `console` blocks, in order, in one
# shell (so `KEY=$(…)` carries on), against a real `forecasts serve` on the database a fresh
# machine gets (the user data folder), with what each prints compared with what the README shows.

FORECASTS = Path(sys.executable).parent / "forecasts"
ROOT = Path(__file__).resolve().parent.parent
MARK = "::readme-step::"
_MASKS = [
    (re.compile(r"(database: ).*"), r"\1<database>"),
    (re.compile(r"fl_[0-9a-f]{12}_[\w-]+"), "<key>"),
    (re.compile(r"\b(key|revoked) [0-9a-f]{12}\b"), r"\1 <prefix>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<uuid>"),
    (re.compile(r'"\d+-[0-9a-f]{16}"'), '"<etag>"'),
    # The signature half of a cursor: each installation signs with its own key.
    (re.compile(r"(cursor=[\w-]+)\.[\w-]+"), r"\1.<signature>"),
    (_TIMES, "<time>"),
]


@dataclass(frozen=True)
class Step:
    command: str
    shown: str


def readme_steps() -> list[Step]:
    """Each `$ command` (continued over `\\` and open quotes) and the lines shown after it."""
    steps: list[Step] = []
    for block in _blocks("console"):
        lines = block.splitlines()
        index = 0
        while index < len(lines):
            command = lines[index].removeprefix("$ ")
            index += 1
            while _open(command) and index < len(lines):
                command += "\n" + lines[index]
                index += 1
            shown: list[str] = []
            while index < len(lines) and not lines[index].startswith("$ "):
                shown.append(lines[index])
                index += 1
            steps.append(Step(command, "\n".join(shown)))
    return steps


def _open(command: str) -> bool:
    if command.endswith("\\"):
        return True
    try:
        shlex.split(command, comments=True)
    except ValueError:
        return True  # a quote still open: the command goes on
    return False


def _masked(text: str) -> str:
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def _differs(shown: str, printed: str) -> str | None:
    """Why `printed` is not what the README shows, as far as it can be compared; else None."""
    if not shown.strip():
        return None
    if "database: " not in shown:
        lines = printed.splitlines()
        printed = "\n".join(line for line in lines if not line.startswith("database: "))
    try:
        if _masked_json(json.loads(shown)) == _masked_json(json.loads(printed)):
            return None
        return f"JSON differs:\n{printed}"
    except ValueError:
        pass
    want, got = _masked(shown).splitlines(), _masked(printed.replace("\r", "")).splitlines()
    if want[0].strip() == "…":  # only the end is shown
        want, got = want[1:], got[len(got) - len(want) + 1 :]
    for index, line in enumerate(want):
        if line.strip() == "…":
            return None  # the rest is left out on purpose
        if index >= len(got) or got[index].rstrip() != line.rstrip():
            return f"line {index + 1}: shown {line!r}, printed:\n{printed}"
    return None if len(got) == len(want) else f"printed more:\n{printed}"


def _masked_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _masked_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked_json(v) for v in value]
    return _masked(value) if isinstance(value, str) else value


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_the_readme_runs_as_written(tmp_path: Path) -> None:
    if not FORECASTS.exists():
        pytest.skip(f"the console script is not installed at {FORECASTS}")
    if shutil.which("curl") is None:
        pytest.skip("the README's tour needs curl")
    clone = tmp_path / "clone"  # the commands' paths, and nothing written into the repository
    clone.mkdir()
    for name in ("app", "tests"):
        (clone / name).symlink_to(ROOT / name)
    (clone / ".venv").symlink_to(FORECASTS.parent.parent)  # what the first command made
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORECASTS_")}
    env |= {"XDG_DATA_HOME": str(tmp_path / "data"), "PATH": f"{FORECASTS.parent}:{env['PATH']}"}
    env.pop("COLUMNS", None)
    port = _free_port()
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [str(FORECASTS), "serve", "--port", str(port)], cwd=clone, env=env, stdout=log, stderr=log
    )
    try:
        _wait_until_live(server, port, tmp_path / "server.log")
        steps = readme_steps()
        script = "exec 2>&1\n" + "".join(
            f"echo '{MARK}'\nSECONDS=0\n"
            f"{_on_port(step.command, port)}\n"
            f'echo "{MARK}took $SECONDS s" >> {tmp_path / "times.log"}\n'
            for step in steps
        )
        done = subprocess.run(
            ["bash", "-c", script], cwd=clone, env=env, capture_output=True, text=True, timeout=1500
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    shown = done.stdout.replace(f"127.0.0.1:{port}", "127.0.0.1:8000")
    printed = shown.replace(f"127.0.0.1%3A{port}", "127.0.0.1%3A8000").split(MARK + "\n")[1:]
    assert len(printed) == len(steps), done.stdout[-2000:]
    wrong = [
        f"$ {step.command}\n{why}"
        for step, out in zip(steps, printed, strict=True)
        if (why := _differs(step.shown, out.rstrip("\n")))
    ]
    assert not wrong, "\n\n".join(wrong)


def _wait_until_live(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"`forecasts serve` exited:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/livez", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"`forecasts serve` did not answer:\n{log.read_text()}")


def _on_port(command: str, port: int) -> str:
    """The README's command against the test's server: its address as written and URL-encoded
    (the oEmbed call passes an embed page's URL as a parameter)."""
    return command.replace("127.0.0.1:8000", f"127.0.0.1:{port}").replace(
        "127.0.0.1%3A8000", f"127.0.0.1%3A{port}"
    )

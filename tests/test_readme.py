"""The README cannot fall behind: its commands, tables and curl examples are checked here."""

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
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
    r"\$ curl -s '?127\.0\.0\.1:8000([^'\n ]*)'?(?: \| grep -v '([^'\n]*)')?\n(.*?)```", re.DOTALL
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

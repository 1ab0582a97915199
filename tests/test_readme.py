"""The README cannot fall behind: its commands, tables and curl examples are checked here."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import confidence
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


def test_confidence_table_matches_the_code() -> None:
    for band in confidence.BANDS:
        row = f"| `{band.name}` | {band.low:.2f} | {band.point:.3g} | {band.high:.2f} |"
        assert row in README, band.name


@pytest.fixture
def local(app: FastAPI, client: TestClient) -> TestClient:
    """The test client, answering as the README's server at 127.0.0.1:8000."""
    return TestClient(app, base_url="http://127.0.0.1:8000")


def test_curl_examples_show_what_the_service_answers(local: TestClient) -> None:
    examples = re.findall(r"\$ curl -s '?127\.0\.0\.1:8000([^'\n]*)'?\n(.*?)```", README, re.DOTALL)
    assert len(examples) >= 3
    postgres = local.app.state.engine.dialect.name == "postgresql"  # type: ignore[attr-defined]
    for path, shown in examples:
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

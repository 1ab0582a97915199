"""The real CLI: export the sample as NDJSON, import it into an empty database, export again, and
get the same bytes — on each engine and from one engine to the other."""

import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db import make_engine, make_sessionmaker, transaction
from app.models import Claim, Source
from tests.conftest import postgres_database, postgres_server
from tests.e2e.conftest import FORECASTS, forecasts
from tests.factories import make_claim


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """A factory of empty databases of either engine, dropped afterwards."""
    if not FORECASTS.exists():
        pytest.skip(f"the console script is not installed at {FORECASTS}")
    made: list[Iterator[str]] = []
    numbers = itertools.count(1)

    def make(engine: str) -> str:
        if engine == "sqlite":
            return f"sqlite:///{tmp_path / f'db{next(numbers)}.db'}"
        databases = postgres_database(postgres_server())
        made.append(databases)
        return next(databases)

    yield make
    for databases in made:
        next(databases, None)  # drops it


def _ok(database_url: str, *args: str) -> str:
    result = forecasts(database_url, *args)
    assert result.returncode == 0, result.stderr
    return said(result.stderr)


def said(stderr: str) -> str:
    """What the CLI wrote, with Rich's line wrapping undone."""
    return " ".join(stderr.split())


def _sample_exported(new_database: Callable[[str], str], tmp_path: Path) -> tuple[str, list[bytes]]:
    """A new SQLite database to import into, and the sample exported whole as NDJSON lines."""
    source_url, target_url = new_database("sqlite"), new_database("sqlite")
    _ok(source_url, "sample", "load")
    whole = tmp_path / "whole.ndjson"
    _ok(source_url, "export", "--format", "ndjson", "-o", str(whole))
    return target_url, whole.read_bytes().splitlines(keepends=True)


def _count(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            return session.scalar(select(func.count(Claim.id))) or 0
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("origin", "target"),
    [("sqlite", "sqlite"), ("postgresql", "postgresql"), ("sqlite", "postgresql")],
)
def test_export_import_export_gives_the_same_bytes(
    new_database: Callable[[str], str], tmp_path: Path, origin: str, target: str
) -> None:
    make = new_database
    source_url, target_url = make(origin), make(target)
    _ok(source_url, "sample", "load")
    first, second = tmp_path / "first.ndjson", tmp_path / "second.ndjson"
    _ok(source_url, "export", "--format", "ndjson", "-o", str(first))

    imported = _ok(target_url, "import", str(first))
    assert "claims: 26 created, 0 already here" in imported
    _ok(target_url, "export", "--format", "ndjson", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()

    again = _ok(target_url, "import", str(first))
    assert "claims: 0 created, 26 already here" in again
    for form in ("csv", "jsonld"):
        a, b = tmp_path / f"a.{form}", tmp_path / f"b.{form}"
        _ok(source_url, "export", "--format", form, "-o", str(a))
        _ok(target_url, "export", "--format", form, "-o", str(b))
        assert a.read_bytes() == b.read_bytes(), form

    # Ids were given explicitly; new rows still get fresh ones (PostgreSQL's sequences moved on).
    engine = make_engine(target_url)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            made = make_claim(session)
            assert made.id > 26
            assert session.get(Source, made.source_id) is not None
    finally:
        engine.dispose()


def test_a_cut_file_is_refused_and_nothing_is_imported(
    new_database: Callable[[str], str], tmp_path: Path
) -> None:
    target_url, lines = _sample_exported(new_database, tmp_path)

    cut = tmp_path / "cut.ndjson"
    cut.write_bytes(b"".join(lines[:-5]))
    refused = forecasts(target_url, "import", str(cut))
    assert refused.returncode == 1
    assert "cut short" in said(refused.stderr)

    # A trailer that does not match what came before it: refused after reading, rolled back.
    spliced = tmp_path / "spliced.ndjson"
    spliced.write_bytes(b"".join(lines[:-8] + lines[-1:]))
    refused = forecasts(target_url, "import", str(spliced))
    assert refused.returncode == 1
    assert "not a complete export" in said(refused.stderr)
    assert _count(target_url) == 0


def test_export_takes_the_filters_and_refuses_bad_ones(
    new_database: Callable[[str], str], tmp_path: Path
) -> None:
    make = new_database
    url = make("sqlite")
    _ok(url, "sample", "load")
    out = tmp_path / "russia.csv"
    told = _ok(
        url, "export", "--format", "csv", "--topic", "russia", "--kind", "forecast", "-o", str(out)
    )
    rows = out.read_text("utf-8").splitlines()
    assert f"{len(rows) - 1} claims written" in told
    assert len(rows) > 1
    bad = forecasts(url, "export", "--format", "csv", "--min-probability", "2", "-o", str(out))
    assert bad.returncode == 2
    assert "--min-probability" in bad.stderr
    listed = forecasts(url, "export", "--format", "csv", "--kind", "prophecy", "-o", str(out))
    assert listed.returncode == 2
    assert said(listed.stderr).startswith("--kind: Input should be")  # the option, not `kind.0`


def test_importing_in_two_parts_keeps_each_resolution_linked_to_its_proposition(
    new_database: Callable[[str], str], tmp_path: Path
) -> None:
    make = new_database
    source_url, target_url = make("sqlite"), make("sqlite")
    _ok(source_url, "sample", "load")
    part, whole = tmp_path / "part.ndjson", tmp_path / "whole.ndjson"
    # One claim resolved through tokayev-wins-2022; the proposition comes along with it.
    _ok(source_url, "export", "--format", "ndjson", "--expert", "kazbek-beisebayev",
        "--proposition", "tokayev-wins-2022", "-o", str(part))  # fmt: skip
    _ok(source_url, "export", "--format", "ndjson", "-o", str(whole))
    _ok(target_url, "import", str(part))
    assert "propositions: 1 created, 1 already here" in _ok(target_url, "import", str(whole))
    again = tmp_path / "again.ndjson"
    _ok(target_url, "export", "--format", "ndjson", "-o", str(again))
    assert again.read_bytes() == whole.read_bytes()


def _edited(lines: list[bytes], number: int, **changes: Any) -> bytes:
    record = json.loads(lines[number - 1])
    for key, value in changes.items():
        record[key] = value
    edited = [*lines]
    edited[number - 1] = json.dumps(record).encode() + b"\n"
    return b"".join(edited)


def test_a_hand_edited_file_is_refused_naming_what_is_wrong(
    new_database: Callable[[str], str], tmp_path: Path
) -> None:
    target_url, lines = _sample_exported(new_database, tmp_path)
    number = next(n for n, line in enumerate(lines, 1) if b'"type":"claim"' in line) + 3
    claim = json.loads(lines[number - 1])
    source = next(n for n, line in enumerate(lines, 1) if b'"type":"source"' in line)
    cases = [
        # Checked when the batch of claims is inserted: still the claim's own line.
        (_edited(lines, number, kind="prophecy"), f"Line {number} is not a valid record"),
        (_edited(lines, number, statement=None), f"Line {number} conflicts"),
        (_edited(lines, number, quote=claim["quote"] + "!"), f"Claim {claim['id']}: its quote"),
        (_edited(lines, source, text="Another text."), "does not match its content_sha256"),
    ]
    edited = tmp_path / "edited.ndjson"
    for content, message in cases:
        edited.write_bytes(content)
        refused = forecasts(target_url, "import", str(edited))
        assert refused.returncode == 1, message
        assert message in said(refused.stderr)
    assert _count(target_url) == 0


def test_export_to_a_path_it_cannot_write_is_a_clear_error(
    new_database: Callable[[str], str], tmp_path: Path
) -> None:
    url = new_database("sqlite")
    for path in (tmp_path / "no" / "such" / "folder.csv", tmp_path):
        refused = forecasts(url, "export", "--format", "csv", "-o", str(path))
        assert refused.returncode == 2
        assert f"{path}: cannot write" in said(refused.stderr)
        assert "Traceback" not in refused.stderr

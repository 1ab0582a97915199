"""`forecasts ingest`, run as a user runs it, on the seed article into an empty database."""

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import app.sample
from app.db import make_engine
from app.extraction import expert_key
from app.models import Claim, Source
from app.schemas.ingest import IngestRead
from app.services import sample
from tests.conftest import postgres_database, postgres_server
from tests.e2e.conftest import forecasts

SAMPLE = Path(app.sample.__file__).parent
SEED = SAMPLE / sample.data()["source"]["text_file"]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database with nothing in it, not even the schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    yield from postgres_database(postgres_server())


def _spellings(expert: dict[str, Any]) -> set[str]:
    return {expert_key(s) for s in (expert["name"], *expert.get("aliases", []))}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _comparison(article: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Each hand-curated forecast of the sample, found or missed among the drafts."""
    experts = {e["slug"]: _spellings(e) for e in article["experts"]}
    curated = {e["slug"]: _spellings(e) for e in sample.data()["experts"]}
    found: list[str] = []
    missed: list[str] = []
    for forecast in (c for c in sample.data()["claims"] if c["kind"] == "forecast"):
        span = (forecast["span"][0], forecast["span"][1])
        match = any(
            _overlaps(span, (c["span"]["start"], c["span"]["end"]))
            and experts[c["expert"]] & curated[forecast["expert"]]
            for c in article["claims"]
        )
        line = f"{forecast['expert']:>20}  {span}  {forecast['quote'][:60]}"
        (found if match else missed).append(line)
    return found, missed


def test_ingesting_the_seed_reproduces_every_curated_forecast(empty_database: str) -> None:
    run = forecasts(empty_database, "ingest", str(SEED), "--format", "json")
    assert run.returncode == 0, run.stderr
    articles = json.loads(run.stdout)  # stdout holds the JSON document and nothing else
    assert len(articles) == 1
    article = articles[0]
    IngestRead.model_validate(article)
    assert article["path"] == str(SEED)
    assert set(article) == {"path", *IngestRead.model_fields}
    metadata = sample.data()["source"]
    for key in ("title", "url", "publisher", "published_on", "language"):
        assert article["source"][key] == metadata[key], key  # from kazakhstan-path.json
    found, missed = _comparison(article)
    print("\nsample forecasts found:", *found, "missed:", *missed, sep="\n  ")
    assert not missed, f"{len(missed)} of {len(found) + len(missed)} forecasts missed"

    engine = make_engine(empty_database)
    try:
        with engine.connect() as connection:
            text = connection.scalar(select(Source.text))
            rows = connection.execute(
                select(Claim.id, Claim.review, Claim.span_start, Claim.span_end, Claim.quote)
            ).all()
    finally:
        engine.dispose()
    assert text == metadata["text"]
    assert sorted(r.id for r in rows) == sorted(c["id"] for c in article["claims"])
    assert {r.review for r in rows} == {"draft"}
    assert all(text[r.span_start : r.span_end] == r.quote for r in rows)

    again = forecasts(empty_database, "ingest", str(SEED))
    assert again.returncode == 0, again.stderr
    assert "already ingested" in again.stdout
    assert "0 draft claim(s)" in again.stdout


def test_a_dry_run_prints_the_drafts_as_json_and_saves_nothing(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'dry.db'}"
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "tariffs.txt").write_text(
        "Astana's energy plans\n\nEconomist Aigerim Sarsenova said electricity tariffs will"
        " almost certainly rise next year.\n",
        "utf-8",
    )
    (folder / "notes.md").write_text("not an article", "utf-8")
    run = forecasts(
        database, "ingest", str(folder), "--dry-run", "--format", "json", "--date", "2024-03-01"
    )
    assert run.returncode == 0, run.stderr
    [article] = json.loads(run.stdout)
    assert article["dry_run"] is True
    assert article["source"]["title"] == "Astana's energy plans"  # the first line
    assert article["source"]["published_on"] == "2024-03-01"
    claim = article["claims"][0]
    assert set(claim) >= {"expert", "kind", "statement", "quote", "span", "horizon", "topics"}
    assert set(claim["confidence"]) >= {"phrase", "band"}
    shown = forecasts(database, "ingest", str(folder), "--dry-run")
    assert "Sarsenova" in shown.stdout
    assert "nothing saved" in shown.stdout
    assert not (tmp_path / "dry.db").exists()  # a dry run creates nothing, not even the file


def test_author_makes_an_op_eds_writer_its_speaker(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'op-ed.db'}"
    article = tmp_path / "op-ed.txt"
    article.write_text("Tariffs\n\nElectricity tariffs will almost certainly rise next year.\n")
    unsigned = forecasts(database, "ingest", str(article), "--dry-run", "--format", "json")
    assert unsigned.returncode == 0, unsigned.stderr
    assert json.loads(unsigned.stdout)[0]["claims"] == []
    signed = forecasts(
        database, "ingest", str(article), "--dry-run", "--format", "json",
        "--author", "Aigerim Sarsenova, economist",
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    [document] = json.loads(signed.stdout)
    assert [claim["expert"] for claim in document["claims"]] == ["aigerim-sarsenova"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "no such file"),
        (["--date", "2024-13-01", "{seed}"], "published_on"),
        (["--url", "https://example.org/a", "{folder}"], "single file"),
        (["{folder}/a.txt", "--format", "xml"], "xml"),
    ],
)
def test_bad_input_exits_2_before_touching_the_database(
    tmp_path: Path, args: list[str], message: str
) -> None:
    database = tmp_path / "bad.db"
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(f"Article {name}.", "utf-8")
    filled = [a.format(seed=SEED, folder=folder) for a in args]
    run = forecasts(f"sqlite:///{database}", "ingest", *filled)
    assert run.returncode == 2
    assert message in run.stderr
    assert not database.exists()


def test_an_article_the_rules_cannot_read_is_one_line_of_error_and_saves_nothing(
    tmp_path: Path,
) -> None:
    database = f"sqlite:///{tmp_path / 'unread.db'}"
    article = tmp_path / "haber.txt"
    article.write_text(
        "Türkiye ile ilişkiler gelecek yıl muhtemelen güçlenecek, dedi analist Ahmet Yılmaz.\n",
        "utf-8",
    )
    run = forecasts(database, "ingest", str(article))
    assert run.returncode != 0
    assert f"{article}: " in run.stderr
    assert "language is tr" in " ".join(run.stderr.split())
    assert "Traceback" not in run.stderr
    path = tmp_path / "unread.db"
    if path.exists():  # made before the article was read: then it holds no source
        with sqlite3.connect(path) as connection:
            assert connection.execute("SELECT count(*) FROM sources").fetchone() == (0,)


def test_a_file_that_cannot_be_read_exits_2_without_a_traceback(tmp_path: Path) -> None:
    memory = Path("/proc/self/mem")  # a file whose read fails with EIO, even for root
    if not memory.exists():
        pytest.skip("needs Linux's /proc")
    unreadable = tmp_path / "unreadable.txt"
    unreadable.symlink_to(memory)
    database = tmp_path / "unread.db"
    run = forecasts(f"sqlite:///{database}", "ingest", str(unreadable))
    assert run.returncode == 2
    assert f"{unreadable}: cannot be read" in " ".join(run.stderr.split())
    assert "Traceback" not in run.stderr
    assert not database.exists()

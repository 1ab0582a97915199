"""`forecasts eval-extraction`: the figures, as tables and as JSON."""

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import app
from app.extraction import evaluate

SAMPLE = Path(__file__).resolve().parents[2] / "app" / "sample"
runner = CliRunner()


def test_eval_extraction_prints_the_figures_as_json() -> None:
    result = runner.invoke(app, ["eval-extraction", str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    seed = report["articles"][0]
    assert seed["stem"] == "kazakhstan-path"
    assert seed["claims_annotated"] == 26
    assert report["totals"]["all"]["experts_recall"] == 1.0
    assert report["totals"]["en"]["pairs_recall"] >= 0.85


def test_eval_extraction_prints_tables_with_the_seed_comparison() -> None:
    result = runner.invoke(app, ["eval-extraction", str(SAMPLE)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Extraction quality" in result.output
    assert "Claims of kazakhstan-path" in result.output
    assert "found" in result.output


def test_eval_extraction_refuses_a_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval-extraction", str(tmp_path / "absent")])
    assert result.exit_code == 2


_REAL_TEXT = (
    "Experts weigh the vote\n"
    'Political analyst Dana Serikova of the Almaty Policy Lab said: "The ruling party will '
    'probably win the election by a wide margin."\n'
    '"Turnout will be low," Serikova added. "The opposition is weak and divided."\n'
)


def _real_annotation(split_dir: Path) -> None:
    split_dir.mkdir(parents=True)
    claim = {
        "expert": "dana-serikova", "kind": "forecast", "statement": "The party will win.",
        "hedge": "probably", "negated": False, "horizon": None, "topics": ["elections"],
    }  # fmt: skip
    doc = {
        "source": {
            "title": "Experts weigh the vote", "publisher": "Test", "url": "https://t.example/1",
            "published_on": "2025-01-10", "language": "en", "text_file": "en-t-vote.txt",
        },
        "experts": [
            {"slug": "dana-serikova", "name": "Dana Serikova", "kind": "person",
             "role": "political analyst", "country": "KZ", "aliases": ["Serikova"]},
        ],
        "claims": [
            {**claim, "anchor": {"start": "The ruling party", "end": "a wide margin"},
             "required": True},
            {**claim, "anchor": {"start": "Turnout will", "end": "be low"}, "required": False},
            {**claim, "kind": "assessment", "hedge": None, "required": True,
             "anchor": {"start": "The opposition is weak", "end": "and divided"}},
        ],
    }  # fmt: skip
    (split_dir / "en-t-vote.json").write_text(json.dumps(doc), encoding="utf-8")


def test_eval_extraction_reads_anchored_annotations_with_texts_elsewhere(tmp_path: Path) -> None:
    _real_annotation(tmp_path / "dev")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "en-t-vote.txt").write_text(_REAL_TEXT, encoding="utf-8")
    result = runner.invoke(
        app,
        ["eval-extraction", str(tmp_path / "dev"), str(SAMPLE), "--texts", str(texts), "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    article = next(a for a in report["articles"] if a["stem"] == "en-t-vote")
    assert article["split"] == "dev"
    assert article["claims_annotated"] == 2  # the optional claim is not counted
    assert article["pairs_recall"] == 1.0
    assert article["pairs_precision"] == 1.0  # finding the optional claim is no false draft
    assert article["kind_accuracy"] == 1.0  # over the two required claims, not three of two
    assert {"dev", "sample"} <= report["totals"].keys()
    assert report["silent"] == []


def test_eval_extraction_leaves_out_articles_without_text(tmp_path: Path) -> None:
    _real_annotation(tmp_path / "test")
    (tmp_path / "texts").mkdir()
    result = runner.invoke(
        app, ["eval-extraction", str(tmp_path / "test"), "--texts", str(tmp_path / "texts")]
    )
    assert result.exit_code == 2
    assert "no text" in result.output
    assert "no annotated articles" in result.output


def test_the_statement_reference_is_the_annotated_span_without_attribution_or_hedge() -> None:
    text = "Headline\nHe said that inflation will probably slow next year."
    start = text.index("inflation")
    gold = {"span": [text.index("He"), len(text) - 1], "hedge": "probably"}
    assert evaluate.reference_statement(text, gold) == "Inflation will slow next year."
    gold = {"span": [start, len(text) - 1], "hedge": "will"}  # the tense stays
    assert evaluate.reference_statement(text, gold) == "Inflation will probably slow next year."


def test_statement_overlap_is_jaccard_over_words_without_negation() -> None:
    assert evaluate.word_overlap("The tenge will fall.", "the tenge will fall") == 1.0
    assert evaluate.word_overlap("The tenge will not fall.", "The tenge will fall.") == 1.0
    assert evaluate.word_overlap("The tenge will fall.", "The tenge will fall soon.") == 0.8
    assert evaluate.word_overlap("Tariffs rise.", "The tenge will fall.") == 0.0

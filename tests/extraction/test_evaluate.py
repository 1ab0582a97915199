"""`forecasts eval-extraction`: the figures, as tables and as JSON."""

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import app

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

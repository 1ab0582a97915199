"""`extraction.score`: counted per kind of evidence on annotated articles, smoothed, calibrated."""

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import app as cli
from app.extraction import evaluate, score
from app.extraction.types import ClaimDraft

CORPUS = Path(__file__).parent / "corpus"


def _draft(evidence: str, kind: str = "forecast", hedge: str | None = None) -> ClaimDraft:
    return ClaimDraft(
        expert="x", kind=kind, statement="s", quote="s", span=(0, 1), hedge=hedge,  # type: ignore[arg-type]
        evidence=evidence,
    )  # fmt: skip


def test_a_cell_s_score_is_its_share_right_shrunk_toward_its_evidence_and_overall() -> None:
    quoted, carried = _draft("quote"), _draft("carried")
    labelled = [(quoted, True)] * 18 + [(quoted, False)] * 2 + [(carried, False)] * 10
    table = score.fit(labelled, fitted_on="test")
    assert table["overall"] == [18, 30]
    assert table["cells"]["quote/forecast/plain"] == [18, 20]
    well_seen = score.score(quoted, table)
    assert 0.8 < well_seen < 0.9  # 18 of 20 right, pulled a little toward the rest
    assert score.score(carried, table) < 0.3
    # A cell never seen takes its evidence's share; an unknown evidence the overall share.
    assert score.score(_draft("quote", hedge="likely"), table) == round(
        (18 + score.PRIOR * (19 / 32)) / (20 + score.PRIOR), 3
    )
    assert score.score(_draft("answer"), table) == round(19 / 32, 3)


def test_bins_count_drafts_by_score_and_how_many_were_right() -> None:
    drafts = [(ClaimDraft("x", "forecast", "s", "s", (0, 1), score=v), r) for v, r in (
        (0.55, True), (0.58, False), (0.95, True), (1.0, True), (0.2, False),
    )]  # fmt: skip
    bins = {(b.low, b.high): b for b in score.calibration(drafts)}
    assert (bins[(0.5, 0.6)].drafts, bins[(0.5, 0.6)].right) == (2, 1)
    assert (bins[(0.9, 1.0)].drafts, bins[(0.9, 1.0)].share_right) == (2, 1.0)
    assert bins[(0.0, 0.5)].drafts == 1
    assert sum(b.drafts for b in bins.values()) == len(drafts)


def test_every_draft_of_the_corpus_is_scored_from_the_packaged_table() -> None:
    table = json.loads(score.TABLE.read_text(encoding="utf-8"))
    assert table["overall"][1] > 0, "the packaged table holds counts"
    results = evaluate.evaluate([CORPUS])
    pairs = evaluate.labelled(results)
    assert pairs
    assert all(draft.score is not None and 0 < draft.score < 1 for draft, _ in pairs)
    assert all(draft.score == score.score(draft) for draft, _ in pairs)


def test_the_evaluation_prints_the_calibration_and_never_fits_on_the_test_split(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["eval-extraction", str(CORPUS)])
    assert shown.exit_code == 0, shown.output
    assert "Calibration of extraction.score" in shown.output
    as_json = json.loads(runner.invoke(cli, ["eval-extraction", str(CORPUS), "--json"]).output)
    bins = as_json["calibration"]["all"]
    assert sum(b["drafts"] for b in bins) == as_json["totals"]["all"]["claims_predicted"]
    test_split = tmp_path / "test"
    test_split.mkdir()
    refused = runner.invoke(cli, ["eval-extraction", str(CORPUS), str(test_split), "--fit-score"])
    assert refused.exit_code == 2
    assert "never reads the test split" in refused.output

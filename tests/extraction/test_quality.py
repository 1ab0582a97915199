"""The targets on the annotated corpus plus the seed: experts P, R ≥ 0.95; pairs P, R ≥ 0.85."""

from pathlib import Path

from app.extraction.evaluate import evaluate, totals

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SAMPLE = HERE.parents[1] / "app" / "sample"
MINIMUM_ARTICLES = 12


def test_the_extractor_meets_its_targets_on_the_corpus() -> None:
    assert len(list(CORPUS.glob("*.json"))) >= MINIMUM_ARTICLES
    figures = totals(evaluate([SAMPLE, CORPUS]))["all"].as_dict()
    assert figures["experts_precision"] >= 0.95
    assert figures["experts_recall"] >= 0.95
    assert figures["pairs_precision"] >= 0.85
    assert figures["pairs_recall"] >= 0.85

"""The evaluation's output: Rich tables for people, a JSON document for machines."""

from pathlib import Path
from typing import Any

from rich.table import Table

from app.extraction.evaluate import ArticleResult, Counts, silent, totals

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample"
_SHORT = 70


def _short(text: str) -> str:
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _f(value: float | int) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def summary_table(results: list[ArticleResult]) -> Table:
    """Overall, per-language and per-split precision, recall and accuracies."""
    table = Table(
        "set", "articles", "experts P", "experts R", "pairs P", "pairs R", "kind acc",
        "band acc", "claims (annotated/extracted)", title="Extraction quality",
    )  # fmt: skip
    for name, counts in totals(results).items():
        n = sum(1 for r in results if name in ("all", r.language, r.split, _label(r)))
        table.add_row(name, str(n), *_row(counts))
    quiet = silent(results)
    table.caption = f"articles with 3+ required claims and none found: {len(quiet)}" + (
        f" ({', '.join(quiet)})" if quiet else ""
    )
    return table


def _label(result: ArticleResult) -> str:
    return f"{result.split}/{result.language}"


def _row(counts: Counts) -> list[str]:
    d = counts.as_dict()
    keys = ("experts_precision", "experts_recall", "pairs_precision", "pairs_recall")
    return [
        *(_f(d[k]) for k in (*keys, "kind_accuracy", "band_accuracy")),
        f"{d['claims_annotated']}/{d['claims_predicted']}",
    ]


def articles_table(results: list[ArticleResult]) -> Table:
    """One line per article."""
    table = Table(
        "article", "split", "lang", "detected", "experts P", "experts R", "pairs P", "pairs R",
        "kind acc", "band acc", "claims", title="Per article",
    )  # fmt: skip
    for result in results:
        table.add_row(
            result.stem, result.split, result.language, result.detected, *_row(result.counts)
        )
    return table


def comparison_table(result: ArticleResult) -> Table:
    """Annotated claims against extracted ones: found, missed, extra."""
    table = Table("", "expert", "kind", "quote", title=f"Claims of {result.stem}")
    for gold, claim in result.found:
        kind = gold["kind"] if gold["kind"] == claim.kind else f"{gold['kind']}→{claim.kind}"
        table.add_row("[green]found[/]", gold["expert"], kind, _short(gold["quote"]))
    for gold in result.missed:
        table.add_row("[red]missed[/]", gold["expert"], gold["kind"], _short(gold["quote"]))
    for claim in result.extra:
        table.add_row("[yellow]extra[/]", claim.expert, claim.kind, _short(claim.quote))
    return table


def as_json(results: list[ArticleResult]) -> dict[str, Any]:
    """Every figure, overall, per language and per article, plus the claims missed and extra."""
    return {
        "totals": {name: counts.as_dict() for name, counts in totals(results).items()},
        "silent": silent(results),
        "articles": [
            {
                "stem": r.stem,
                "split": r.split,
                "language": r.language,
                "detected": r.detected,
                **r.counts.as_dict(),
                "missed": [{"expert": g["expert"], "quote": g["quote"]} for g in r.missed],
                "extra": [{"expert": c.expert, "quote": c.quote} for c in r.extra],
            }
            for r in results
        ],
    }

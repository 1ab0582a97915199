"""The evaluation's output: Rich tables for people, a JSON document for machines."""

from pathlib import Path
from typing import Any

from rich.table import Table

from app.extraction import score
from app.extraction.evaluate import ArticleResult, Counts, labelled, silent, totals
from app.extraction.reviewed import Tally, total

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
        "band acc", "stmt =", "stmt ≈", "negated acc", "claims (annotated/extracted)",
        title="Extraction quality",
    )  # fmt: skip
    for name, counts in totals(results).items():
        n = sum(1 for r in results if name in ("all", r.language, r.split, _label(r)))
        table.add_row(name, str(n), *_row(counts))
    quiet = silent(results)
    table.caption = (
        f"articles with 3+ required claims and none found: {len(quiet)}"
        + (f" ({', '.join(quiet)})" if quiet else "")
        + "\nover the pairs found: stmt = / ≈: the statement has the same words as the annotated"
        " quote without attribution, fillers and hedge / a Jaccard word overlap of 0.8 or more;"
        " negated acc: the draft's negated equals the annotation's"
    )
    return table


def _label(result: ArticleResult) -> str:
    return f"{result.split}/{result.language}"


def _row(counts: Counts) -> list[str]:
    d = counts.as_dict()
    keys = ("experts_precision", "experts_recall", "pairs_precision", "pairs_recall")
    return [
        *(_f(d[k]) for k in (*keys, "kind_accuracy", "band_accuracy")),
        *(_f(d[k]) for k in ("statement_exact", "statement_close", "negated_accuracy")),
        f"{d['claims_annotated']}/{d['claims_predicted']}",
    ]


def articles_table(results: list[ArticleResult]) -> Table:
    """One line per article."""
    table = Table(
        "article", "split", "lang", "detected", "experts P", "experts R", "pairs P", "pairs R",
        "kind acc", "band acc", "stmt =", "stmt ≈", "negated acc", "claims", title="Per article",
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
        "calibration": {
            name: [
                {
                    "low": b.low,
                    "high": b.high,
                    "drafts": b.drafts,
                    "right": b.right,
                    "mean_score": b.mean_score,
                }
                for b in bins
            ]
            for name, bins in calibration(results).items()
        },
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


def _groups(results: list[ArticleResult]) -> dict[str, list[ArticleResult]]:
    """The results per split (one group, "all", when they come from one folder)."""
    groups: dict[str, list[ArticleResult]] = {}
    for result in results:
        groups.setdefault(result.split or "all", []).append(result)
    return groups if len(groups) > 1 else {"all": results}


def calibration(results: list[ArticleResult]) -> dict[str, list[score.Bin]]:
    return {name: score.calibration(labelled(group)) for name, group in _groups(results).items()}


def calibration_table(results: list[ArticleResult]) -> Table:
    """Per split, drafts binned by `extraction.score`, and the share of each bin that was right."""
    binned = calibration(results)
    table = Table("score", *binned, title="Calibration of extraction.score")
    for i, first in enumerate(next(iter(binned.values()))):
        cells = []
        for bins in binned.values():
            b = bins[i]
            cells.append(
                "—"
                if not b.drafts
                else f"{b.share_right:.2f} right of {b.drafts} (mean {b.mean_score:.2f})"
            )
        table.add_row(f"{first.low:.1f}–{first.high:.1f}", *cells)
    table.caption = "a calibrated score: each bin's share right lies near its mean score"
    return table


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _tally_row(tally: Tally) -> list[str]:
    counts = (tally.accepted, tally.rejected, tally.edited, tally.added, tally.pending)
    return [_share(tally.precision), _share(tally.recall), *map(str, counts)]


def reviews_table(tallies: dict[int, Tally], titles: dict[int, str]) -> Table:
    """Precision and recall per reviewed source, with the total first."""
    table = Table(
        "source", "precision", "recall", "accepted", "rejected", "edited", "added", "pending",
        title="Extraction quality from reviews",
        caption="accepted = true positives, rejected = false positives, added = missed; "
        "edited counts accepted drafts people changed",
    )  # fmt: skip
    table.add_row(f"all ({len(tallies)})", *_tally_row(total(tallies.values())), end_section=True)
    for source_id, tally in tallies.items():
        table.add_row(f"#{source_id} {_short(titles.get(source_id, ''))}", *_tally_row(tally))
    return table


def edits_table(tallies: dict[int, Tally]) -> Table | None:
    """How often people changed each field of an accepted draft; None when nothing was edited."""
    fields = total(tallies.values()).edited_fields
    if not fields:
        return None
    table = Table("field", "accepted drafts edited", title="Edits by field")
    for name, count in fields.most_common():
        table.add_row(name, str(count))
    return table


def reviews_json(tallies: dict[int, Tally], titles: dict[int, str]) -> dict[str, Any]:
    """The same figures for machines."""
    return {
        "totals": total(tallies.values()).as_dict() | {"sources": len(tallies)},
        "sources": [
            {"id": source_id, "title": titles.get(source_id), **tally.as_dict()}
            for source_id, tally in tallies.items()
        ],
    }

"""Each draft's `extraction.score`: how often a draft like it was right on the development set.

A draft is described by what named its speaker (`evidence`: a quotation, "according to", a
speech verb, an interview answer, or the paragraph's speaker going on), its kind, and whether it
carries a hedge. The score of that cell is the share of the development set's drafts in it that
an annotation confirmed, shrunk toward the share for its evidence alone, and that toward the
share overall, by `PRIOR` drafts each — so a cell seen twice does not claim 0 or 1. The table is
counted, not tuned by hand: `forecasts eval-extraction --fit-score` writes `score_table.json`
from the dev split, and the same command reports how well the scores held on every split
(drafts scored about 0.8 should be right about 80% of the time).
"""

import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.extraction.types import ClaimDraft

TABLE = Path(__file__).with_name("score_table.json")
PRIOR = 4.0  # drafts' worth of weight the broader share has in a cell's score
EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # calibration bins, the last one closed


def cell(draft: ClaimDraft) -> str:
    return f"{draft.evidence}/{draft.kind}/{'hedged' if draft.hedge else 'plain'}"


def _share(right: float, total: float, prior: float) -> float:
    return (right + PRIOR * prior) / (total + PRIOR)


def fit(labelled: Iterable[tuple[ClaimDraft, bool]], fitted_on: str) -> dict[str, Any]:
    """The counts table from drafts marked right or wrong against their annotations."""
    overall = [0, 0]
    evidence: dict[str, list[int]] = {}
    cells: dict[str, list[int]] = {}
    for draft, right in labelled:
        for counts in (overall, evidence.setdefault(draft.evidence, [0, 0])):
            counts[0] += right
            counts[1] += 1
        counts = cells.setdefault(cell(draft), [0, 0])
        counts[0] += right
        counts[1] += 1
    return {
        "fitted_on": fitted_on,
        "overall": overall,
        "evidence": dict(sorted(evidence.items())),
        "cells": dict(sorted(cells.items())),
    }


@cache
def _table() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(TABLE.read_text(encoding="utf-8"))
    return loaded


def score(draft: ClaimDraft, table: dict[str, Any] | None = None) -> float:
    """The draft's score in [0, 1] from the table (the packaged one unless given)."""
    table = table or _table()
    right, total = table["overall"]
    overall = (right + 1) / (total + 2)  # never exactly 0 or 1, even from a tiny table
    e_right, e_total = table["evidence"].get(draft.evidence, (0, 0))
    by_evidence = _share(e_right, e_total, overall)
    c_right, c_total = table["cells"].get(cell(draft), (0, 0))
    return round(_share(c_right, c_total, by_evidence), 3)


@dataclass(frozen=True, slots=True)
class Bin:
    """Drafts scored in [low, high): how many, and how many were right."""

    low: float
    high: float
    drafts: int
    right: int
    mean_score: float

    @property
    def share_right(self) -> float | None:
        return self.right / self.drafts if self.drafts else None


def calibration(labelled: Iterable[tuple[ClaimDraft, bool]]) -> list[Bin]:
    """Drafts binned by score, with the share of each bin that was right."""
    pairs = [(draft.score or 0.0, right) for draft, right in labelled]
    bins = []
    for i, (low, high) in enumerate(itertools.pairwise(EDGES)):
        last = i == len(EDGES) - 2
        inside = [(s, r) for s, r in pairs if low <= s < high or (last and s == high)]
        mean = sum(s for s, _ in inside) / len(inside) if inside else 0.0
        bins.append(Bin(low, high, len(inside), sum(r for _, r in inside), round(mean, 3)))
    return bins

"""The extractor's quality as people judged it: precision and recall over reviewed sources.

Each claim counts by its latest review decision. An extracted draft that was accepted (verified,
or disputed: a claim the editor kept) is a true positive; one rejected (retracted) a false
positive; one not decided yet is pending and left out of both figures. A claim a person added to
a reviewed source is one the extractor missed, unless it was rejected too (an added claim undone).
An accepted draft whose fields differ from what the extractor proposed is also counted as edited,
field by field. A source is reviewed once any of its extracted drafts has been decided: nothing
else tells which sources the extractor ran on.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

HUMAN = "human"
KEPT = frozenset({"verified", "disputed"})
DECIDED = KEPT | {"retracted"}
# Fields the review compares; quote and span move together, so the span stands for both.
COMPARED = (
    "expert",
    "kind",
    "statement",
    "span",
    "stated_on",
    "topics",
    "horizon",
    "confidence",
    "proposition",
    "stance",
)


@dataclass(frozen=True, slots=True)
class Judged:
    """One claim of a reviewed source as its latest decision left it (pending: no decision)."""

    claim_id: int
    source_id: int
    extractor: str
    review: str
    original: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Tally:
    accepted: int = 0
    rejected: int = 0
    edited: int = 0
    added: int = 0
    pending: int = 0
    edited_fields: Counter[str] = field(default_factory=Counter)

    def count(self, claim: Judged) -> None:
        if claim.extractor == HUMAN:
            self.added += claim.review != "retracted"
        elif claim.review in KEPT:
            self.accepted += 1
            changed = edited_fields(claim)
            self.edited += bool(changed)
            self.edited_fields.update(changed)
        elif claim.review == "retracted":
            self.rejected += 1
        else:
            self.pending += 1

    def add(self, other: "Tally") -> None:
        for name in ("accepted", "rejected", "edited", "added", "pending"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.edited_fields.update(other.edited_fields)

    @property
    def precision(self) -> float | None:
        return _ratio(self.accepted, self.accepted + self.rejected)

    @property
    def recall(self) -> float | None:
        return _ratio(self.accepted, self.accepted + self.added)

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "edited": self.edited,
            "added": self.added,
            "pending": self.pending,
            "edited_fields": dict(sorted(self.edited_fields.items())),
        }


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None  # nothing judged is no score, not 1.0


def edited_fields(claim: Judged) -> list[str]:
    """The fields people changed on an extracted draft."""
    return [
        name
        for name in COMPARED
        if name in claim.original and claim.original.get(name) != claim.fields.get(name)
    ]


def reviewed_sources(claims: Iterable[Judged]) -> set[int]:
    """Sources with at least one extracted draft decided."""
    return {c.source_id for c in claims if c.extractor != HUMAN and c.review in DECIDED}


def tally(claims: Iterable[Judged]) -> dict[int, Tally]:
    """Counts per reviewed source, by source id."""
    claims = list(claims)
    reviewed = reviewed_sources(claims)
    by_source: dict[int, Tally] = {}
    for claim in claims:
        if claim.source_id in reviewed:
            by_source.setdefault(claim.source_id, Tally()).count(claim)
    return dict(sorted(by_source.items()))


def total(tallies: Iterable[Tally]) -> Tally:
    overall = Tally()
    for one in tallies:
        overall.add(one)
    return overall

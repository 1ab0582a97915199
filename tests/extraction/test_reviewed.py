"""Precision and recall from review decisions: what each kind of judgement counts as."""

from typing import Any

import pytest

from app.extraction.reviewed import Judged, Tally, tally, total

DRAFT = {"expert": "a", "kind": "forecast", "statement": "S.", "span": {"start": 0, "end": 5}}


def judged(review: str, *, source: int = 1, extractor: str = "rules", **changes: Any) -> Judged:
    fields = DRAFT | changes | {"review": review}
    return Judged(0, source, extractor, review, DRAFT | {"review": "draft"}, fields)


@pytest.mark.parametrize(
    ("claim", "counted"),
    [
        (judged("verified"), {"accepted": 1}),
        (judged("disputed"), {"accepted": 1}),  # kept: the extractor found a claim
        (judged("retracted"), {"rejected": 1}),
        (judged("draft"), {"pending": 1}),  # reopened, or never decided
        (judged("verified", kind="assessment"), {"accepted": 1, "edited": 1}),
        (judged("retracted", kind="assessment"), {"rejected": 1}),  # edits of a reject: no matter
        (judged("draft", extractor="human"), {"added": 1}),
        (judged("verified", extractor="human"), {"added": 1}),
        (judged("retracted", extractor="human"), {}),  # an added claim undone is no miss
    ],
)
def test_what_each_judgement_counts_as(claim: Judged, counted: dict[str, int]) -> None:
    one = Tally()
    one.count(claim)
    every = ("accepted", "rejected", "edited", "added", "pending")
    assert {name: getattr(one, name) for name in every} == dict.fromkeys(every, 0) | counted


def test_precision_recall_and_the_fields_edited() -> None:
    claims = [
        judged("verified"),
        judged("verified", span={"start": 0, "end": 3}, statement="T."),
        judged("verified", statement="U."),
        judged("retracted"),
        judged("draft", extractor="human"),
        judged("draft"),
    ]
    (one,) = tally(claims).values()
    assert (one.precision, one.recall) == (0.75, 0.75)
    assert one.as_dict() == {
        "precision": 0.75,
        "recall": 0.75,
        "accepted": 3,
        "rejected": 1,
        "edited": 2,
        "added": 1,
        "pending": 1,
        "edited_fields": {"span": 1, "statement": 2},
    }


def test_only_sources_with_a_decided_draft_are_reviewed() -> None:
    claims = [
        judged("verified", source=1),
        judged("draft", source=2),  # nothing decided yet
        judged("draft", source=3, extractor="human"),  # no extracted draft decided
    ]
    assert list(tally(claims)) == [1]


def test_nothing_judged_is_no_score() -> None:
    nothing = total([])
    assert (nothing.precision, nothing.recall) == (None, None)
    only_added = tally([judged("retracted", source=1), judged("draft", extractor="human")])
    assert only_added[1].precision == 0.0
    assert only_added[1].recall == 0.0

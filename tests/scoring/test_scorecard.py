"""The scorecard: counts beside the scores, what is scored, and the breakdowns."""

import json
import math
from dataclasses import asdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.scoring import Counts, Forecast, scorecard
from app.scoring.scorecard import HORIZON_ORDER, horizon_bucket

OUTCOMES = ["true", "false", "partly", "ambiguous", "annulled", None]


def make(
    outcome: str | None,
    probability: float = 0.8,
    *,
    topics: tuple[str, ...] = (),
    horizon_days: int | None = None,
    overdue: bool = False,
) -> Forecast:
    """A forecast with a ±0.1 band around the probability, clamped to [0, 1]."""
    low, high = max(0.0, probability - 0.1), min(1.0, probability + 0.1)
    return Forecast(probability, low, high, outcome, topics, horizon_days, overdue)


MIXED = [
    make(None),
    make(None, overdue=True),
    make(None, overdue=True),
    make("partly"),
    make("ambiguous"),
    make("annulled"),
    make("true", overdue=True),  # resolved, so not overdue whatever the caller says
    make("false"),
]

COUNTS = [
    ([], Counts(0, 0, 0, 0, 0, 0, 0)),
    (MIXED, Counts(forecasts=8, resolved=3, scored=2, partly=1, unresolvable=2, open=3, overdue=2)),
    ([make("true"), make("true")], Counts(2, 2, 2, 0, 0, 0, 0)),
    ([make("partly")], Counts(1, 1, 0, 1, 0, 0, 0)),
]


@pytest.mark.parametrize(("forecasts", "expected"), COUNTS)
def test_counts(forecasts: list[Forecast], expected: Counts) -> None:
    assert scorecard(forecasts).counts == expected


def test_scores_use_true_and_false_only() -> None:
    card = scorecard(MIXED)
    assert card.brier == pytest.approx((0.04 + 0.64) / 2)
    assert card.log_score == pytest.approx((math.log(0.8) + math.log(0.2)) / 2)
    assert card.brier_range == pytest.approx(((0.01 + 0.49) / 2, (0.09 + 0.81) / 2))
    assert sum(b.count for b in card.calibration) == 2
    assert card.hit_rate is not None
    assert (card.hit_rate.hits, card.hit_rate.calls) == (1, 2)


def test_nothing_to_score() -> None:
    card = scorecard([make(None), make("partly"), make("annulled")])
    assert (card.brier, card.brier_range, card.log_score) == (None, None, None)
    assert (card.murphy, card.hit_rate) == (None, None)
    assert [b.count for b in card.calibration] == [0] * 10


HORIZONS = [
    (None, "no horizon"),
    (-5, "up to 30 days"),
    (0, "up to 30 days"),
    (30, "up to 30 days"),
    (31, "up to 1 year"),
    (366, "up to 1 year"),
    (367, "up to 5 years"),
    (1827, "up to 5 years"),
    (1828, "over 5 years"),
]


@pytest.mark.parametrize(("days", "bucket"), HORIZONS)
def test_horizon_bucket(days: int | None, bucket: str) -> None:
    assert horizon_bucket(days) == bucket


def test_by_horizon_keeps_order_and_skips_empty_buckets() -> None:
    forecasts = [make("true", horizon_days=4000), make(None), make("false", horizon_days=10)]
    card = scorecard(forecasts)
    assert list(card.by_horizon) == ["up to 30 days", "over 5 years", "no horizon"]
    assert card.by_horizon["up to 30 days"].brier == pytest.approx(0.64)
    assert card.by_horizon["no horizon"].counts.open == 1


def test_by_topic_counts_a_forecast_under_each_topic() -> None:
    forecasts = [
        make("true", topics=("war", "economy")),
        make("false", topics=("economy", "economy")),
        make(None),
    ]
    card = scorecard(forecasts)
    assert list(card.by_topic) == ["economy", "war"]
    assert card.by_topic["economy"].counts.scored == 2
    assert card.by_topic["war"].brier == pytest.approx(0.04)


def test_nested_scorecards_have_no_breakdowns() -> None:
    card = scorecard([make("true", topics=("war",), horizon_days=100)])
    nested = [*card.by_topic.values(), *card.by_horizon.values()]
    assert len(nested) == 2
    assert all(n.by_topic == {} and n.by_horizon == {} for n in nested)


def test_scorecard_turns_into_json() -> None:
    card = scorecard([*MIXED, make("true", 0.3, topics=("war",), horizon_days=20)])
    data = json.loads(json.dumps(asdict(card), allow_nan=False))
    assert data["counts"]["forecasts"] == 9
    assert set(data["murphy"]) == {"reliability", "resolution", "uncertainty"}
    assert data["by_topic"]["war"]["counts"]["scored"] == 1


@pytest.mark.parametrize(
    ("probability", "low", "high", "outcome"),
    [
        (0.5, 0.6, 0.7, "true"),  # probability below its band
        (0.5, 0.4, 0.45, "true"),  # probability above its band
        (1.2, 0.4, 1.3, "true"),  # out of [0, 1]
        (math.nan, 0.0, 1.0, "true"),
        (0.5, 0.4, 0.6, "maybe"),  # unknown outcome
    ],
)
def test_forecast_rejects_bad_values(
    probability: float, low: float, high: float, outcome: str
) -> None:
    with pytest.raises(ValueError, match=r"need|outcome"):
        Forecast(probability, low, high, outcome)


forecasts_strategy = st.lists(
    st.builds(
        make,
        outcome=st.sampled_from(OUTCOMES),
        probability=st.floats(0.0, 1.0),
        topics=st.lists(st.sampled_from(["economy", "war", "tech"]), max_size=2).map(tuple),
        horizon_days=st.none() | st.integers(-10, 4000),
        overdue=st.booleans(),
    ),
    max_size=40,
)


@given(forecasts_strategy)
def test_calibration_counts_sum_to_scored(forecasts: list[Forecast]) -> None:
    card = scorecard(forecasts)
    assert sum(b.count for b in card.calibration) == card.counts.scored
    scored = [f.pair for f in forecasts if f.scored]
    expected = sum((p - o) ** 2 for p, o in scored) / len(scored) if scored else None
    assert card.brier == pytest.approx(expected)


@given(forecasts_strategy)
def test_counts_partition_the_forecasts(forecasts: list[Forecast]) -> None:
    counts = scorecard(forecasts).counts
    assert counts.resolved == counts.scored + counts.partly
    assert counts.resolved + counts.unresolvable + counts.open == counts.forecasts
    assert counts.overdue <= counts.open


@given(forecasts_strategy)
def test_horizon_buckets_partition_the_forecasts(forecasts: list[Forecast]) -> None:
    card = scorecard(forecasts)
    assert sum(n.counts.forecasts for n in card.by_horizon.values()) == len(forecasts)
    assert list(card.by_horizon) == [b for b in HORIZON_ORDER if b in card.by_horizon]
    assert all(n.counts.forecasts > 0 for n in card.by_horizon.values())

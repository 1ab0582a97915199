"""The binary scores: hand-computed tables, then properties that must hold for any input."""

import math
from dataclasses import astuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.scoring import (
    Forecast,
    brier,
    brier_range,
    calibration,
    hit_rate,
    log_score,
    murphy,
    wilson,
)
from app.scoring.metrics import Bin, HitRate, Pair, bin_index

# A few repeated values alongside arbitrary ones, so that the distinct-value grouping is exercised.
probabilities = st.sampled_from([0.0, 0.1, 0.5, 0.8, 1.0]) | st.floats(0.0, 1.0)
pair_lists = st.lists(st.tuples(probabilities, st.booleans()), max_size=50)


@st.composite
def banded(draw: st.DrawFn) -> Forecast:
    low, probability, high = sorted(draw(st.lists(probabilities, min_size=3, max_size=3)))
    outcome = draw(st.sampled_from(["true", "false", "partly", "ambiguous", "annulled", None]))
    return Forecast(probability, low, high, outcome)


BRIER = [
    ([(0.8, True)], 0.04),
    ([(0.8, False)], 0.64),
    ([(1.0, True)], 0.0),
    ([(0.0, True)], 1.0),
    ([(0.5, False)], 0.25),
    ([(0.8, True), (0.3, False)], (0.04 + 0.09) / 2),
]


@pytest.mark.parametrize(("pairs", "expected"), BRIER)
def test_brier(pairs: list[Pair], expected: float) -> None:
    assert brier(pairs) == pytest.approx(expected)


LOG = [
    ([(0.8, True)], math.log(0.8)),
    ([(0.8, False)], math.log(0.2)),
    ([(0.8, True), (0.3, False)], (math.log(0.8) + math.log(0.7)) / 2),
    ([(0.0, True)], math.log(0.001)),  # clipped: finite, not -inf
    ([(1.0, True)], math.log(0.999)),
    ([(1.0, False)], math.log(0.001)),
]


@pytest.mark.parametrize(("pairs", "expected"), LOG)
def test_log_score(pairs: list[Pair], expected: float) -> None:
    assert log_score(pairs) == pytest.approx(expected)


def test_empty_input_scores_none() -> None:
    assert (brier([]), log_score([]), murphy([]), hit_rate([])) == (None, None, None, None)


@pytest.mark.parametrize("p", [-0.1, 1.1, math.nan])
def test_probability_out_of_range_raises(p: float) -> None:
    with pytest.raises(ValueError, match="probability"):
        brier([(p, True)])


WILSON = [
    (0, 0, None),
    (0, 10, (0.0, 0.2775)),
    (10, 10, (0.7225, 1.0)),
    (7, 10, (0.3968, 0.8922)),
    (1, 2, (0.0945, 0.9055)),
]


@pytest.mark.parametrize(("successes", "n", "expected"), WILSON)
def test_wilson(successes: int, n: int, expected: tuple[float, float] | None) -> None:
    interval = wilson(successes, n)
    if expected is None:
        assert interval is None
    else:
        assert interval == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(("successes", "n"), [(-1, 10), (11, 10), (0, -1)])
def test_wilson_rejects_impossible_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError, match="successes"):
        wilson(successes, n)


HIT_RATE = [
    ([(0.5, True), (0.5, False)], None),  # 0.5 makes no call
    ([(0.8, True)], HitRate(1, 1, 1.0, 0.2065, 1.0)),
    ([(0.8, True), (0.2, True), (0.3, False), (0.5, True)], HitRate(2, 3, 2 / 3, 0.2077, 0.9385)),
]


@pytest.mark.parametrize(("pairs", "expected"), HIT_RATE)
def test_hit_rate(pairs: list[Pair], expected: HitRate | None) -> None:
    result = hit_rate(pairs)
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert (result.hits, result.calls) == (expected.hits, expected.calls)
        assert (result.rate, result.low, result.high) == pytest.approx(
            (expected.rate, expected.low, expected.high), abs=1e-4
        )


BIN_PLACEMENT = [(0.0, 0), (0.05, 0), (0.1, 1), (0.3, 3), (0.5, 5), (0.95, 9), (1.0, 9)]


@pytest.mark.parametrize(("p", "index"), BIN_PLACEMENT)
def test_calibration_bin_placement(p: float, index: int) -> None:
    bins = calibration([(p, True)])
    assert [b.count for b in bins] == [int(i == index) for i in range(10)]
    assert bins[index].lower <= p <= bins[index].upper


def test_calibration_bins_are_not_folded() -> None:
    bins = calibration([(0.2, False), (0.8, True), (0.85, False)])
    assert bins[2] == Bin(0.2, 0.3, 1, 0.2, 0.0)
    assert (bins[8].count, bins[8].mean_forecast, bins[8].observed_rate) == pytest.approx(
        (2, 0.825, 0.5)
    )


def test_calibration_empty_has_every_bin() -> None:
    bins = calibration([])
    assert [(b.lower, b.upper) for b in bins] == [(i / 10, (i + 1) / 10) for i in range(10)]
    assert all(b == Bin(b.lower, b.upper, 0, None, None) for b in bins)


def test_calibration_needs_a_bin() -> None:
    with pytest.raises(ValueError, match="bins"):
        calibration([], bins=0)


def test_murphy_by_hand() -> None:
    # Base rate 0.25; groups 0.8 (1 of 2 true) and 0.2 (0 of 2 true); Brier 0.19.
    pairs = [(0.8, True), (0.8, False), (0.2, False), (0.2, False)]
    parts = murphy(pairs)
    assert parts is not None
    assert astuple(parts) == pytest.approx((0.065, 0.0625, 0.1875))
    assert brier(pairs) == pytest.approx(0.19)


BRIER_RANGE = [
    ([Forecast(0.8, 0.7, 0.9, "true")], (0.01, 0.09)),
    ([Forecast(0.8, 0.7, 0.9, "false")], (0.49, 0.81)),
    ([Forecast(0.5, 0.5, 0.5, "true")], (0.25, 0.25)),
    ([Forecast(0.8, 0.7, 0.9, "true"), Forecast(0.2, 0.0, 0.3, "false")], (0.005, 0.09)),
    ([Forecast(0.8, 0.7, 0.9, "partly"), Forecast(0.8, 0.7, 0.9, None)], None),
]


@pytest.mark.parametrize(("forecasts", "expected"), BRIER_RANGE)
def test_brier_range(forecasts: list[Forecast], expected: tuple[float, float] | None) -> None:
    result = brier_range(forecasts)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


@given(st.lists(st.booleans(), max_size=50))
def test_perfect_forecaster_scores_zero(outcomes: list[bool]) -> None:
    pairs = [(1.0 if o else 0.0, o) for o in outcomes]
    assert brier(pairs) == (0.0 if pairs else None)


@given(pair_lists)
def test_brier_between_zero_and_one(pairs: list[Pair]) -> None:
    score = brier(pairs)
    assert score is None or 0.0 <= score <= 1.0


@given(pair_lists)
def test_log_score_is_finite_and_not_positive(pairs: list[Pair]) -> None:
    score = log_score(pairs)
    assert score is None or math.log(0.001) <= score <= 0.0


@given(pair_lists)
def test_murphy_adds_up_to_brier(pairs: list[Pair]) -> None:
    parts, score = murphy(pairs), brier(pairs)
    if not pairs:
        assert parts is None
        return
    assert parts is not None
    assert score is not None
    total = parts.reliability - parts.resolution + parts.uncertainty
    assert math.isclose(total, score, abs_tol=1e-9)


@given(st.lists(banded(), max_size=30))
def test_brier_range_brackets_the_points(forecasts: list[Forecast]) -> None:
    bounds = brier_range(forecasts)
    score = brier([f.pair for f in forecasts if f.scored])
    if score is None:
        assert bounds is None
        return
    assert bounds is not None
    assert bounds[0] <= score <= bounds[1]


@given(pair_lists)
def test_calibration_counts_every_pair_once(pairs: list[Pair]) -> None:
    bins = calibration(pairs)
    assert len(bins) == 10
    assert sum(b.count for b in bins) == len(pairs)
    for p, _ in pairs:
        assert bins[bin_index(p, 10)].lower <= p <= bins[bin_index(p, 10)].upper


@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_rate_within_unit_interval(counts: tuple[int, int]) -> None:
    successes, n = counts
    interval = wilson(successes, n)
    assert interval is not None
    low, high = interval
    assert 0.0 <= low <= successes / n <= high <= 1.0

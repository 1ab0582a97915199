"""Binary scores over (probability, came true) pairs.

Conventions:
- A probability is the forecaster's probability that the statement is true, in [0, 1]; anything
  else (including NaN) raises ValueError.
- Every score of an empty input is None, never 0 or NaN: "nothing to score" is not a perfect score.
- Brier score: mean (p - o)^2 with o in {0, 1}; 0 is perfect, 1 is the worst, lower is better.
- Log score: mean ln(p) for true and ln(1 - p) for false; 0 is perfect, higher is better.
  p is clipped to [0.001, 0.999] first, because ln(0) is -inf: one forecast of 0 that came true
  would make the mean -inf and drown every other forecast. Clipped, one such miss costs at most
  ln(0.001) ≈ -6.9, still a heavy penalty, and the scale stays finite and comparable.
- Calibration: `bins` equal-width bins over [0, 1], not folded at 0.5 (a 0.2 forecast is not a
  0.8 forecast of the opposite). Each bin holds lower <= p < upper; the last also holds 1.0.
- Murphy decomposition groups by the distinct forecast values, not by calibration bins, so
  brier == reliability - resolution + uncertainty holds exactly, up to float rounding.
- Hit rate: p > 0.5 calls true, p < 0.5 calls false, p == 0.5 makes no call and is left out.
"""

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from app.scoring.forecast import Forecast

Pair = tuple[float, bool]

LOG_CLIP = 0.001
Z_95 = 1.959963984540054  # the two-sided 95% normal quantile


@dataclass(frozen=True, slots=True)
class Bin:
    """One calibration bin: its edges, how many forecasts fell in it, and how they did."""

    lower: float
    upper: float
    count: int
    mean_forecast: float | None
    observed_rate: float | None


@dataclass(frozen=True, slots=True)
class Murphy:
    """The Murphy decomposition: brier == reliability - resolution + uncertainty."""

    reliability: float  # lower is better: how far forecasts sit from the observed rates
    resolution: float  # higher is better: how far the observed rates move from the base rate
    uncertainty: float  # the base rate's own variance, beyond the forecaster's control


@dataclass(frozen=True, slots=True)
class HitRate:
    """Calls that came out right, with a Wilson 95% interval on the rate."""

    hits: int
    calls: int
    rate: float
    low: float
    high: float


def _checked(pairs: Sequence[Pair]) -> Sequence[Pair]:
    for p, _ in pairs:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"probability must be in [0, 1], got {p}")
    return pairs


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def brier(pairs: Sequence[Pair]) -> float | None:
    """Mean squared distance between probability and outcome; None when empty."""
    return _mean([(p - o) ** 2 for p, o in _checked(pairs)])


def log_score(pairs: Sequence[Pair]) -> float | None:
    """Mean log probability given to what happened, p clipped to [0.001, 0.999]; None when empty."""
    clipped = [(min(max(p, LOG_CLIP), 1.0 - LOG_CLIP), o) for p, o in _checked(pairs)]
    return _mean([math.log(p if o else 1.0 - p) for p, o in clipped])


def bin_index(p: float, bins: int) -> int:
    """The calibration bin holding p: lower <= p < upper, with 1.0 in the last bin."""
    # Comparing against the same edges the bins report keeps placement and labels consistent,
    # where int(p * bins) can round a value just under an edge into the next bin.
    edges = [i / bins for i in range(bins + 1)]
    return min(bisect_right(edges, p) - 1, bins - 1)


def calibration(pairs: Sequence[Pair], bins: int = 10) -> list[Bin]:
    """Equal-width calibration bins over [0, 1]; every bin present even when empty."""
    if bins < 1:
        raise ValueError(f"bins must be at least 1, got {bins}")
    members: list[list[Pair]] = [[] for _ in range(bins)]
    for p, o in _checked(pairs):
        members[bin_index(p, bins)].append((p, o))
    return [_bin(i / bins, (i + 1) / bins, inside) for i, inside in enumerate(members)]


def _bin(lower: float, upper: float, inside: list[Pair]) -> Bin:
    return Bin(
        lower=lower,
        upper=upper,
        count=len(inside),
        mean_forecast=_mean([p for p, _ in inside]),
        observed_rate=_mean([float(o) for _, o in inside]),
    )


def murphy(pairs: Sequence[Pair]) -> Murphy | None:
    """Murphy decomposition of the Brier score over distinct forecast values; None when empty."""
    if not _checked(pairs):
        return None
    groups: dict[float, list[int]] = {}  # forecast value -> [count, came true]
    for p, o in pairs:
        group = groups.setdefault(p, [0, 0])
        group[0] += 1
        group[1] += o
    n = len(pairs)
    base = sum(o for _, o in pairs) / n
    reliability = math.fsum(k * (p - t / k) ** 2 for p, (k, t) in groups.items()) / n
    resolution = math.fsum(k * (t / k - base) ** 2 for k, t in groups.values()) / n
    return Murphy(reliability, resolution, base * (1.0 - base))


def wilson(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score interval for successes out of n; None when n == 0."""
    if not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        return None
    rate = successes / n
    shrink = 1.0 + z * z / n
    centre = (rate + z * z / (2 * n)) / shrink
    half = z / shrink * math.sqrt(rate * (1.0 - rate) / n + z * z / (4 * n * n))
    # At 0 or n successes the edge is exactly the rate; min/max stop float rounding
    # from nudging it past the rate or out of [0, 1].
    return (max(0.0, min(centre - half, rate)), min(1.0, max(centre + half, rate)))


def hit_rate(pairs: Sequence[Pair]) -> HitRate | None:
    """Share of calls (p above or below 0.5) that came out right; None when there are no calls."""
    calls = [(p > 0.5) == o for p, o in _checked(pairs) if p != 0.5]
    interval = wilson(sum(calls), len(calls))
    if interval is None:
        return None
    return HitRate(sum(calls), len(calls), sum(calls) / len(calls), *interval)


def brier_range(forecasts: Sequence[Forecast]) -> tuple[float, float] | None:
    """Best and worst Brier score reachable by moving each probability within its band.

    Only scored (true/false) forecasts count; None when there are none. For a true outcome the
    best edge is `high` and the worst `low`; for a false outcome the other way round.
    """
    scored = [f for f in forecasts if f.scored]
    best = brier([_edge(f, best=True) for f in scored])
    worst = brier([_edge(f, best=False) for f in scored])
    if best is None or worst is None:
        return None
    return (best, worst)


def log_range(forecasts: Sequence[Forecast]) -> tuple[float, float] | None:
    """Worst and best log score reachable by moving each probability within its band
    (log scores are negative, higher is better), over the scored forecasts."""
    scored = [f for f in forecasts if f.scored]
    best = log_score([_edge(f, best=True) for f in scored])
    worst = log_score([_edge(f, best=False) for f in scored])
    if best is None or worst is None:
        return None
    return (worst, best)


def _edge(forecast: Forecast, *, best: bool) -> Pair:
    came_true = forecast.outcome == "true"
    return (forecast.high if came_true == best else forecast.low, came_true)

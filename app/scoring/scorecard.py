"""A scorecard: counts and every score for a list of forecasts, broken down by topic and horizon.

Conventions:
- Counts always come with the scores, so a good score over few resolved forecasts shows as such.
- Scores use the scored (true/false) forecasts only. `partly` counts as resolved but is not
  scored; `ambiguous` and `annulled` are unresolvable; an outcome of None is open.
- A forecast with several topics counts under each. Topics are listed in sorted order.
- Horizon buckets, in this order: up to 30 days, up to 1 year (366 days, so a one-year horizon
  spanning a leap day stays in), up to 5 years (1827 days, five years with two leap days),
  over 5 years, no horizon. Only non-empty breakdowns are present.
- Nested scorecards have the same shape with empty breakdowns.
- `dataclasses.asdict(scorecard(...))` gives plain dicts, lists, tuples, numbers and None.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.scoring.forecast import RESOLVED, UNRESOLVABLE, Forecast
from app.scoring.metrics import (
    Bin,
    HitRate,
    Murphy,
    brier,
    brier_range,
    calibration,
    hit_rate,
    log_range,
    log_score,
    murphy,
)

CALIBRATION_BINS = 10
NO_HORIZON = "no horizon"
OVER_5_YEARS = "over 5 years"
HORIZON_BUCKETS: tuple[tuple[str, int], ...] = (  # label, longest horizon in days
    ("up to 30 days", 30),
    ("up to 1 year", 366),
    ("up to 5 years", 1827),
)
HORIZON_ORDER = (*(label for label, _ in HORIZON_BUCKETS), OVER_5_YEARS, NO_HORIZON)


@dataclass(frozen=True, slots=True)
class Counts:
    """How many forecasts there are in each state; the context every score needs."""

    forecasts: int  # all given
    resolved: int  # true, false or partly
    scored: int  # true or false: the ones the scores use
    partly: int
    unresolvable: int  # ambiguous or annulled
    open: int  # no outcome yet
    overdue: int  # open with the horizon passed


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Counts and scores over the scored forecasts, with breakdowns by topic and horizon."""

    counts: Counts
    brier: float | None
    brier_range: tuple[float, float] | None
    log_score: float | None
    calibration: list[Bin]
    murphy: Murphy | None
    hit_rate: HitRate | None
    log_range: tuple[float, float] | None = None
    by_topic: dict[str, "Scorecard"] = field(default_factory=dict)
    by_horizon: dict[str, "Scorecard"] = field(default_factory=dict)


def counts(forecasts: Sequence[Forecast]) -> Counts:
    """Count the forecasts in each state."""
    outcomes = [f.outcome for f in forecasts]
    return Counts(
        forecasts=len(forecasts),
        resolved=sum(o in RESOLVED for o in outcomes),
        scored=sum(f.scored for f in forecasts),
        partly=outcomes.count("partly"),
        unresolvable=sum(o in UNRESOLVABLE for o in outcomes),
        open=outcomes.count(None),
        overdue=sum(f.outcome is None and f.overdue for f in forecasts),
    )


def horizon_bucket(horizon_days: int | None) -> str:
    """The horizon bucket label for a horizon length in days."""
    if horizon_days is None:
        return NO_HORIZON
    for label, longest in HORIZON_BUCKETS:
        if horizon_days <= longest:
            return label
    return OVER_5_YEARS


def by_topic(forecasts: Sequence[Forecast]) -> dict[str, list[Forecast]]:
    """Group forecasts by topic, sorted by topic; a forecast lands under each of its topics."""
    groups: dict[str, list[Forecast]] = {}
    for forecast in forecasts:
        for topic in dict.fromkeys(forecast.topics):  # a repeated topic counts once
            groups.setdefault(topic, []).append(forecast)
    return dict(sorted(groups.items()))


def by_horizon(forecasts: Sequence[Forecast]) -> dict[str, list[Forecast]]:
    """Group forecasts by horizon bucket, in bucket order, leaving out empty buckets."""
    groups: dict[str, list[Forecast]] = {label: [] for label in HORIZON_ORDER}
    for forecast in forecasts:
        groups[horizon_bucket(forecast.horizon_days)].append(forecast)
    return {label: group for label, group in groups.items() if group}


def scores(forecasts: Sequence[Forecast]) -> Scorecard:
    """Counts and scores for the forecasts, with no breakdowns."""
    scored = [f for f in forecasts if f.scored]
    pairs = [f.pair for f in scored]
    return Scorecard(
        counts=counts(forecasts),
        brier=brier(pairs),
        brier_range=brier_range(scored),
        log_score=log_score(pairs),
        log_range=log_range(scored),
        calibration=calibration(pairs, CALIBRATION_BINS),
        murphy=murphy(pairs),
        hit_rate=hit_rate(pairs),
    )


def scorecard(forecasts: Sequence[Forecast]) -> Scorecard:
    """The full scorecard: counts and scores, broken down by topic and by horizon."""
    return replace(
        scores(forecasts),
        by_topic={topic: scores(group) for topic, group in by_topic(forecasts).items()},
        by_horizon={bucket: scores(group) for bucket, group in by_horizon(forecasts).items()},
    )

"""Scoring: pure functions over plain values, no database and no I/O.

What is scored: forecasts whose outcome is true or false. `partly` counts as resolved but is not
scored; `ambiguous` and `annulled` are unresolvable; None is open. Counts of each always travel
with the scores. Log scores clip p to [0.001, 0.999] so one certain miss stays finite.
Calibration uses 10 equal bins over [0, 1], not folded at 0.5, the last bin holding 1.0.
Details in `metrics` (the scores) and `scorecard` (counts and breakdowns).
"""

from app.scoring.forecast import Forecast
from app.scoring.metrics import (
    Bin,
    HitRate,
    Murphy,
    brier,
    brier_range,
    calibration,
    hit_rate,
    log_score,
    murphy,
    wilson,
)
from app.scoring.scorecard import Counts, Scorecard, scorecard

__all__ = [
    "Bin",
    "Counts",
    "Forecast",
    "HitRate",
    "Murphy",
    "Scorecard",
    "brier",
    "brier_range",
    "calibration",
    "hit_rate",
    "log_score",
    "murphy",
    "scorecard",
    "wilson",
]

"""The scorecard's shape for the OpenAPI document, built from the pure scorer's dataclasses."""

import datetime as dt

from pydantic import BaseModel, Field

from app.scoring.metrics import Bin, HitRate, Murphy
from app.scoring.scorecard import Counts
from app.scoring.scorecard import Scorecard as Breakdown


class ScorecardRead(BaseModel):
    expert: str
    as_of: dt.date | None = Field(description="The day it stood on, if asked for.")
    topic: str | None = Field(description="The topic it is limited to, if asked for.")
    claims: int = Field(description="The expert's published claims (of every kind).")
    forecasts_without_probability: int = Field(description="Forecasts that cannot be scored.")
    counts: Counts = Field(description="Forecasts: resolved, scored, open, overdue and the rest.")
    brier: float | None = Field(description="Mean squared error of the probabilities, 0 best.")
    brier_range: tuple[float, float] | None = Field(
        description="Best and worst Brier score reachable within the probability bands."
    )
    log_score: float | None = Field(description="Mean log probability of what happened, 0 best.")
    log_range: tuple[float, float] | None = Field(
        description="Worst and best log score reachable within the probability bands."
    )
    calibration: list[Bin] = Field(description="Ten bins over [0, 1], not folded at 0.5.")
    murphy: Murphy | None = Field(description="Brier = reliability - resolution + uncertainty.")
    hit_rate: HitRate | None = Field(description="Share of calls that came out, Wilson 95 %.")
    by_topic: dict[str, Breakdown] = Field(description="The same, per topic.")
    by_horizon: dict[str, Breakdown] = Field(description="The same, per horizon length.")

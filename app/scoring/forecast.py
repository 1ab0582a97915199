"""The one input type of the scoring core: a forecast reduced to plain values.

Outcomes split three ways. `true` and `false` are *scored*: they feed every binary score.
`partly` counts as resolved but is not scored, because a binary score has no honest value for a
half-true statement. `ambiguous` and `annulled` are *unresolvable*. `None` means still open.
"""

from dataclasses import dataclass

SCORED = frozenset({"true", "false"})
RESOLVED = SCORED | {"partly"}
UNRESOLVABLE = frozenset({"ambiguous", "annulled"})
OUTCOMES = RESOLVED | UNRESOLVABLE


@dataclass(frozen=True, slots=True)
class Forecast:
    """One forecast: point probability, its band, its outcome, topics and horizon."""

    probability: float
    low: float
    high: float
    outcome: str | None
    topics: tuple[str, ...] = ()
    horizon_days: int | None = None
    overdue: bool = False

    def __post_init__(self) -> None:
        # `not (a <= b ...)` rather than `a > b` so that NaN is rejected too.
        if not 0.0 <= self.low <= self.probability <= self.high <= 1.0:
            raise ValueError(
                f"need 0 <= low <= probability <= high <= 1, "
                f"got {self.low}, {self.probability}, {self.high}"
            )
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")

    @property
    def scored(self) -> bool:
        """Whether the binary scores use this forecast (outcome true or false)."""
        return self.outcome in SCORED

    @property
    def pair(self) -> tuple[float, bool]:
        """The (probability, came true) pair the binary scores take."""
        return (self.probability, self.outcome == "true")

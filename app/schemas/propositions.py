"""Propositions, resolutions and the consensus view: queries, bodies and representations."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.filters import Filter
from app.models import Outcome, Proposition
from app.schemas.claims import OutcomeFilter
from app.schemas.common import (
    MAX_VALUES,
    InputModel,
    IsoDate,
    NoNul,
    PageQuery,
    PastDate,
    Slug,
    UpdateModel,
    Url,
)


def _outcomes(values: list[OutcomeFilter], _dialect: str) -> Any:
    from sqlalchemy import or_

    resolved = [Outcome(v.value) for v in values if v is not OutcomeFilter.open]
    clauses = [Proposition.outcome.in_(resolved)] if resolved else []
    if OutcomeFilter.open in values:
        clauses.append(Proposition.outcome.is_(None))
    return or_(*clauses)


class PropositionQuery(PageQuery):
    outcome: Annotated[list[OutcomeFilter], Filter(_outcomes, shaped_by="value")] = Field(
        [], max_length=MAX_VALUES, description="Latest outcome; `open` for none yet."
    )
    sort: Literal["slug", "-slug"] = Field("slug", description="Order.")


Text = Annotated[str, Field(min_length=1, max_length=5000), NoNul]


class PropositionCreate(InputModel):
    slug: Slug = Field(description="Stable identifier.")
    text: Text = Field(description="The statement that will turn out true or false.")
    criteria: Annotated[str, Field(max_length=5000), NoNul] = Field(
        "", description="How to decide: what counts as true, what as false."
    )
    resolve_by: IsoDate | None = Field(None, description="When the answer should be known.")
    topics: list[Slug] = Field([], max_length=MAX_VALUES, description="Topic slugs.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slug": "tenge-weakens-2025",
                    "text": "The tenge ends 2025 weaker against the dollar than it began it.",
                    "criteria": "National Bank official rates of 1 Jan 2025 and 31 Dec 2025.",
                    "resolve_by": "2026-01-15",
                    "topics": ["economy"],
                }
            ]
        }
    )


class PropositionUpdate(UpdateModel):
    NULLABLE = frozenset({"resolve_by"})

    text: Text | None = None
    criteria: Annotated[str, Field(max_length=5000), NoNul] | None = None
    resolve_by: IsoDate | None = None
    topics: list[Slug] | None = Field(None, max_length=MAX_VALUES, description="Replaces them.")

    model_config = ConfigDict(json_schema_extra={"examples": [{"resolve_by": "2026-02-01"}]})


class Evidence(InputModel):
    url: Url | None = Field(None, description="Where the outcome is documented.")
    quote: Annotated[str, Field(max_length=2000), NoNul] | None = Field(
        None, description="The words there that settle it, verbatim."
    )
    date: PastDate | None = Field(None, description="The evidence's own date.")


class ResolutionCreate(InputModel):
    outcome: Outcome = Field(description="`true`, `false`, `partly`, `ambiguous` or `annulled`.")
    resolved_on: PastDate = Field(description="When the outcome became known.")
    rationale: Text = Field(description="Why this outcome, in a sentence or two.")
    evidence: Evidence | None = Field(None, description="Where it is documented.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "outcome": "true",
                    "resolved_on": "2022-11-21",
                    "rationale": "Tokayev won with 81.31% of the vote.",
                    "evidence": {
                        "url": "https://en.wikipedia.org/wiki/2022_Kazakh_presidential_election"
                    },
                }
            ]
        }
    )

    def columns(self) -> dict[str, Any]:
        evidence = self.evidence or Evidence()
        return {
            "outcome": self.outcome,
            "resolved_on": self.resolved_on,
            "rationale": self.rationale,
            "evidence_url": evidence.url,
            "evidence_quote": evidence.quote,
            "evidence_date": evidence.date,
        }


class ResolutionRead(BaseModel):
    id: int
    outcome: Outcome
    resolved_on: dt.date
    rationale: str
    evidence: dict[str, Any] = Field(description="`url`, `quote` and `date`.")
    resolver: str = Field(description="The key that recorded it.")
    recorded_at: dt.datetime = Field(description="When it was recorded (what `as_of` looks at).")
    via: int | None = Field(description="The proposition resolution this one follows from.")


class ResolutionList(BaseModel):
    items: list[ResolutionRead] = Field(description="Oldest first; the last one counts.")


class PropositionRead(BaseModel):
    slug: str
    url: str
    text: str
    criteria: str
    resolve_by: dt.date | None
    topics: list[str]
    outcome: Outcome | None = Field(description="Outcome of the latest resolution, if any.")
    overdue: bool = Field(description="`resolve_by` has passed and there is no resolution.")
    claims_url: str
    consensus_url: str
    resolutions_url: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class PropositionPage(BaseModel):
    items: list[PropositionRead]
    next: str | None = None
    count: int | None = None


class Position(BaseModel):
    expert: str
    claim: str = Field(description="The claim's URL.")
    stance: Literal["for", "against"]
    probability: float | None = Field(description="Probability the *proposition* is true.")
    low: float | None
    high: float | None


class Consensus(BaseModel):
    proposition: str
    positions: list[Position]
    aggregate: dict[str, Any] = Field(
        description="`count`, `for`, `against`, and over the probabilities given: `mean`,"
        " `median`, `stdev`, `min`, `max`."
    )

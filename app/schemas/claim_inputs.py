"""Request bodies for writing claims. Numbers are strict (`"probability": false` is a 422)."""

from typing import Annotated, Self

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    model_validator,
)

from app.models import ClaimKind, Review, Stance
from app.schemas.common import MAX_VALUES, Id, InputModel, IsoDate, Name, NoNul, Slug, UpdateModel

# Strict floats take integers too; one type, so the bounds reach the schema as min/maximum.
Probability = Annotated[StrictFloat, Field(ge=0, le=1)]


def _integral(value: object) -> object:
    """`5.0` is the integer 5 to JSON Schema, so to the span too; `5.5` stays a float."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


_INTEGRAL = BeforeValidator(_integral)
Sentence = Annotated[str, Field(min_length=1, max_length=2000), NoNul]


# An offset past any text the service stores (and past a 32-bit column) points at nothing; it
# is refused as such, not carried on to where a 64-bit encoder cannot hold it.
MAX_OFFSET = 2**31 - 1


class SpanIn(InputModel):
    start: Annotated[StrictInt, Field(ge=0, le=MAX_OFFSET), _INTEGRAL] = Field(
        description="First character of the quote."
    )
    end: Annotated[StrictInt, Field(ge=1, le=MAX_OFFSET), _INTEGRAL] = Field(
        description="Just past its last character."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError("end must be greater than start")
        return self


class HorizonIn(InputModel):
    phrase: Name | None = Field(None, description="The words that set the time frame.")
    earliest: IsoDate | None = Field(None, description="First day it can come true.")
    latest: IsoDate | None = Field(None, description="Day by which it should have come true.")
    inferred: StrictBool = Field(False, description="True when the dates come from context.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError("earliest must not be after latest")
        return self


class ConfidenceIn(InputModel):
    """Either a hedge `phrase` from the confidence table (the band comes from the table), or the
    band's `low`, `probability` and `high` (with or without the phrase as written)."""

    phrase: Name | None = Field(None, description="The hedge words, as written.")
    negated: StrictBool = Field(
        False, description="The statement negates what the hedge speaks of: flip the band."
    )
    low: Probability | None = Field(None, description="Lower edge of the band.")
    probability: Probability | None = Field(None, description="Point probability.")
    high: Probability | None = Field(None, description="Upper edge of the band.")

    # What `_band` enforces, as far as JSON Schema can say it (not the order of the three).
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {
                    "required": ["low", "probability", "high"],
                    "properties": {n: {"type": "number"} for n in ("low", "probability", "high")},
                },
                {
                    "required": ["phrase"],
                    "properties": {
                        "phrase": {"type": "string"},
                        **{n: {"type": "null"} for n in ("low", "probability", "high")},
                    },
                },
            ]
        }
    )

    @model_validator(mode="after")
    def _band(self) -> Self:
        numbers = (self.low, self.probability, self.high)
        if all(n is None for n in numbers):
            if self.phrase is None:
                raise ValueError("give a hedge phrase, or low, probability and high")
            return self
        if any(n is None for n in numbers):
            raise ValueError("give all of low, probability and high, or none")
        if not (self.low or 0) <= (self.probability or 0) <= (self.high or 0):
            raise ValueError("the band must satisfy 0 <= low <= probability <= high <= 1")
        return self


class ClaimCreate(InputModel):
    expert: Slug = Field(description="Slug of the expert who made the claim.")
    source: Id = Field(description="Id of the source it was made in.")
    kind: ClaimKind = Field(description="`forecast`, `assessment` or `prescription`.")
    statement: Sentence = Field(description="What would have to be true, one English sentence.")
    quote: Sentence = Field(description="The expert's words, exactly as in the source text.")
    span: SpanIn = Field(description="Where the quote is: `text[start:end] == quote`.")
    stated_on: IsoDate | None = Field(None, description="Defaults to the source's date.")
    topics: list[Slug] = Field([], max_length=MAX_VALUES, description="Topic slugs.")
    horizon: HorizonIn | None = Field(None, description="By when it should come true.")
    confidence: ConfidenceIn | None = Field(None, description="How sure the expert sounded.")
    proposition: Slug | None = Field(None, description="The proposition the claim speaks to.")
    stance: Stance | None = Field(None, description="`for` or `against` the proposition.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "expert": "gaziz-abishev",
                    "source": 1,
                    "kind": "forecast",
                    "statement": "Russia will remain a neighbour Kazakhstan has to reckon with.",
                    "quote": "Russia is unlikely to go anywhere",
                    "span": {"start": 4103, "end": 4136},
                    "topics": ["russia"],
                    "confidence": {"phrase": "unlikely", "negated": True},
                }
            ]
        }
    )


class ClaimUpdate(UpdateModel):
    """Only the fields sent change. `quote` and `span` go together; `review` moves the claim
    through draft → verified | disputed → retracted."""

    NULLABLE = frozenset({"horizon", "confidence", "proposition", "stance"})

    expert: Slug | None = Field(None, description="Re-attribute to this expert.")
    kind: ClaimKind | None = None
    statement: Sentence | None = None
    quote: Sentence | None = Field(None, description="Send with `span`.")
    span: SpanIn | None = Field(None, description="Send with `quote`.")
    stated_on: IsoDate | None = None
    topics: list[Slug] | None = Field(None, max_length=MAX_VALUES, description="Replaces them.")
    horizon: HorizonIn | None = Field(None, description="Replaces it; `null` clears it.")
    confidence: ConfidenceIn | None = Field(None, description="Replaces it; `null` clears it.")
    review: Review | None = Field(
        None, description="The next review state; `draft` again undoes a review decision."
    )
    reason: Sentence | None = Field(
        None, description="Why (for a review decision): kept in the claim's history."
    )
    proposition: Slug | None = Field(None, description="Link to a proposition (send `stance`).")
    stance: Stance | None = Field(None, description="`for` or `against` the proposition.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"review": "verified"}],
            # What the validator below enforces: a new quote comes with its new span.
            "dependentRequired": {"quote": ["span"], "span": ["quote"]},
        }
    )

    @model_validator(mode="after")
    def _quote_with_span(self) -> Self:
        if (self.quote is None) != (self.span is None):
            raise ValueError("quote and span change together")
        return self

"""Claims: the list query (every filter, declared once) and the representation."""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, model_validator
from sqlalchemy import ColumnElement, exists, or_
from sqlalchemy.orm import aliased

from app.domain import search
from app.filters import Filter, any_of, at_least, at_most, naming
from app.models import (
    Claim,
    ClaimKind,
    Expert,
    Outcome,
    Proposition,
    Review,
    Source,
    Topic,
    claim_topics,
)
from app.schemas.common import MAX_VALUES, Id, IsoDate, LanguageTag, PageQuery, QueryModel, Slug


class OutcomeFilter(StrEnum):
    true = "true"
    false = "false"
    partly = "partly"
    ambiguous = "ambiguous"
    annulled = "annulled"
    open = "open"


_TAGGED = aliased(Topic)  # made once: an alias per request costs ~1 ms


def _in_topics(patterns: list[Any], _dialect: str) -> ColumnElement[bool]:
    # EXISTS keeps the planner walking the ORDER BY index (see PERFORMANCE.md); a topic's path
    # holds every ancestor's slug, so a topic matches itself and everything below it.
    topic = _TAGGED
    under = or_(*(topic.path.like(pattern) for pattern in patterns))
    return exists().where(
        claim_topics.c.claim_id == Claim.id, claim_topics.c.topic_id == topic.id, under
    )


def _under(slug: str) -> str:
    return f"%/{slug}/%"


def _outcomes(values: list[OutcomeFilter], _dialect: str) -> ColumnElement[bool]:
    resolved = [Outcome(v.value) for v in values if v is not OutcomeFilter.open]
    clauses = [Claim.outcome.in_(resolved)] if resolved else []
    if OutcomeFilter.open in values:
        clauses.append(Claim.outcome.is_(None))
    return or_(*clauses)


def _tag_and_subtags(tag: str) -> tuple[str, str]:
    # `language=ru` also matches `ru-RU`; tags are validated, so LIKE sees no wildcards.
    return tag, f"{tag}-%"


def _languages(tags: list[tuple[Any, Any]], _dialect: str) -> ColumnElement[bool]:
    return or_(*(or_(Source.language == tag, Source.language.like(sub)) for tag, sub in tags))


TOPICS = naming(Filter(_in_topics, bind=_under), Topic.slug, "topic")
# Whether `open` is among the outcomes changes the SQL (`IS NULL`): a statement per value set.
OUTCOMES = Filter(_outcomes, shaped_by="value")


_not_retracted = Filter(any_of(Claim.review).build, absent=lambda: Claim.review != Review.retracted)

ClaimSort = Literal[
    "relevance",
    "stated_on",
    "-stated_on",
    "id",
    "-id",
    "created_at",
    "-created_at",
    "updated_at",
    "-updated_at",
    "horizon",
    "-horizon",
    "probability",
    "-probability",
    "extraction_score",
    "-extraction_score",
]
Embed = Literal["expert", "source", "topics"]
ClaimField = Literal[
    "id",
    "url",
    "kind",
    "statement",
    "quote",
    "expert",
    "source",
    "topics",
    "span",
    "selector",
    "stated_on",
    "horizon",
    "confidence",
    "review",
    "outcome",
    "extraction",
    "created_at",
    "updated_at",
    "version",
    "snippet",
]


def split_commas(value: object) -> object:
    """`a,b` and `?x=a&x=b` mean the same list."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return value
    # An empty value on its own (`include=`) stays, to be refused; `a,,b` is `a,b`.
    return [
        part.strip()
        for item in value
        for part in str(item).split(",")
        if part.strip() or "," not in str(item)
    ]


Embeds = Annotated[list[Embed], BeforeValidator(split_commas)]


class ClaimDetailQuery(QueryModel):
    include: Embeds = Field(
        [], description="Embed related records in place of their keys: `expert,source,topics`."
    )


class ClaimFilters(PageQuery):
    """Filters of a claims list; repeat a parameter to OR its values."""

    topic: Annotated[list[Slug], TOPICS] = Field(
        [],
        max_length=MAX_VALUES,
        description="Topic slug; includes its sub-topics (`foreign-policy` takes in `russia`).",
    )
    source: Annotated[list[Id], naming(any_of(Claim.source_id), Source.id, "source")] = Field(
        [], max_length=MAX_VALUES, description="Source id."
    )
    kind: Annotated[list[ClaimKind], any_of(Claim.kind)] = Field(
        [], max_length=MAX_VALUES, description="`forecast`, `assessment` or `prescription`."
    )
    outcome: Annotated[list[OutcomeFilter], OUTCOMES] = Field(
        [],
        max_length=MAX_VALUES,
        description="Outcome of the latest resolution; `open` means not resolved yet.",
    )
    review: Annotated[list[Review], _not_retracted] = Field(
        [],
        max_length=MAX_VALUES,
        description="Review state; retracted claims are left out unless asked for.",
    )
    stated_since: Annotated[IsoDate | None, at_least(Claim.stated_on)] = Field(
        None, description="Stated on or after this date (YYYY-MM-DD)."
    )
    stated_until: Annotated[IsoDate | None, at_most(Claim.stated_on)] = Field(
        None, description="Stated on or before this date."
    )
    resolves_before: Annotated[IsoDate | None, at_most(Claim.horizon_latest)] = Field(
        None, description="Horizon ends (falls due) on or before this date."
    )
    resolves_after: Annotated[IsoDate | None, at_least(Claim.horizon_latest)] = Field(
        None, description="Horizon ends on or after this date."
    )
    min_probability: Annotated[float | None, at_least(Claim.probability)] = Field(
        None, ge=0, le=1, description="Point probability of the statement at least this."
    )
    max_probability: Annotated[float | None, at_most(Claim.probability)] = Field(
        None, ge=0, le=1, description="Point probability of the statement at most this."
    )
    language: Annotated[list[LanguageTag], Filter(_languages, bind=_tag_and_subtags)] = Field(
        [],
        max_length=MAX_VALUES,
        description="Source language (BCP 47); `ru` also matches `ru-RU`.",
    )
    q: Annotated[
        str | None, search.text_filter(search.CLAIMS, Claim.id), AfterValidator(search.check)
    ] = Field(
        None,
        min_length=1,
        max_length=200,
        description="Full-text search over the statement, the quote and the expert's name and"
        ' aliases: every word must match; `"a phrase"`, `prefix*` and `-excluded` are understood,'
        " any other syntax is taken as plain words. Adds a highlighted `snippet` to each claim.",
        examples=['"foreign policy" -China', "reform*"],
    )
    sort: ClaimSort | None = Field(
        None,
        description="Order; `-` for descending, ties break on id. `relevance` (best match first,"
        " with `q` only) is the default with `q`, `-stated_on` without; it ranks the newest 2,000"
        " matches (the highest ids among the claims matching `q` and the other filters), so a"
        " word most claims hold answers as fast as a rare one: for every match, sort by another"
        " order (`-stated_on`, `id`) or narrow the filters. `extraction_score` lists"
        " the ingested drafts least sure first (claims entered by people have no score), so"
        " reviewers can work the doubtful ones first.",
    )

    @model_validator(mode="after")
    def _default_order(self) -> Self:
        """The sort in force: the one asked for, else relevance for a search, else newest first."""
        if self.sort is None:
            self.sort = "relevance" if self.q else "-stated_on"
        elif self.sort == "relevance" and not self.q:
            raise ValueError("sort=relevance ranks search results: give q as well")
        return self

    fields: Annotated[list[ClaimField], BeforeValidator(split_commas)] = Field(
        [], description="Only these top-level fields (comma-separated or repeated); `id` is kept."
    )
    include: Embeds = Field(
        [], description="Embed related records in place of their keys: `expert,source,topics`."
    )


class ClaimQuery(ClaimFilters):
    """The claims list: every filter of `ClaimFilters` plus `expert`."""

    expert: Annotated[list[Slug], naming(any_of(Expert.slug), Expert.slug, "expert")] = Field(
        [], max_length=MAX_VALUES, description="Expert slug."
    )
    proposition: Annotated[
        list[Slug], naming(any_of(Proposition.slug), Proposition.slug, "proposition")
    ] = Field([], max_length=MAX_VALUES, description="Slug of the proposition the claims speak to.")


class Span(BaseModel):
    start: int = Field(description="Offset of the quote's first character in the source text.")
    end: int = Field(description="Offset just past the quote's last character.")


class Selector(BaseModel):
    type: Literal["TextQuoteSelector"] = "TextQuoteSelector"
    exact: str = Field(description="The quote, verbatim.")
    prefix: str = Field(description="Up to 32 characters before it.")
    suffix: str = Field(description="Up to 32 characters after it.")


class Horizon(BaseModel):
    phrase: str | None = Field(description="The words that set the time frame, as written.")
    earliest: dt.date | None = Field(description="First day the statement can come true.")
    latest: dt.date | None = Field(description="Day by which it should have come true.")
    inferred: bool = Field(description="True when the dates come from context, not the quote.")


class Confidence(BaseModel):
    phrase: str | None = Field(description="The hedge words, as written.")
    band: str | None = Field(description="Band of the confidence table the phrase maps to.")
    low: float | None = Field(description="Lower edge of the probability band.")
    probability: float | None = Field(description="Point probability that the statement is true.")
    high: float | None = Field(description="Upper edge of the probability band.")
    scale: str | None = Field(description="Version of the confidence table used.")


class Extraction(BaseModel):
    method: str = Field(description="`human`, or the extractor's name.")
    version: str | None = Field(description="Extractor version.")
    score: float | None = Field(description="Extractor's own score, 0–1.")


class ExpertSummary(BaseModel):
    slug: str
    name: str
    kind: str
    role: str | None
    url: str


class SourceSummary(BaseModel):
    id: int
    title: str
    publisher: str | None
    url: str | None = Field(description="Where the source was published.")
    published_on: dt.date | None
    language: str
    href: str = Field(description="This source in the API.")


class TopicSummary(BaseModel):
    slug: str
    name: str
    parent: str | None


class ClaimRead(BaseModel):
    """One claim; with `include`, `expert`, `source` and `topics` hold objects instead of keys."""

    id: int
    url: str = Field(description="This claim in the API.")
    kind: ClaimKind
    statement: str = Field(description="What would have to be true, as one English sentence.")
    quote: str = Field(description="The expert's words, verbatim from the source.")
    expert: str | ExpertSummary = Field(description="Expert slug, or the expert with `include`.")
    source: int | SourceSummary = Field(description="Source id, or the source with `include`.")
    topics: list[str] | list[TopicSummary] = Field(description="Topic slugs, or topics.")
    span: Span
    selector: Selector
    stated_on: dt.date
    horizon: Horizon
    confidence: Confidence
    review: Review
    proposition: str | None = Field(description="Slug of the proposition it speaks to.")
    stance: Literal["for", "against"] | None = Field(description="For or against it.")
    outcome: Outcome | None = Field(description="Outcome of the latest resolution, if any.")
    overdue: bool = Field(description="The horizon has passed and no resolution came.")
    extraction: Extraction
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = Field(description="Increases with every change.")
    snippet: str | None = Field(
        None,
        description="With `q` only: a short passage of the quote (or, when the match is not"
        " there, the statement), HTML-escaped, with the matched words in `<mark>`.",
    )


class ClaimPage(BaseModel):
    items: list[ClaimRead] = Field(description="Claims; only the chosen ones with `fields`.")
    next: str | None = Field(None, description="Absolute URL of the next page, if any.")
    count: int | None = Field(None, description="Total matching claims, with `count=exact`.")


CLAIM_FIELDS = tuple(ClaimRead.model_fields)

"""`/v1/search`: one query across claims, experts, sources and topics, grouped by kind."""

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from app.domain import search
from app.schemas.common import QueryModel


class SearchQuery(QueryModel):
    q: Annotated[str, AfterValidator(search.check)] = Field(
        min_length=1,
        max_length=200,
        description='What to look for: words (all must match), `"a phrase"`, `prefix*`,'
        " `-excluded`; any other syntax is taken as plain words.",
        examples=["russia", '"foreign policy"', "reform*"],
    )
    limit: int = Field(5, ge=1, le=50, description="Best matches per kind, 1–50.")


class ClaimHit(BaseModel):
    id: int
    url: str = Field(description="The claim in the API.")
    kind: str
    expert: str = Field(description="Expert slug.")
    statement: str
    stated_on: dt.date
    snippet: str = Field(description="HTML-escaped passage with the matched words in `<mark>`.")


class ExpertHit(BaseModel):
    slug: str
    url: str = Field(description="The expert in the API.")
    name: str
    kind: str
    role: str | None


class SourceHit(BaseModel):
    id: int
    href: str = Field(description="The source in the API.")
    title: str
    publisher: str | None
    published_on: dt.date | None


class TopicHit(BaseModel):
    slug: str
    url: str = Field(description="The topic in the API.")
    name: str
    parent: str | None
    claims_url: str = Field(description="Its claims, sub-topics included.")


class ClaimHits(BaseModel):
    items: list[ClaimHit] = Field(description="Best first.")
    more: str | None = Field(None, description="Every matching claim, when there may be more.")


class ExpertHits(BaseModel):
    items: list[ExpertHit] = Field(description="Best first: name, aliases, role, affiliation.")
    more: str | None = Field(None, description="Every matching expert, when there may be more.")


class SourceHits(BaseModel):
    items: list[SourceHit] = Field(description="Best first: title and publisher.")
    more: str | None = Field(None, description="Every matching source, when there may be more.")


class TopicHits(BaseModel):
    items: list[TopicHit] = Field(description="Best first: name and slug.")


class SearchResults(BaseModel):
    """The best few of each kind, in short form; each item's URL leads to the full record."""

    q: str = Field(description="The search text, as given.")
    claims: ClaimHits
    experts: ExpertHits
    sources: SourceHits
    topics: TopicHits

"""Experts: list query and representation."""

import datetime as dt
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from app.domain import search
from app.filters import any_of
from app.models import ExpertKind
from app.models.expert import Expert
from app.schemas.common import (
    MAX_VALUES,
    Country,
    InputModel,
    Name,
    PageQuery,
    PastDate,
    QueryModel,
    Slug,
    UpdateModel,
    Url,
)


class ExpertQuery(PageQuery):
    kind: Annotated[list[ExpertKind], any_of(Expert.kind)] = Field(
        [], max_length=MAX_VALUES, description="`person`, `organization` or `group`."
    )
    country: Annotated[
        list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]], any_of(Expert.country)
    ] = Field([], max_length=MAX_VALUES, description="ISO 3166-1 alpha-2 country code, upper case.")
    q: Annotated[
        str | None, search.text_filter(search.EXPERTS, Expert.id), AfterValidator(search.check)
    ] = Field(
        None,
        min_length=1,
        max_length=200,
        description="Full-text search over the name, aliases, role and affiliation;"
        " the syntax of the claims' `q`.",
    )
    sort: Literal["slug", "-slug", "name", "-name", "brier", "-brier"] = Field(
        "name",
        description="Order. `brier` ranks by Brier score over resolved forecasts, best first"
        " (a leaderboard); it needs `min_resolved`.",
    )
    min_resolved: int | None = Field(
        None,
        ge=1,
        le=10_000,
        description="With `sort=brier`: leave out experts with fewer"
        " resolved (true or false) forecasts than this.",
    )

    @model_validator(mode="after")
    def _leaderboard(self) -> Self:
        ranked = self.sort.removeprefix("-") == "brier"
        if ranked != (self.min_resolved is not None):
            raise ValueError("sort=brier and min_resolved go together (min_resolved >= 1)")
        return self


class ExpertRead(BaseModel):
    slug: str = Field(description="Stable identifier, used in URLs and filters.")
    url: str = Field(description="This expert in the API.")
    name: str
    kind: ExpertKind
    role: str | None = Field(description="Role or title as the source writes it.")
    affiliation: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2.")
    aliases: list[str] = Field(description="Other spellings and transliterations of the name.")
    links: dict[str, Any] = Field(description="Identifiers elsewhere: `wikidata`, `homepage`.")
    claims_url: str = Field(description="This expert's claims.")
    score: dict[str, float] | None = Field(
        None, description="With `sort=brier`: `brier` and `resolved` (the forecasts scored)."
    )
    claim_counts: dict[str, int] | None = Field(
        None, description="Claims by kind, and `total` (detail only; retracted left out)."
    )
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class ExpertPage(BaseModel):
    items: list[ExpertRead]
    next: str | None = None
    count: int | None = None


class ExpertCreate(InputModel):
    slug: Slug = Field(description="Stable identifier, lower-case words joined by hyphens.")
    name: Name = Field(description="Name as the expert is known.")
    kind: ExpertKind = Field(description="`person`, `organization` or `group`.")
    role: Name | None = Field(None, description="Role or title as the source writes it.")
    affiliation: Name | None = Field(None, description="Organisation the expert speaks for.")
    country: Country | None = Field(None, description="ISO 3166-1 alpha-2, upper case.")
    aliases: list[Name] = Field([], max_length=50, description="Other spellings of the name.")
    links: dict[Annotated[str, Field(max_length=40)], Url] = Field(
        {}, max_length=20, description="Identifiers elsewhere: `wikidata`, `homepage`."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slug": "aigerim-sarsenova",
                    "name": "Aigerim Sarsenova",
                    "kind": "person",
                    "role": "economist",
                    "country": "KZ",
                    "aliases": ["Айгерим Сарсенова"],
                }
            ]
        }
    )


class ExpertUpdate(UpdateModel):
    """Only the fields sent change; the slug is the expert's identity and does not."""

    NULLABLE = frozenset({"role", "affiliation", "country"})

    name: Name | None = Field(None, description="Name as the expert is known.")
    kind: ExpertKind | None = Field(None, description="`person`, `organization` or `group`.")
    role: Name | None = Field(None, description="Role or title as the source writes it.")
    affiliation: Name | None = Field(None, description="Organisation the expert speaks for.")
    country: Country | None = Field(None, description="ISO 3166-1 alpha-2, upper case.")
    aliases: list[Name] | None = Field(None, max_length=50, description="Replaces the aliases.")
    links: dict[Annotated[str, Field(max_length=40)], Url] | None = Field(
        None, max_length=20, description="Replaces the links."
    )

    model_config = ConfigDict(json_schema_extra={"examples": [{"role": "senior economist"}]})


class ExpertMerge(InputModel):
    """The expert this one is the same person as; that one keeps its slug."""

    into: Slug = Field(
        description="Slug of the expert to merge into: it gets the claims, and this expert's"
        " name and aliases as aliases; this expert's slug redirects to it."
    )

    model_config = ConfigDict(json_schema_extra={"examples": [{"into": "gaziz-abishev"}]})


class ScorecardQuery(QueryModel):
    as_of: PastDate | None = Field(
        None, description="The scorecard as it stood at the end of this day (YYYY-MM-DD)."
    )
    topic: Slug | None = Field(None, description="Only forecasts on this topic and below it.")

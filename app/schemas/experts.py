"""Experts: list query and representation."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from app.filters import any_of
from app.models import ExpertKind
from app.models.expert import Expert
from app.schemas.common import MAX_VALUES, PageQuery


class ExpertQuery(PageQuery):
    kind: Annotated[list[ExpertKind], any_of(Expert.kind)] = Field(
        [], max_length=MAX_VALUES, description="`person`, `organization` or `group`."
    )
    country: Annotated[
        list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]], any_of(Expert.country)
    ] = Field([], max_length=MAX_VALUES, description="ISO 3166-1 alpha-2 country code, upper case.")
    sort: Literal["slug", "-slug", "name", "-name"] = Field("name", description="Order.")


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

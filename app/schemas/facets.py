"""`/v1/claims/facets`: the claims list's filters, which facets to count, and the answer."""

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, create_model

from app.domain.facets import FACETS, FacetName
from app.filters import filter_names
from app.schemas.claims import ClaimQuery, split_commas
from app.schemas.common import QueryModel


def _filters_of_the_list() -> type[QueryModel]:
    """A query model with exactly the filter parameters of `/v1/claims` (no paging or sort)."""
    fields: dict[str, Any] = {
        name: (ClaimQuery.model_fields[name].annotation, ClaimQuery.model_fields[name])
        for name in filter_names(ClaimQuery)
    }
    return create_model("ClaimListFilters", __base__=QueryModel, **fields)


ClaimListFilters = _filters_of_the_list()


class FacetQuery(ClaimListFilters):  # type: ignore[misc,valid-type]
    """The filters of the claims list, and which facets to count over what they match."""

    facet: Annotated[list[FacetName], BeforeValidator(split_commas)] = Field(
        list(FACETS),
        description="Facets to count (repeat or comma-separate): `topic` (a claim counts under"
        " its topics and every topic above them), `expert`, `outcome`, `kind`, `year` (of"
        " `stated_on`). All five when not given.",
    )
    facet_size: int = Field(10, ge=1, le=100, description="Most values listed per facet.")


class FacetValueRead(BaseModel):
    value: str = Field(description="The filter value: a slug, an outcome, a kind or a year.")
    label: str = Field(description="For people: a topic's or expert's name, else the value.")
    count: int = Field(description="Matching claims with this value.")
    selected: bool = Field(description="The query already filters on this value.")
    url: str = Field(description="The claims list with the query's filters and this value.")


class FacetRead(BaseModel):
    values: list[FacetValueRead] = Field(description="Most claims first, then by value.")
    truncated: bool = Field(description="More values exist than `facet_size` lists.")


class FacetResults(BaseModel):
    claims_url: str = Field(description="The claims list these facets count.")
    facets: dict[FacetName, FacetRead] = Field(description="Each facet asked for, by name.")
    timed_out: list[FacetName] = Field(
        description="Facets left out because counting them overran the time budget."
    )

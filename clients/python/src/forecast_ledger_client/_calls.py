"""Every endpoint as a `Call`: built here once, sent by `Client` and `AsyncClient` alike."""

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from forecast_ledger_client import errors
from forecast_ledger_client import models as m
from forecast_ledger_client._core import Call, EtagCache, get, post

T = TypeVar("T")
Raw = dict[str, Any]
ExportFormat = Literal["csv", "ndjson", "jsonld"]
Include = Sequence[str] | str


def _slug(value: str) -> str:
    return quote(value, safe="")


class Calls:
    """The requests of the API; writes take If-Match from the ETags that `cache` remembers."""

    def __init__(self, cache: EtagCache) -> None:
        self.cache = cache

    def page(self, path: str, params: Mapping[str, Any], page_size: int) -> Call[Raw]:
        return get(path, dict, {**params, "limit": page_size})

    def claims_export(self, params: Mapping[str, Any], fmt: ExportFormat) -> Call[Raw]:
        return get(f"/v1/claims.{fmt}", dict, dict(params))

    def claim(self, claim_id: int, include: Include = ()) -> Call[m.ClaimRead]:
        return get(f"/v1/claims/{claim_id}", m.ClaimRead, {"include": include})

    def claim_resolutions(self, claim_id: int) -> Call[m.ResolutionList]:
        return get(f"/v1/claims/{claim_id}/resolutions", m.ResolutionList)

    def facets(self, params: Mapping[str, Any]) -> Call[m.FacetResults]:
        return get("/v1/claims/facets", m.FacetResults, params)

    def expert(self, slug: str) -> Call[m.ExpertRead]:
        return get(f"/v1/experts/{_slug(slug)}", m.ExpertRead)

    def scorecard(self, slug: str, params: Mapping[str, Any]) -> Call[m.ScorecardRead]:
        return get(f"/v1/experts/{_slug(slug)}/scorecard", m.ScorecardRead, params)

    def source(self, source_id: int) -> Call[m.SourceRead]:
        return get(f"/v1/sources/{source_id}", m.SourceRead)

    def topics(self) -> Call[m.TopicTree]:
        return get("/v1/topics", m.TopicTree)

    def topic(self, slug: str) -> Call[m.TopicRead]:
        return get(f"/v1/topics/{_slug(slug)}", m.TopicRead)

    def proposition(self, slug: str) -> Call[m.PropositionRead]:
        return get(f"/v1/propositions/{_slug(slug)}", m.PropositionRead)

    def consensus(self, slug: str) -> Call[m.Consensus]:
        return get(f"/v1/propositions/{_slug(slug)}/consensus", m.Consensus)

    def proposition_resolutions(self, slug: str) -> Call[m.ResolutionList]:
        return get(f"/v1/propositions/{_slug(slug)}/resolutions", m.ResolutionList)

    def search(self, q: str, limit: int) -> Call[m.SearchResults]:
        return get("/v1/search", m.SearchResults, {"q": q, "limit": limit})

    def ready(self) -> Call[m.Health]:
        return get("/readyz", m.Health)

    # Writes
    def create(
        self,
        path: str,
        model: type[T],
        body: BaseModel,
        key: str | None,
        params: Mapping[str, Any] | None = None,
    ) -> Call[T]:
        return post(path, model, body, params, idempotency_key=key)

    def change(
        self, method: str, path: str, model: type[T], body: BaseModel | None, etag: str | None
    ) -> Call[T]:
        if_match = etag or self.cache.version(path)
        if if_match is None:
            raise errors.NotReadError(
                f"{method} {path} needs the ETag of the version it changes: read it with this"
                " client first, or pass etag="
            )
        payload = None if body is None else body.model_dump(mode="json", exclude_unset=True)
        return Call(method, path, model, body=payload, if_match=if_match)

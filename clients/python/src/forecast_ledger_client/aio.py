"""`AsyncClient`: the asynchronous client, method for method the twin of `Client`."""

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, Unpack

import httpx
from pydantic import BaseModel

from forecast_ledger_client import _core, errors, frames
from forecast_ledger_client import models as m
from forecast_ledger_client._calls import Calls, ExportFormat, Raw
from forecast_ledger_client._core import Call, EtagCache, Retries
from forecast_ledger_client.params import (
    ClaimsParams,
    ExpertClaimsParams,
    ExpertsParams,
    FacetsParams,
    PropositionsParams,
    ScorecardParams,
    SourcesParams,
)

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")
Item = TypeVar("Item", bound=BaseModel)
PAGE_SIZE = 100


class AsyncListing(Generic[Item]):
    """A lazy list for `async for`: pages are fetched through the cursors, up to `max_items`."""

    def __init__(
        self,
        client: "AsyncClient",
        first: Call[Raw],
        model: type[Item],
        *,
        max_items: int | None,
        export: Call[Raw] | None = None,
    ) -> None:
        self._client, self._first, self._model = client, first, model
        self.max_items, self._export = max_items, export

    async def rows(self) -> AsyncIterator[dict[str, Any]]:
        """The items as the JSON the server sent, page after page."""
        call: Call[Raw] | None = self._first
        seen = 0
        while call is not None:
            page: Raw = await self._client._send(call)
            for row in page["items"]:
                if self.max_items is not None and seen >= self.max_items:
                    return
                seen += 1
                yield row
            done = self.max_items is not None and seen >= self.max_items
            call = _core.get(page["next"], dict) if page.get("next") and not done else None

    async def __aiter__(self) -> AsyncIterator[Item]:
        async for row in self.rows():
            yield self._model.model_validate(row)

    async def to_list(self) -> list[Item]:
        return [item async for item in self]

    async def to_pandas(self) -> "pd.DataFrame":
        """A DataFrame of every item; claims without `max_items` stream from the NDJSON export."""
        if self._export is not None and self.max_items is None:
            rows = [row async for row in self._client._claim_lines(self._export)]
        else:
            rows = [row async for row in self.rows()]
        return frames.frame(rows, self._model)


class AsyncClient:
    """The Forecast Ledger API: typed reads, lazy listings, safe writes, polite retries.

    `api_key` is sent as a bearer token (needed for writes; reads show drafts with it).
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        retries: Retries | None = None,
        cache_size: int = 256,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        headers = {"User-Agent": _core.USER_AGENT, "Accept": "application/json"}
        if api_key is not None:
            headers["Authorization"] = f"Bearer {api_key}"
        self._http = httpx.AsyncClient(
            base_url=base_url, headers=headers, timeout=timeout, transport=transport
        )
        self.retries = retries or Retries()
        self.cache = EtagCache(cache_size)
        self._calls = Calls(self.cache)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # Sending
    def _request(self, call: Call[Any]) -> httpx.Request:
        request = self._http.build_request(
            call.method,
            call.url,
            params=tuple(call.params) or None,
            json=call.body,
            headers=call.headers(),
        )
        request.headers.update(self.cache.conditional(call, str(request.url)))
        return request

    async def _attempts(self, call: Call[Any], *, stream: bool = False) -> httpx.Response:
        for attempt in itertools.count():
            request = self._request(call)
            try:
                response = await self._http.send(request, stream=stream)
            except httpx.TransportError as error:
                wait = self.retries.after_error(attempt) if call.replayable(error) else None
                if wait is None:
                    raise errors.ConnectionFailedError(
                        f"{call.method} {request.url}: {error!r}"
                    ) from error
                await asyncio.sleep(wait)
                continue
            wait = self.retries.after_response(response, attempt)
            if wait is None:
                if stream and response.status_code >= 300:
                    await response.aread()
                answer: httpx.Response = self.cache.answer(str(request.url), response)
                return answer
            await response.aclose()
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send(self, call: Call[T]) -> T:
        return _core.parse(call, await self._attempts(call))

    async def _lines(self, call: Call[Raw]) -> AsyncIterator[str]:
        response = await self._attempts(call, stream=True)
        try:
            errors.raise_for_problem(response)
            async for line in response.aiter_lines():
                yield line
        except httpx.TransportError as error:  # the stream broke half-way: no retry can mend it
            raise errors.ConnectionFailedError(f"GET {call.url}: {error!r}") from error
        finally:
            await response.aclose()

    async def _claim_lines(self, call: Call[Raw]) -> AsyncIterator[dict[str, Any]]:
        checker = _core.ExportCheck()
        async for line in self._lines(call):
            if line and (claim := checker.take(json.loads(line))) is not None:
                yield claim
        checker.finish()

    def _listing(
        self,
        path: str,
        model: type[Item],
        params: Any,
        max_items: int | None,
        page_size: int,
        export: Call[Raw] | None = None,
    ) -> AsyncListing[Item]:
        size = min(page_size, max_items) if max_items else page_size
        return AsyncListing(
            self, self._calls.page(path, params, size), model, max_items=max_items, export=export
        )

    # Claims
    def claims(
        self,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[ClaimsParams],
    ) -> AsyncListing[m.ClaimRead]:
        """Claims matching every filter given, newest first (best match first with `q`)."""
        export = self._calls.claims_export(filters, "ndjson")
        return self._listing("/v1/claims", m.ClaimRead, filters, max_items, page_size, export)

    async def claim(self, claim_id: int, *, include: Any = ()) -> m.ClaimRead:
        """One claim; `include=["expert", "source", "topics"]` embeds those records."""
        return await self._send(self._calls.claim(claim_id, include))

    def claim_history(
        self, claim_id: int, *, max_items: int | None = None, page_size: int = PAGE_SIZE
    ) -> AsyncListing[m.RevisionRead]:
        """Every change to a claim, oldest first."""
        path = f"/v1/claims/{claim_id}/history"
        return self._listing(path, m.RevisionRead, {}, max_items, page_size)

    async def claim_resolutions(self, claim_id: int) -> list[m.ResolutionRead]:
        return (await self._send(self._calls.claim_resolutions(claim_id))).items

    async def facets(self, **filters: Unpack[FacetsParams]) -> m.FacetResults:
        """Counts of the matching claims per topic, expert, outcome, kind and year."""
        return await self._send(self._calls.facets(filters))

    def export_claims(self, **filters: Unpack[ClaimsParams]) -> AsyncIterator[dict[str, Any]]:
        """Every matching claim as the NDJSON export streams it (checked against its trailer)."""
        return self._claim_lines(self._calls.claims_export(filters, "ndjson"))

    def export(self, fmt: ExportFormat, **filters: Unpack[ClaimsParams]) -> AsyncIterator[str]:
        """The lines of the claims export in `fmt` (`csv`, `ndjson` or `jsonld`), streamed."""
        return self._lines(self._calls.claims_export(filters, fmt))

    async def count_claims(self, **filters: Unpack[ClaimsParams]) -> int:
        """How many claims the filters match."""
        call = self._calls.page("/v1/claims", {**filters, "count": "exact"}, 1)
        return int((await self._send(call))["count"])

    # Experts
    def experts(
        self,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[ExpertsParams],
    ) -> AsyncListing[m.ExpertRead]:
        return self._listing("/v1/experts", m.ExpertRead, filters, max_items, page_size)

    async def expert(self, slug: str) -> m.ExpertRead:
        return await self._send(self._calls.expert(slug))

    def expert_claims(
        self,
        slug: str,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[ExpertClaimsParams],
    ) -> AsyncListing[m.ClaimRead]:
        export = self._calls.claims_export({**filters, "expert": slug}, "ndjson")
        path = f"/v1/experts/{slug}/claims"
        return self._listing(path, m.ClaimRead, filters, max_items, page_size, export)

    def expert_history(
        self, slug: str, *, max_items: int | None = None, page_size: int = PAGE_SIZE
    ) -> AsyncListing[m.RevisionRead]:
        path = f"/v1/experts/{slug}/history"
        return self._listing(path, m.RevisionRead, {}, max_items, page_size)

    async def scorecard(self, slug: str, **params: Unpack[ScorecardParams]) -> m.ScorecardRead:
        return await self._send(self._calls.scorecard(slug, params))

    # Sources, topics, propositions, search
    def sources(
        self,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[SourcesParams],
    ) -> AsyncListing[m.SourceRead]:
        return self._listing("/v1/sources", m.SourceRead, filters, max_items, page_size)

    async def source(self, source_id: int) -> m.SourceRead:
        return await self._send(self._calls.source(source_id))

    def source_history(
        self, source_id: int, *, max_items: int | None = None, page_size: int = PAGE_SIZE
    ) -> AsyncListing[m.RevisionRead]:
        path = f"/v1/sources/{source_id}/history"
        return self._listing(path, m.RevisionRead, {}, max_items, page_size)

    async def topics(self) -> list[m.TopicNode]:
        """The topic tree's roots, each with its `children`."""
        return (await self._send(self._calls.topics())).items

    async def topic(self, slug: str) -> m.TopicRead:
        return await self._send(self._calls.topic(slug))

    def propositions(
        self,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[PropositionsParams],
    ) -> AsyncListing[m.PropositionRead]:
        return self._listing("/v1/propositions", m.PropositionRead, filters, max_items, page_size)

    async def proposition(self, slug: str) -> m.PropositionRead:
        return await self._send(self._calls.proposition(slug))

    async def consensus(self, slug: str) -> m.Consensus:
        return await self._send(self._calls.consensus(slug))

    async def proposition_resolutions(self, slug: str) -> list[m.ResolutionRead]:
        return (await self._send(self._calls.proposition_resolutions(slug))).items

    async def search(self, q: str, *, limit: int = 5) -> m.SearchResults:
        """The best few claims, experts, sources and topics matching `q`."""
        return await self._send(self._calls.search(q, limit))

    async def ready(self) -> m.Health:
        return await self._send(self._calls.ready())

    # Writes: POSTs carry an Idempotency-Key (one per call, kept across retries); PATCH and
    # DELETE carry If-Match with the ETag this client last saw for the record (or `etag=`).
    async def create_expert(
        self, body: m.ExpertCreate, *, idempotency_key: str | None = None
    ) -> m.ExpertRead:
        return await self._send(
            self._calls.create("/v1/experts", m.ExpertRead, body, idempotency_key)
        )

    async def update_expert(
        self, slug: str, changes: m.ExpertUpdate, *, etag: str | None = None
    ) -> m.ExpertRead:
        return await self._send(
            self._calls.change("PATCH", f"/v1/experts/{slug}", m.ExpertRead, changes, etag)
        )

    async def create_topic(
        self, body: m.TopicCreate, *, idempotency_key: str | None = None
    ) -> m.TopicRead:
        return await self._send(
            self._calls.create("/v1/topics", m.TopicRead, body, idempotency_key)
        )

    async def update_topic(
        self, slug: str, changes: m.TopicUpdate, *, etag: str | None = None
    ) -> m.TopicRead:
        return await self._send(
            self._calls.change("PATCH", f"/v1/topics/{slug}", m.TopicRead, changes, etag)
        )

    async def create_source(
        self,
        body: m.SourceCreate,
        *,
        dry_run: bool = False,
        extract: bool = True,
        idempotency_key: str | None = None,
    ) -> m.IngestRead:
        """Ingest an article (scope `ingest`): its source and draft claims; `dry_run` saves none."""
        params = {"dry_run": dry_run, "extract": extract}
        return await self._send(
            self._calls.create("/v1/sources", m.IngestRead, body, idempotency_key, params)
        )

    async def update_source(
        self, source_id: int, changes: m.SourceUpdate, *, etag: str | None = None
    ) -> m.SourceRead:
        return await self._send(
            self._calls.change("PATCH", f"/v1/sources/{source_id}", m.SourceRead, changes, etag)
        )

    async def create_claim(
        self, body: m.ClaimCreate, *, idempotency_key: str | None = None
    ) -> m.ClaimRead:
        return await self._send(
            self._calls.create("/v1/claims", m.ClaimRead, body, idempotency_key)
        )

    async def update_claim(
        self, claim_id: int, changes: m.ClaimUpdate, *, etag: str | None = None
    ) -> m.ClaimRead:
        return await self._send(
            self._calls.change("PATCH", f"/v1/claims/{claim_id}", m.ClaimRead, changes, etag)
        )

    async def retract_claim(self, claim_id: int, *, etag: str | None = None) -> m.ClaimRead:
        return await self._send(
            self._calls.change("DELETE", f"/v1/claims/{claim_id}", m.ClaimRead, None, etag)
        )

    async def resolve_claim(
        self, claim_id: int, body: m.ResolutionCreate, *, idempotency_key: str | None = None
    ) -> m.ResolutionRead:
        path = f"/v1/claims/{claim_id}/resolutions"
        return await self._send(self._calls.create(path, m.ResolutionRead, body, idempotency_key))

    async def create_proposition(
        self, body: m.PropositionCreate, *, idempotency_key: str | None = None
    ) -> m.PropositionRead:
        return await self._send(
            self._calls.create("/v1/propositions", m.PropositionRead, body, idempotency_key)
        )

    async def update_proposition(
        self, slug: str, changes: m.PropositionUpdate, *, etag: str | None = None
    ) -> m.PropositionRead:
        path = f"/v1/propositions/{slug}"
        return await self._send(self._calls.change("PATCH", path, m.PropositionRead, changes, etag))

    async def resolve_proposition(
        self, slug: str, body: m.ResolutionCreate, *, idempotency_key: str | None = None
    ) -> m.ResolutionRead:
        path = f"/v1/propositions/{slug}/resolutions"
        return await self._send(self._calls.create(path, m.ResolutionRead, body, idempotency_key))

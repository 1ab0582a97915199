"""`Client`: the synchronous client. Every method has its twin on `AsyncClient`."""

import itertools
import json
import time
from collections.abc import Iterator
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


class Listing(Generic[Item]):
    """A lazy list: pages are fetched through the cursors as it is iterated, up to `max_items`."""

    def __init__(
        self,
        client: "Client",
        first: Call[Raw],
        model: type[Item],
        *,
        max_items: int | None,
        export: Call[Raw] | None = None,
    ) -> None:
        self._client, self._first, self._model = client, first, model
        self.max_items, self._export = max_items, export

    def rows(self) -> Iterator[dict[str, Any]]:
        """The items as the JSON the server sent, page after page."""
        call: Call[Raw] | None = self._first
        seen = 0
        while call is not None:
            page: Raw = self._client._send(call)
            for row in page["items"]:
                if self.max_items is not None and seen >= self.max_items:
                    return
                seen += 1
                yield row
            done = self.max_items is not None and seen >= self.max_items
            call = _core.get(page["next"], dict) if page.get("next") and not done else None

    def __iter__(self) -> Iterator[Item]:
        return (self._model.model_validate(row) for row in self.rows())

    def to_list(self) -> list[Item]:
        return list(self)

    def to_pandas(self) -> "pd.DataFrame":
        """A DataFrame of every item; claims without `max_items` stream from the NDJSON export."""
        if self._export is not None and self.max_items is None:
            return frames.frame(self._client._claim_lines(self._export), self._model)
        return frames.frame(self.rows(), self._model)


class Client:
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
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"User-Agent": _core.USER_AGENT, "Accept": "application/json"}
        if api_key is not None:
            headers["Authorization"] = f"Bearer {api_key}"
        self._http = httpx.Client(
            base_url=base_url, headers=headers, timeout=timeout, transport=transport
        )
        self.retries = retries or Retries()
        self.cache = EtagCache(cache_size)
        self._calls = Calls(self.cache)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

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

    def _attempts(self, call: Call[Any], *, stream: bool = False) -> httpx.Response:
        for attempt in itertools.count():
            request = self._request(call)
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as error:
                wait = self.retries.after_error(attempt) if call.replayable(error) else None
                if wait is None:
                    raise errors.ConnectionFailedError(
                        f"{call.method} {request.url}: {error!r}"
                    ) from error
                time.sleep(wait)
                continue
            wait = self.retries.after_response(response, attempt)
            if wait is None:
                if stream and response.status_code >= 300:
                    response.read()
                answer: httpx.Response = self.cache.answer(str(request.url), response)
                return answer
            response.close()
            time.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, call: Call[T]) -> T:
        return _core.parse(call, self._attempts(call))

    def _lines(self, call: Call[Raw]) -> Iterator[str]:
        response = self._attempts(call, stream=True)
        try:
            errors.raise_for_problem(response)
            yield from response.iter_lines()
        except httpx.TransportError as error:  # the stream broke half-way: no retry can mend it
            raise errors.ConnectionFailedError(f"GET {call.url}: {error!r}") from error
        finally:
            response.close()

    def _claim_lines(self, call: Call[Raw]) -> Iterator[dict[str, Any]]:
        checker = _core.ExportCheck()
        for line in self._lines(call):
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
    ) -> Listing[Item]:
        size = min(page_size, max_items) if max_items else page_size
        return Listing(
            self, self._calls.page(path, params, size), model, max_items=max_items, export=export
        )

    # Claims
    def claims(
        self,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[ClaimsParams],
    ) -> Listing[m.ClaimRead]:
        """Claims matching every filter given, newest first (best match first with `q`)."""
        export = self._calls.claims_export(filters, "ndjson")
        return self._listing("/v1/claims", m.ClaimRead, filters, max_items, page_size, export)

    def claim(self, claim_id: int, *, include: Any = ()) -> m.ClaimRead:
        """One claim; `include=["expert", "source", "topics"]` embeds those records."""
        return self._send(self._calls.claim(claim_id, include))

    def claim_history(
        self, claim_id: int, *, max_items: int | None = None, page_size: int = PAGE_SIZE
    ) -> Listing[m.RevisionRead]:
        """Every change to a claim, oldest first."""
        path = f"/v1/claims/{claim_id}/history"
        return self._listing(path, m.RevisionRead, {}, max_items, page_size)

    def claim_resolutions(self, claim_id: int) -> list[m.ResolutionRead]:
        return self._send(self._calls.claim_resolutions(claim_id)).items

    def facets(self, **filters: Unpack[FacetsParams]) -> m.FacetResults:
        """Counts of the matching claims per topic, expert, outcome, kind and year."""
        return self._send(self._calls.facets(filters))

    def export_claims(self, **filters: Unpack[ClaimsParams]) -> Iterator[dict[str, Any]]:
        """Every matching claim as the NDJSON export streams it (checked against its trailer)."""
        return self._claim_lines(self._calls.claims_export(filters, "ndjson"))

    def export(self, fmt: ExportFormat, **filters: Unpack[ClaimsParams]) -> Iterator[str]:
        """The lines of the claims export in `fmt` (`csv`, `ndjson` or `jsonld`), streamed."""
        return self._lines(self._calls.claims_export(filters, fmt))

    def count_claims(self, **filters: Unpack[ClaimsParams]) -> int:
        """How many claims the filters match."""
        call = self._calls.page("/v1/claims", {**filters, "count": "exact"}, 1)
        return int(self._send(call)["count"])

    # Experts
    def experts(
        self,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[ExpertsParams],
    ) -> Listing[m.ExpertRead]:
        return self._listing("/v1/experts", m.ExpertRead, filters, max_items, page_size)

    def expert(self, slug: str) -> m.ExpertRead:
        return self._send(self._calls.expert(slug))

    def expert_claims(
        self,
        slug: str,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[ExpertClaimsParams],
    ) -> Listing[m.ClaimRead]:
        export = self._calls.claims_export({**filters, "expert": slug}, "ndjson")
        path = f"/v1/experts/{slug}/claims"
        return self._listing(path, m.ClaimRead, filters, max_items, page_size, export)

    def expert_history(
        self, slug: str, *, max_items: int | None = None, page_size: int = PAGE_SIZE
    ) -> Listing[m.RevisionRead]:
        path = f"/v1/experts/{slug}/history"
        return self._listing(path, m.RevisionRead, {}, max_items, page_size)

    def scorecard(self, slug: str, **params: Unpack[ScorecardParams]) -> m.ScorecardRead:
        return self._send(self._calls.scorecard(slug, params))

    # Sources, topics, propositions, search
    def sources(
        self,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[SourcesParams],
    ) -> Listing[m.SourceRead]:
        return self._listing("/v1/sources", m.SourceRead, filters, max_items, page_size)

    def source(self, source_id: int) -> m.SourceRead:
        return self._send(self._calls.source(source_id))

    def source_history(
        self, source_id: int, *, max_items: int | None = None, page_size: int = PAGE_SIZE
    ) -> Listing[m.RevisionRead]:
        path = f"/v1/sources/{source_id}/history"
        return self._listing(path, m.RevisionRead, {}, max_items, page_size)

    def topics(self) -> list[m.TopicNode]:
        """The topic tree's roots, each with its `children`."""
        return self._send(self._calls.topics()).items

    def topic(self, slug: str) -> m.TopicRead:
        return self._send(self._calls.topic(slug))

    def propositions(
        self,
        *,
        max_items: int | None = None,
        page_size: int = PAGE_SIZE,
        **filters: Unpack[PropositionsParams],
    ) -> Listing[m.PropositionRead]:
        return self._listing("/v1/propositions", m.PropositionRead, filters, max_items, page_size)

    def proposition(self, slug: str) -> m.PropositionRead:
        return self._send(self._calls.proposition(slug))

    def consensus(self, slug: str) -> m.Consensus:
        return self._send(self._calls.consensus(slug))

    def proposition_resolutions(self, slug: str) -> list[m.ResolutionRead]:
        return self._send(self._calls.proposition_resolutions(slug)).items

    def search(self, q: str, *, limit: int = 5) -> m.SearchResults:
        """The best few claims, experts, sources and topics matching `q`."""
        return self._send(self._calls.search(q, limit))

    def ready(self) -> m.Health:
        return self._send(self._calls.ready())

    # Writes: POSTs carry an Idempotency-Key (one per call, kept across retries); PATCH and
    # DELETE carry If-Match with the ETag this client last saw for the record (or `etag=`).
    def create_expert(
        self, body: m.ExpertCreate, *, idempotency_key: str | None = None
    ) -> m.ExpertRead:
        return self._send(self._calls.create("/v1/experts", m.ExpertRead, body, idempotency_key))

    def update_expert(
        self, slug: str, changes: m.ExpertUpdate, *, etag: str | None = None
    ) -> m.ExpertRead:
        return self._send(
            self._calls.change("PATCH", f"/v1/experts/{slug}", m.ExpertRead, changes, etag)
        )

    def create_topic(
        self, body: m.TopicCreate, *, idempotency_key: str | None = None
    ) -> m.TopicRead:
        return self._send(self._calls.create("/v1/topics", m.TopicRead, body, idempotency_key))

    def update_topic(
        self, slug: str, changes: m.TopicUpdate, *, etag: str | None = None
    ) -> m.TopicRead:
        return self._send(
            self._calls.change("PATCH", f"/v1/topics/{slug}", m.TopicRead, changes, etag)
        )

    def create_source(
        self,
        body: m.SourceCreate,
        *,
        dry_run: bool = False,
        extract: bool = True,
        idempotency_key: str | None = None,
    ) -> m.IngestRead:
        """Ingest an article (scope `ingest`): its source and draft claims; `dry_run` saves none."""
        params = {"dry_run": dry_run, "extract": extract}
        return self._send(
            self._calls.create("/v1/sources", m.IngestRead, body, idempotency_key, params)
        )

    def update_source(
        self, source_id: int, changes: m.SourceUpdate, *, etag: str | None = None
    ) -> m.SourceRead:
        return self._send(
            self._calls.change("PATCH", f"/v1/sources/{source_id}", m.SourceRead, changes, etag)
        )

    def create_claim(
        self, body: m.ClaimCreate, *, idempotency_key: str | None = None
    ) -> m.ClaimRead:
        return self._send(self._calls.create("/v1/claims", m.ClaimRead, body, idempotency_key))

    def update_claim(
        self, claim_id: int, changes: m.ClaimUpdate, *, etag: str | None = None
    ) -> m.ClaimRead:
        return self._send(
            self._calls.change("PATCH", f"/v1/claims/{claim_id}", m.ClaimRead, changes, etag)
        )

    def retract_claim(self, claim_id: int, *, etag: str | None = None) -> m.ClaimRead:
        return self._send(
            self._calls.change("DELETE", f"/v1/claims/{claim_id}", m.ClaimRead, None, etag)
        )

    def resolve_claim(
        self, claim_id: int, body: m.ResolutionCreate, *, idempotency_key: str | None = None
    ) -> m.ResolutionRead:
        path = f"/v1/claims/{claim_id}/resolutions"
        return self._send(self._calls.create(path, m.ResolutionRead, body, idempotency_key))

    def create_proposition(
        self, body: m.PropositionCreate, *, idempotency_key: str | None = None
    ) -> m.PropositionRead:
        return self._send(
            self._calls.create("/v1/propositions", m.PropositionRead, body, idempotency_key)
        )

    def update_proposition(
        self, slug: str, changes: m.PropositionUpdate, *, etag: str | None = None
    ) -> m.PropositionRead:
        path = f"/v1/propositions/{slug}"
        return self._send(self._calls.change("PATCH", path, m.PropositionRead, changes, etag))

    def resolve_proposition(
        self, slug: str, body: m.ResolutionCreate, *, idempotency_key: str | None = None
    ) -> m.ResolutionRead:
        path = f"/v1/propositions/{slug}/resolutions"
        return self._send(self._calls.create(path, m.ResolutionRead, body, idempotency_key))

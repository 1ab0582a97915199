"""Reads through the client against a real server: lazy paging, the ETag cache, typed errors."""

import httpx
import pytest
from forecast_ledger_client import Client, InvalidInputError, NotFoundError, models

from tests.client.conftest import BULK_EXPERT, Api


class Recorder:
    """Event hooks that note every request's path and every answer's status."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.statuses: list[int] = []

    def request(self, request: httpx.Request) -> None:
        self.paths.append(request.url.path)

    def response(self, response: httpx.Response) -> None:
        self.statuses.append(response.status_code)


def recorded(client: Client) -> Recorder:
    recorder = Recorder()
    client._http.event_hooks = {"request": [recorder.request], "response": [recorder.response]}
    return recorder


def test_paging_over_a_thousand_claims_returns_each_exactly_once(api: Api) -> None:
    with Client(api.base_url) as client:
        recorder = recorded(client)
        ids = [claim.id for claim in client.claims(expert=BULK_EXPERT, page_size=37)]
    assert len(ids) == len(api.bulk_ids)
    assert set(ids) == api.bulk_ids
    assert len(recorder.paths) == -(-len(ids) // 37)  # ceil: one request per page, no more


def test_iteration_is_lazy_and_stops_at_max_items(api: Api) -> None:
    with Client(api.base_url) as client:
        recorder = recorded(client)
        listing = client.claims(expert=BULK_EXPERT, max_items=5, page_size=2)
        assert recorder.paths == []  # nothing is fetched before iterating
        assert len(listing.to_list()) == 5
        assert len(recorder.paths) == 3
        first = next(iter(client.claims(expert=BULK_EXPERT)))
        assert first.expert == BULK_EXPERT


def test_filters_are_keywords_and_models_are_typed(api: Api) -> None:
    with Client(api.base_url) as client:
        claims = client.claims(expert="gaziz-abishev", topic="russia", kind=["forecast"]).to_list()
        claim = client.claim(claims[0].id, include=["expert"])
    assert [c.id for c in claims] == [26, 25, 15]
    assert isinstance(claim.expert, models.ExpertSummary)
    assert claim.expert.name == "Gaziz Abishev"
    assert (claim.confidence.low, claim.confidence.high) == (0.87, 0.99)


def test_a_repeated_read_is_answered_by_a_304_from_the_cache(api: Api) -> None:
    with Client(api.base_url) as client:
        recorder = recorded(client)
        first, again = client.claim(10), client.claim(10)
    assert recorder.statuses == [200, 304]
    assert again == first


def test_problems_are_typed_exceptions_with_their_fields(api: Api) -> None:
    with Client(api.base_url) as client:
        with pytest.raises(NotFoundError) as missing:
            client.claim(999_999)
        with pytest.raises(InvalidInputError) as invalid:
            client.claims(min_probability=2).to_list()
    assert missing.value.status == 404
    assert missing.value.type.endswith("/not-found")
    assert missing.value.title
    assert "999999" in (missing.value.detail or "")
    assert [(e.location, e.field) for e in invalid.value.errors] == [("query", "min_probability")]

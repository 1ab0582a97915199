"""Facets count what the list shows: each value's count is the length of the list its URL gives."""

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.main import create_app
from app.models import Review
from app.services.facets import FacetTimeoutError, bounded
from tests.conftest import settings_for
from tests.factories import make_claim


def _facets(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/v1/claims/facets", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _listed(client: TestClient, url: str, headers: dict[str, str] | None = None) -> int:
    joiner = "&" if "?" in url else "?"
    body = client.get(f"{url}{joiner}count=exact&limit=1", headers=headers).json()
    total: int = body["count"]
    return total


QUERIES = [
    {},
    {"topic": "foreign-policy"},
    {"q": "Russia"},
    {"kind": "forecast", "expert": "gaziz-abishev"},
]


@pytest.mark.parametrize("filters", QUERIES)
def test_every_count_is_what_its_url_lists(client: TestClient, filters: dict[str, str]) -> None:
    body = _facets(client, **filters, facet_size=100)
    assert set(body["facets"]) == {"topic", "expert", "outcome", "kind", "year"}
    assert body["timed_out"] == []
    for name, facet in body["facets"].items():
        assert facet["values"], name
        for value in facet["values"]:
            assert value["count"] == _listed(client, value["url"]), (name, value)


def test_a_facet_adds_its_value_to_the_query_s_filters(client: TestClient) -> None:
    body = _facets(client, topic="russia", facet="expert")
    (abishev,) = [v for v in body["facets"]["expert"]["values"] if v["value"] == "gaziz-abishev"]
    assert abishev["url"].endswith("/v1/claims?topic=russia&expert=gaziz-abishev")
    assert abishev["label"] == "Gaziz Abishev"
    assert body["claims_url"].endswith("/v1/claims?topic=russia")


def test_the_counts_follow_the_filters(client: TestClient) -> None:
    everything = {v["value"]: v["count"] for v in _facets(client)["facets"]["kind"]["values"]}
    russia = {
        v["value"]: v["count"] for v in _facets(client, topic="russia")["facets"]["kind"]["values"]
    }
    assert sum(russia.values()) == _listed(client, "/v1/claims?topic=russia")
    assert sum(everything.values()) == _listed(client, "/v1/claims")
    assert all(russia[k] <= everything[k] for k in russia)


def test_a_claim_counts_once_under_each_topic_above_its_own(
    client: TestClient, session: Session
) -> None:
    before = {
        v["value"]: v["count"]
        for v in _facets(client, facet="topic", facet_size=100)["facets"]["topic"]["values"]
    }
    make_claim(session, topics=["russia", "china"])
    after = {
        v["value"]: v["count"]
        for v in _facets(client, facet="topic", facet_size=100)["facets"]["topic"]["values"]
    }
    assert after["russia"] == before["russia"] + 1
    assert after["china"] == before["china"] + 1
    assert after["foreign-policy"] == before["foreign-policy"] + 1
    assert after["kazakhstan"] == before["kazakhstan"] + 1


def test_selected_values_are_marked(client: TestClient) -> None:
    body = _facets(client, kind="forecast", stated_since="2022-01-01", stated_until="2022-12-31")
    kinds = {v["value"]: v["selected"] for v in body["facets"]["kind"]["values"]}
    years = {v["value"]: v["selected"] for v in body["facets"]["year"]["values"]}
    assert kinds == {"forecast": True}
    assert years == {"2022": True}


def test_facet_size_truncates_and_says_so(client: TestClient) -> None:
    facet = _facets(client, facet="expert", facet_size=1)["facets"]["expert"]
    assert len(facet["values"]) == 1
    assert facet["truncated"] is True
    assert facet["values"][0]["value"] == "gaziz-abishev"  # the most claims come first


def test_only_the_facets_asked_for(client: TestClient) -> None:
    assert set(_facets(client, facet=["kind", "year"])["facets"]) == {"kind", "year"}
    assert set(_facets(client, facet="outcome,expert")["facets"]) == {"outcome", "expert"}


@pytest.mark.parametrize(
    ("params", "status"),
    [({"facet": "colour"}, 422), ({"facet_size": 0}, 422), ({"limit": 5}, 400), ({"q": "-x"}, 422)],
)
def test_bad_facet_requests_are_problems(
    client: TestClient, params: dict[str, Any], status: int
) -> None:
    response = client.get("/v1/claims/facets", params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_drafts_count_only_for_key_holders(
    client: TestClient, session: Session, writer: dict[str, str]
) -> None:
    make_claim(session, review=Review.draft, kind="prescription")
    anonymous = _facets(client, facet="kind")["facets"]["kind"]["values"]
    keyed = client.get("/v1/claims/facets?facet=kind", headers=writer).json()
    count = {v["value"]: v["count"] for v in anonymous}
    with_key = {v["value"]: v["count"] for v in keyed["facets"]["kind"]["values"]}
    assert with_key["prescription"] == count["prescription"] + 1


def test_an_exhausted_budget_reports_facets_as_timed_out(database_url: str) -> None:
    app = create_app(settings_for(database_url, rate_limits=False, facet_time_budget_ms=0))
    with TestClient(app) as client:
        # Filtered: the unfiltered counts are stored and read, not counted within the budget.
        query = {"facet": ["kind", "year"], "stated_since": "2000-01-01"}
        body = client.get("/v1/claims/facets", params=query).json()
    assert body["facets"] == {}
    assert body["timed_out"] == ["kind", "year"]


def _slow_statement(session: Session) -> str:
    if session.get_bind().dialect.name == "sqlite":
        return (
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000)"
            " SELECT count(*) FROM n"
        )
    return "SELECT pg_sleep(5)"


def test_a_slow_query_is_cancelled_at_the_deadline(session: Session) -> None:
    postgresql = session.get_bind().dialect.name == "postgresql"
    limit = session.execute(text("SHOW statement_timeout")).scalar_one() if postgresql else None
    started = time.monotonic()
    with pytest.raises(FacetTimeoutError), bounded(session, time.monotonic() + 0.2):
        session.execute(text(_slow_statement(session))).all()
    assert time.monotonic() - started < 3
    # The transaction goes on: the next statement runs, under the connection's own time limit.
    assert session.execute(text("SELECT 1")).scalar_one() == 1
    if postgresql:
        assert session.execute(text("SHOW statement_timeout")).scalar_one() == limit


def test_a_quick_query_inside_the_budget_is_untouched(session: Session) -> None:
    with bounded(session, time.monotonic() + 5):
        assert session.execute(text("SELECT 41 + 1")).scalar_one() == 42

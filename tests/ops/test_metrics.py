"""`/metrics`: what a Prometheus scrape of the service reads, on both engines."""

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tests.api.test_ingest import ARTICLE

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def _scrape(client: TestClient) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_are_counted_and_timed_by_route_template_and_status(client: TestClient) -> None:
    route = {"method": "GET", "route": "/v1/claims/{claim_id}"}
    before = _scrape(client)
    assert client.get("/v1/claims/1").status_code == 200
    assert client.get("/v1/claims/2").status_code == 200
    assert client.get("/v1/claims/999999").status_code == 404
    assert client.get("/no/such/page").status_code == 404
    after = _scrape(client)

    def grew(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert grew("forecasts_http_requests_total", **route, status="200") == 2
    assert grew("forecasts_http_requests_total", **route, status="404") == 1
    assert grew("forecasts_http_requests_total", method="GET", route="unmatched", status="404") == 1
    assert grew("forecasts_http_request_duration_seconds_count", **route, status="200") == 2
    everything = {**route, "status": "200", "le": "+Inf"}
    assert grew("forecasts_http_request_duration_seconds_bucket", **everything) == 2
    # The raw path is never a label: one series per route, not per claim.
    assert not [key for key in after if ("route", "/v1/claims/1") in key[1]]
    # Answered requests leave the in-progress gauge; the scrape itself is the one in flight.
    assert _value(after, "forecasts_http_requests_in_progress", method="GET") == 1


def test_the_connection_pools_are_gauged(client: TestClient) -> None:
    samples = _scrape(client)
    pools = {dict(labels)["pool"] for name, labels in samples if name == "forecasts_db_pool_size"}
    assert pools in ({"read", "write"}, {"main"})  # SQLite has a writers' engine of its own
    assert {name for name, _ in samples} >= {
        "forecasts_db_pool_checked_out",
        "forecasts_db_pool_idle",
        "forecasts_db_pool_overflow",
    }


def test_ingestion_is_counted_by_outcome(client: TestClient, writer: dict[str, str]) -> None:
    before = _scrape(client)
    stored = client.post("/v1/sources", headers=writer, json=ARTICLE)
    again = client.post("/v1/sources", headers=writer, json=ARTICLE)
    assert (stored.status_code, again.status_code) == (201, 200)
    after = _scrape(client)
    drafts = len(stored.json()["claims"])
    assert drafts > 0
    for outcome, count in {"stored": 1, "already_ingested": 1, "dry_run": 0}.items():
        name = "forecasts_ingest_sources_total"
        grown = _value(after, name, outcome=outcome) - _value(before, name, outcome=outcome)
        assert grown == count, outcome
    claims = "forecasts_ingest_claims_total"
    assert _value(after, claims) - _value(before, claims) == drafts


def test_metrics_are_not_part_of_the_api_document(client: TestClient) -> None:
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]

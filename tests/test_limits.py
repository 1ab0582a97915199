"""Request limits: body size, per-client rate limits (in process and in Redis), and CORS."""

import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.main import create_app
from tests.conftest import redis_server, settings_for


def _app(database_url: str, **settings: object) -> FastAPI:
    return create_app(settings_for(database_url, **settings))


@pytest.fixture
def migrated(engine: Engine, database_url: str) -> str:
    """The URL of the migrated test database (the `engine` fixture migrates it)."""
    return database_url


@pytest.fixture
def limited(migrated: str) -> TestClient:
    return TestClient(
        _app(
            migrated,
            rate_limit_reads="3/minute",
            rate_limit_writes="2/minute",
            max_body_bytes=2048,
        )
    )


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    headers = response.headers
    assert headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def test_a_declared_large_body_is_413_before_anything_else(limited: TestClient) -> None:
    response = limited.post(
        "/v1/topics",
        content=b"{" + b" " * 4096 + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert "2048 bytes" in str(_problem(response, 413)["detail"])


def test_a_chunked_body_that_grows_too_large_is_413(limited: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"slug": "x", "name": "'
        for _ in range(10):
            yield b"y" * 512
        yield b'"}'

    _problem(
        limited.post("/v1/topics", content=chunks(), headers={"Content-Type": "application/json"}),
        413,
    )


def test_reads_over_the_limit_are_429_with_retry_after(limited: TestClient) -> None:
    answers = [limited.get("/v1/topics") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["ratelimit-remaining"] for a in answers[:3]] == ["2", "1", "0"]
    assert answers[0].headers["ratelimit-policy"] == "3;w=60"
    refused = answers[3]
    _problem(refused, 429)
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert limited.get("/livez").status_code == 200  # probes are never limited


def test_writes_have_their_own_budget(limited: TestClient) -> None:
    for _ in range(3):
        limited.get("/v1/topics")
    assert limited.post("/v1/topics", json={}).status_code == 401  # counted, refused later
    assert limited.post("/v1/topics", json={}).status_code == 401
    assert limited.post("/v1/topics", json={}).status_code == 429


def test_made_up_keys_do_not_escape_the_limit(limited: TestClient) -> None:
    """Keys are checked after the limit, so the limit counts the address, not the key."""
    statuses = [
        limited.get(
            "/v1/topics", headers={"Authorization": f"Bearer fl_{secrets.token_hex(6)}_" + "x" * 43}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_a_redis_outage_lets_requests_through(migrated: str) -> None:
    app = _app(migrated, redis_url="redis://127.0.0.1:1/0", rate_limit_reads="1/minute")
    with TestClient(app) as client:
        assert [client.get("/v1/topics").status_code for _ in range(3)] == [200, 200, 200]


def test_counters_in_redis_are_shared_by_workers(migrated: str) -> None:
    redis_url = redis_server()
    apps = [_app(migrated, redis_url=redis_url, rate_limit_reads="4/minute") for _ in range(2)]
    address = (f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.1", 5000)  # a fresh bucket
    # Each "worker" keeps its own event loop for its life, as a uvicorn worker does.
    with TestClient(apps[0], client=address) as one, TestClient(apps[1], client=address) as two:
        statuses = [(one, two)[n % 2].get("/v1/topics").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_cors_lets_anyone_read_but_only_configured_origins_write(database_url: str) -> None:
    client = TestClient(
        _app(database_url, rate_limits=False, cors_write_origins="https://desk.example.org")
    )
    anywhere = {"Origin": "https://anywhere.example", "Access-Control-Request-Method": "GET"}
    read = client.options("/v1/claims", headers=anywhere)
    assert read.status_code == 200
    assert read.headers["access-control-allow-origin"] == "*"
    write = {
        "Origin": "https://anywhere.example",
        "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "authorization, if-match",
    }
    assert client.options("/v1/claims/1", headers=write).status_code == 400
    desk = client.options("/v1/claims/1", headers={**write, "Origin": "https://desk.example.org"})
    assert desk.status_code == 200
    assert desk.headers["access-control-allow-origin"] == "https://desk.example.org"
    assert "PATCH" in desk.headers["access-control-allow-methods"]
    assert "if-match" in desk.headers["access-control-allow-headers"].lower()
    got = client.get("/v1/claims", headers={"Origin": "https://anywhere.example"})
    assert got.headers["access-control-allow-origin"] == "*"
    assert "ETag" in got.headers["access-control-expose-headers"]
    for response in (read, desk, got):
        assert response.headers.get("access-control-allow-credentials") != "true"

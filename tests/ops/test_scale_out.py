"""Two `forecasts serve` processes on one PostgreSQL and one Redis, started at once on an empty
database: both come up and serve as one service."""

import secrets
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import postgres_database, postgres_server, redis_server
from tests.e2e.conftest import Server, stop, wait_until_live
from tests.ops.conftest import Launched, launch, write_key

READS_PER_MINUTE = 6
Pair = tuple[Server, Server, list[Launched]]


def client_address() -> dict[str, str]:
    """A made-up client address (the servers trust X-Forwarded-For from loopback), so each
    check counts against a rate-limit bucket of its own, whatever earlier runs left in Redis."""
    return {"X-Forwarded-For": f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.7"}


@pytest.fixture(scope="module")
def pair(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Pair]:
    tmp_path = tmp_path_factory.mktemp("pair")
    settings = {
        "redis_url": redis_server(),
        "rate_limits": "true",
        "rate_limit_reads": f"{READS_PER_MINUTE}/minute",
        "secret_key": secrets.token_hex(16),  # one secret, so a cursor signed by one verifies
    }
    for url in postgres_database(postgres_server()):
        launched = [launch(url, tmp_path, wait=False, settings=settings) for _ in range(2)]
        try:
            for server in launched:
                wait_until_live(server.process, server.base_url, server.log)
            one, two = (Server(server.base_url, url) for server in launched)
            yield one, two, launched
        finally:
            for server in launched:
                stop(server.process)


def test_both_come_up_and_the_sample_is_loaded_once(
    pair: Pair,
) -> None:
    one, two, launched = pair
    for server in (one, two):
        assert httpx.get(f"{server.base_url}/readyz").json() == {"status": "ok", "database": "ok"}
    logs = [server.log.read_text() for server in launched]
    assert sum("loaded the sample data" in log for log in logs) == 1, logs
    counts = {
        httpx.get(f"{s.base_url}/v1/claims?count=exact&limit=1", headers=client_address()).json()[
            "count"
        ]
        for s in (one, two)
    }
    assert len(counts) == 1


def test_a_write_on_one_is_read_on_the_other(pair: Pair) -> None:
    one, two, _ = pair
    headers = write_key(one) | client_address()
    body = {"slug": "scaled-out", "name": "Scaled Out", "kind": "person"}
    made = httpx.post(f"{one.base_url}/v1/experts", json=body, headers=headers)
    assert made.status_code == 201, made.text
    read = httpx.get(f"{two.base_url}/v1/experts/scaled-out", headers=client_address())
    assert read.status_code == 200
    assert read.json()["name"] == "Scaled Out"


def test_a_cursor_from_one_pages_on_the_other(pair: Pair) -> None:
    one, two, _ = pair
    address = client_address()
    first = httpx.get(f"{one.base_url}/v1/claims?limit=3", headers=address).json()
    following = first["next"].replace(one.base_url, two.base_url)
    assert following.startswith(two.base_url)
    second = httpx.get(following, headers=address)
    assert second.status_code == 200, second.text
    ids = [claim["id"] for claim in first["items"] + second.json()["items"]]
    assert len(ids) == len(set(ids)) == 6


def test_rate_limits_are_counted_across_both(pair: Pair) -> None:
    one, two, _ = pair
    address = client_address()
    statuses = [
        httpx.get(f"{(one, two)[n % 2].base_url}/v1/topics", headers=address).status_code
        for n in range(READS_PER_MINUTE + 1)
    ]
    assert statuses == [200] * READS_PER_MINUTE + [429]

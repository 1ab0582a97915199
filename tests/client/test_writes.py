"""Writes through the client against a real server: If-Match from what was read, and POSTs
that a retry after a dropped connection cannot make twice."""

import uuid

import pytest
from forecast_ledger_client import (
    AsyncClient,
    Client,
    NotReadError,
    PreconditionFailedError,
    models,
)

from tests.client.conftest import Api
from tests.client.proxy import proxying


def new_claim(statement: str) -> models.ClaimCreate:
    """Claim 25's quote again (source 1, [4103, 4136)), under a statement of the test's own."""
    return models.ClaimCreate(
        expert="gaziz-abishev",
        source=1,
        kind="forecast",
        statement=statement,
        quote="Russia is unlikely to go anywhere",
        span=models.SpanIn(start=4103, end=4136),
    )


def drafts_saying(client: Client, statement: str) -> int:
    return sum(c.statement == statement for c in client.claims(review="draft", q="anywhere"))


def test_a_post_retried_after_a_dropped_connection_writes_once(api: Api) -> None:
    statement = f"Russia will remain Kazakhstan's neighbour ({uuid.uuid4().hex[:8]})."
    with proxying(api.base_url) as (url, proxy), Client(url, api_key=api.key) as client:
        proxy.drop_after_forwarding = 1
        created = client.create_claim(new_claim(statement))
        assert drafts_saying(client, statement) == 1
    posts = [r for r in proxy.requests if r.startswith(b"POST ")]
    assert len(posts) == 2  # the first reached the server and its answer was lost
    keys = {
        line
        for r in posts
        for line in r.split(b"\r\n")
        if line.lower().startswith(b"idempotency-key:")
    }
    assert len(keys) == 1  # both carried the same key, so the server replayed the first answer
    assert (created.statement, created.review) == (statement, "draft")


def test_a_stale_etag_on_patch_raises_the_precondition_error(api: Api) -> None:
    with (
        Client(api.base_url, api_key=api.key) as mine,
        Client(api.base_url, api_key=api.key) as theirs,
    ):
        claim = mine.create_claim(new_claim(f"A claim two desks edit ({uuid.uuid4().hex[:8]})."))
        theirs.claim(claim.id)
        theirs.update_claim(claim.id, models.ClaimUpdate(review="verified"))
        with pytest.raises(PreconditionFailedError) as stale:
            mine.update_claim(claim.id, models.ClaimUpdate(review="disputed"))
        assert stale.value.status == 412
        assert stale.value.detail
        # Reading again gives the current ETag, and each write's answer gives the next one.
        mine.claim(claim.id)
        disputed = mine.update_claim(claim.id, models.ClaimUpdate(review="disputed"))
        retracted = mine.retract_claim(claim.id)
    assert (disputed.review, retracted.review) == ("disputed", "retracted")
    assert retracted.version == disputed.version + 1


def test_a_change_to_a_record_never_read_is_refused_before_sending(api: Api) -> None:
    with Client(api.base_url, api_key=api.key) as client, pytest.raises(NotReadError):
        client.update_expert("gaziz-abishev", models.ExpertUpdate(role="analyst"))


async def _async_round(api: Api) -> tuple[int, str]:
    async with AsyncClient(api.base_url, api_key=api.key) as client:
        claim = await client.create_claim(new_claim(f"Async ({uuid.uuid4().hex[:8]})."))
        updated = await client.update_claim(claim.id, models.ClaimUpdate(review="verified"))
        ids = [c.id async for c in client.claims(max_items=3, review="verified", sort="-id")]
        return ids[0], updated.review


def test_the_async_client_writes_and_pages_the_same_way(api: Api) -> None:
    import asyncio

    first, review = asyncio.run(_async_round(api))
    assert review == "verified"
    with Client(api.base_url) as client:
        assert client.claim(first).review == "verified"

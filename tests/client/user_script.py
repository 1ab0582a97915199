"""What an analyst writes; `tests/client/test_package.py` runs `mypy --strict` on it alone."""

import asyncio

import pandas as pd
from forecast_ledger_client import AsyncClient, Client, PreconditionFailedError, models


def russia(client: Client) -> pd.DataFrame:
    frame = client.claims(expert="gaziz-abishev", topic="russia").to_pandas()
    return frame[frame["confidence_high"] > 0.5]


def first_forecast(client: Client) -> models.ClaimRead | None:
    for claim in client.claims(kind="forecast", min_probability=0.9, max_items=1):
        return claim
    return None


def verify(client: Client, claim_id: int) -> int:
    claim = client.claim(claim_id)
    try:
        updated = client.update_claim(claim.id, models.ClaimUpdate(review="verified"))
    except PreconditionFailedError as error:
        print(error.title, error.detail, [e.field for e in error.errors])
        return claim.version
    return updated.version


async def topic_slugs(url: str) -> list[str]:
    async with AsyncClient(url) as client:
        roots = await client.topics()
        return [root.slug for root in roots] + [c.slug async for c in client.experts()]


def main() -> None:
    with Client("http://127.0.0.1:8000") as client:
        print(russia(client).shape, first_forecast(client), verify(client, 10))
    print(asyncio.run(topic_slugs("http://127.0.0.1:8000")))

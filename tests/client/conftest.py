"""A real `forecasts serve` per engine for the client's tests, holding the sample plus 1,000
claims of one expert (so paging crosses many pages), and a key that may write."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine
from app.models import Claim
from app.services import keys, sample
from tests.conftest import postgres_database, postgres_server
from tests.e2e import conftest as e2e
from tests.e2e.conftest import serving
from tests.factories import make_claim, make_expert, make_source

BULK = 1_000
BULK_EXPERT = "bulk-analyst"


@dataclass(frozen=True)
class Api:
    base_url: str
    key: str
    bulk_ids: frozenset[int]


def seed(database_url: str) -> tuple[str, frozenset[int]]:
    """Migrate, load the sample, add the bulk claims and a key; the key's plaintext and the ids."""
    engine = make_engine(database_url)
    try:
        migrate.upgrade(engine)
        with Session(engine) as session, session.begin():
            sample.load(session)
            expert = make_expert(session, slug=BULK_EXPERT, name="Bulk Analyst")
            source = make_source(session, text="Tariffs will rise.")
            first = make_claim(session, expert=expert, source=source)
            # One multi-row INSERT for the rest; seven days for 1,000 claims, so most pages
            # end inside a run of equal dates and the cursor's tie-break on id is exercised.
            columns = {c.key: getattr(first, c.key) for c in Claim.__mapper__.column_attrs}
            del columns["id"]
            rows = [
                columns | {"stated_on": dt.date(2024, 1, 1) + dt.timedelta(days=i % 7)}
                for i in range(1, BULK)
            ]
            ids = [first.id, *session.scalars(insert(Claim).returning(Claim.id), rows)]
            _, plaintext = keys.create(
                session, name="client-tests", scopes=["write", "ingest", "resolve"]
            )
        return plaintext, frozenset(ids)
    finally:
        engine.dispose()


def _serve(database_url: str, directory: Path, **settings: str) -> Iterator[Api]:
    key, ids = seed(database_url)
    # On a shared 2-core machine a cold start can pass the e2e default; these servers wait longer.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(e2e, "STARTUP_SECONDS", max(e2e.STARTUP_SECONDS, 120))
        with serving(database_url, directory, **settings) as base_url:
            yield Api(base_url, key, ids)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The server on each engine (PostgreSQL when its URL is set)."""
    directory = tmp_path_factory.mktemp(f"client-{request.param}")
    if request.param == "sqlite":
        yield from _serve(f"sqlite:///{directory / 'client.db'}", directory)
        return
    for url in postgres_database(postgres_server()):
        yield from _serve(url, directory)


@pytest.fixture(scope="session")
def limited_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """A server that allows 2 reads a second per client, so a burst meets 429s."""
    directory = tmp_path_factory.mktemp("client-limited")
    yield from _serve(
        f"sqlite:///{directory / 'limited.db'}",
        directory,
        rate_limits="true",
        rate_limit_reads="2/second",
    )

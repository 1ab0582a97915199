"""Every list order walks an index in ORDER BY order: page 1 scans from the start of the index,
a deep page seeks into it (SEARCH), and neither sorts (SQLite's plan, not timing)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, Select
from sqlalchemy.dialects import sqlite

from app.filters import where
from app.pagination import Sort, page
from app.schemas.claims import ClaimQuery
from app.schemas.experts import ExpertQuery
from app.schemas.sources import SourceQuery
from app.services import claims, experts, sources
from tests.conftest import StatementLog

SAMPLE_KEYS = {
    "stated_on": "2022-11-19",
    "horizon": "2022-11-20",
    "probability": 0.5,
    "extraction_score": 0.5,
    "created_at": "2026-01-01 00:00:00",
    "updated_at": "2026-01-01 00:00:00",
    "id": 5,
    "slug": "m",
    "name": "M",
    "published_on": "2022-11-19",
}

FILTERS: list[dict[str, Any]] = [
    {},
    {"topic": ["russia"]},
    {"topic": ["russia"], "kind": ["forecast"], "review": ["verified"]},
]


def _plan(engine: Engine, query: Select[Any]) -> list[str]:
    compiled = query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        return [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]


def _assert_walks_index(engine: Engine, base: Select[Any], sort: Sort, table: str) -> None:
    first = _plan(engine, page(base, sort, None, 50))
    deep = _plan(engine, page(base, sort, (SAMPLE_KEYS[sort.name], 12), 50))
    for plan in (first, deep):
        assert not any("TEMP B-TREE" in step for step in plan), plan
    main = next(step for step in deep if step.split()[1] == table)
    assert main.startswith("SEARCH"), deep  # seeks to the cursor, does not scan from the start
    walked = next(step for step in first if step.split()[1] == table)
    # The same index on page 1 and page N (the table itself, by rowid, for the id order).
    index = walked.split(" INDEX ")[1].split()[0] if " INDEX " in walked else "PRIMARY KEY"
    assert index in main, (first, deep)


pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


# Relevance ranks the matches of a search by a score computed per query: no index can hold it,
# so it is left out here; it grows with the number of matches (see bench/list_claims.py).
@pytest.mark.parametrize("filters", FILTERS, ids=["none", "topic", "topic-kind-review"])
@pytest.mark.parametrize("token", sorted(t for t in claims.SORTS if "relevance" not in t))
def test_claims_orders(engine: Engine, filters: dict[str, Any], token: str) -> None:
    base = claims.joined(*claims.COLUMNS).where(
        *where(ClaimQuery.model_validate(filters), "sqlite")
    )
    _assert_walks_index(engine, base, claims.SORTS[token], "claims")


@pytest.mark.parametrize("filters", [{"expert": ["gaziz-abishev"]}, {"source": [1]}])
def test_claims_of_one_expert_or_source(engine: Engine, filters: dict[str, Any]) -> None:
    base = claims.joined(*claims.COLUMNS).where(
        *where(ClaimQuery.model_validate(filters), "sqlite")
    )
    _assert_walks_index(engine, base, claims.SORTS["-stated_on"], "claims")


# The leaderboard (`brier`) ranks a score aggregated over resolved forecasts: no index can
# hold it, so it is left out here; it grows with the number of resolved forecasts.
@pytest.mark.parametrize("token", sorted(t for t in experts.SORTS if "brier" not in t))
def test_expert_orders(engine: Engine, token: str) -> None:
    base = experts.listing(ExpertQuery(), "sqlite")
    _assert_walks_index(engine, base, experts.SORTS[token], "experts")


@pytest.mark.parametrize("token", sorted(sources.SORTS))
def test_source_orders(engine: Engine, token: str) -> None:
    base = sources.listing(SourceQuery(), "sqlite")
    _assert_walks_index(engine, base, sources.SORTS[token], "sources")


@pytest.mark.parametrize(
    "path",
    [
        "/v1/claims",
        "/v1/claims?topic=russia&review=verified",
        "/v1/claims?topic=foreign-policy&kind=forecast&sort=-probability",
        "/v1/experts/gaziz-abishev/claims",
    ],
)
def test_the_statement_a_list_request_sends_sorts_nothing(
    client: TestClient, sql: StatementLog, engine: Engine, path: str
) -> None:
    """The list statement exactly as the service sends it, page 1 and the page its `next`
    names, with its own parameters: SQLite's plan walks an index and builds no temporary B-tree
    for the ORDER BY."""
    sql.recording = True
    first = client.get(f"{path}{'&' if '?' in path else '?'}limit=2")
    assert first.status_code == 200, first.text
    client.get(first.json()["next"])
    sql.recording = False
    listed = [(s, p) for s, p in sql.data_statements if "ORDER BY" in s and "LIMIT" in s]
    assert len(listed) == 2, sql.statements
    with engine.connect() as connection:
        for statement, parameters in listed:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            steps = [row[3] for row in plan]
            assert not any("TEMP B-TREE" in step for step in steps), steps
            assert any(" INDEX " in step or "PRIMARY KEY" in step for step in steps), steps

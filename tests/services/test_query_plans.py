"""The default list queries walk an index in ORDER BY order (SQLite's plan, not timing)."""

from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.dialects import sqlite

from app.filters import where
from app.pagination import page
from app.schemas.claims import ClaimQuery
from app.services import claims

CASES: list[tuple[dict[str, Any], str]] = [
    ({}, "ix_claims_stated_on_id"),
    ({"topic": ["russia"]}, "ix_claims_stated_on_id"),
    ({"topic": ["russia"], "kind": ["forecast"], "review": ["verified"]}, "ix_claims_stated_on_id"),
    ({"expert": ["gaziz-abishev"]}, "ix_claims_expert_id_stated_on_id"),
    ({"source": [1]}, "ix_claims_source_id_stated_on_id"),
]


@pytest.mark.parametrize(("filters", "index"), CASES)
@pytest.mark.parametrize("deep", [False, True])
def test_list_query_uses_the_ordering_index_and_never_sorts(
    engine: Engine, filters: dict[str, Any], index: str, deep: bool
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans depend on its statistics")
    params = ClaimQuery.model_validate(filters)
    sort = claims.SORTS["-stated_on"]
    after = ("2022-11-19", 12) if deep else None
    query = page(claims.joined(*claims.COLUMNS).where(*where(params, "sqlite")), sort, after, 50)
    compiled = query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        plan = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert any(index in step for step in plan), plan

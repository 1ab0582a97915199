"""Every read endpoint answers in at most three SQL statements, counted on the engines
themselves, with and without a key, walked over the app's own GET routes so new ones are counted.

A key holder's requests add the look-up of the key. Facet counts run more the first time a query
is asked: each facet is its own statement, cancellable within the request's time budget; a
repeated query (what a dashboard sends) is one statement from the cache until the claims change.
Three routes run more, pinned in `OVER`.
"""

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI, routing
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.domain.facets import FACETS
from app.services import generations
from tests.conftest import Keys, StatementLog

SLUGS = {
    "/v1/experts": "gaziz-abishev",
    "/embed/experts": "gaziz-abishev",
    "/v1/propositions": "tokayev-wins-2022",
    "/embed/propositions": "tokayev-wins-2022",
    "/v1/topics": "russia",
    "/problems": "not-found",
}
VALUES = {"claim_id": "1", "source_id": "1", "name": "review.js"}
QUERIES = {
    "/v1/search": "q=russia",
    "/oembed": "url=http://testserver/embed/experts/gaziz-abishev",
}
# Routes that answer only a key holder (the desk's look-up of its own key).
KEYED = {"/review/key"}
MOST = 3
# Known to run more, each pinned here (without a key, with one) so that it cannot grow unnoticed:
# search everything ranks claims, experts, sources and topics one statement
# each; the NDJSON export streams every related record kind of the page; an expert's embed page
# reads the expert, the generation its cached scorecard is kept for, the claims that scorecard
# needs with their topics (when not cached: one fewer when it is), and the latest claims with
# theirs.
OVER = {"/v1/search": (5, 6), "/v1/claims.ndjson": (9, 10), "/embed/experts/{slug}": (5, 5)}


def _get_routes(app: FastAPI) -> list[str]:
    found = []
    for context in routing.iter_route_contexts(app.routes):
        methods = getattr(context.original_route, "methods", None) or set()
        if "GET" in methods and context.path:
            found.append(context.path)
    assert len(found) >= 40
    return found


def _path(template: str) -> str:
    slug = next((v for prefix, v in SLUGS.items() if template.startswith(prefix)), "")
    path = re.sub(r"\{(\w+)\}", lambda m: VALUES.get(m.group(1), slug), template)
    query = QUERIES.get(template)
    return f"{path}?{query}" if query else path


@pytest.fixture
def counted(app: FastAPI, sql: StatementLog) -> Iterator[StatementLog]:
    """`sql`, also counting what the app runs on its own engines (the streamed exports)."""
    engines = {app.state.engine, app.state.write_sessions.kw["bind"]}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", sql)
    try:
        yield sql
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", sql)


def counted_dialect(client: TestClient) -> str:
    name: str = client.app.state.engine.dialect.name  # type: ignore[attr-defined]
    return name


def _statements(client: TestClient, sql: StatementLog, path: str, headers: dict[str, str]) -> int:
    sql.clear()
    sql.recording = True
    response = client.get(path, headers=headers)
    sql.recording = False
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return len(sql.queries)


@pytest.mark.parametrize("keyed", [False, True], ids=["anonymous", "with-a-key"])
def test_every_read_endpoint_runs_at_most_three_statements(
    app: FastAPI, client: TestClient, counted: StatementLog, keys: Keys, keyed: bool
) -> None:
    headers = keys.headers("write") if keyed else {}
    counts = {}
    for template in _get_routes(app):
        if template in KEYED and not keyed:
            continue
        path = _path(template)
        app.state.scorecard_cache = generations.Cache()  # each route's first request is cold
        first = _statements(client, counted, path, headers)
        again = _statements(client, counted, path, headers)
        if template == "/v1/claims/facets":
            # The generation, a GROUP BY per facet, the topic tree's closure, the key; on
            # PostgreSQL each GROUP BY sets and resets its time limit around a savepoint.
            per_facet = 1 if counted_dialect(client) == "sqlite" else 4
            assert first <= 2 + per_facet * len(FACETS) + int(keyed), counted.queries
            first = again
        counts[template] = (first, again)
    # A key's look-up comes on top of what the read runs.
    over = {t: max(n) for t, n in counts.items() if max(n) > MOST + int(keyed)}
    assert over == {t: n[keyed] for t, n in OVER.items() if n[keyed] > MOST + int(keyed)}


@pytest.mark.parametrize(
    ("query", "most"),
    [
        ("", 2),
        ("?topic=russia&review=verified", 2),
        ("?include=expert,source,topics", 2),
        ("?sort=-probability&limit=2", 2),
        ("?count=exact&kind=forecast", 3),
        ("?q=Kazakhstan", 3),  # the page, its topics, its snippets
        ("?q=Kazakhstan&count=exact", 4),  # and the count: over the three
    ],
)
def test_claims_lists_run_at_most_three_statements(
    client: TestClient, counted: StatementLog, query: str, most: int
) -> None:
    assert _statements(client, counted, f"/v1/claims{query}", {}) <= most, counted.queries


def test_a_deep_page_runs_what_the_first_runs(client: TestClient, counted: StatementLog) -> None:
    first = client.get("/v1/claims?limit=2").json()
    assert _statements(client, counted, "/v1/claims?limit=2", {}) == _statements(
        client, counted, first["next"], {}
    )


@pytest.mark.parametrize(
    ("query", "tables", "most"),
    [
        ("facet=kind&facet=topic", ["claim_facet_counts", "topics"], 3),
        ("", ["claim_facet_counts", "expert_claim_counts", "topics"], 4),
    ],
)
def test_unfiltered_facets_read_the_kept_counts(
    app: FastAPI,
    client: TestClient,
    counted: StatementLog,
    query: str,
    tables: list[str],
    most: int,
) -> None:
    """Cold, on either engine: the generation, then the stored counts (kind, outcome and year
    in one statement, expert and topic one each), no GROUP BY over the claims and no time
    limit set around them."""
    app.state.facet_cache = generations.Cache()
    assert _statements(client, counted, f"/v1/claims/facets?{query}", {}) <= most, counted.queries
    reads = [q for q in counted.queries if "change_counters" not in q]
    assert len(reads) == len(tables), counted.queries
    for statement, table in zip(reads, tables, strict=True):
        assert f"FROM {table}" in statement or f"JOIN {table}" in statement, statement
        assert "GROUP BY" not in statement, statement
        assert "FROM claims" not in statement, statement

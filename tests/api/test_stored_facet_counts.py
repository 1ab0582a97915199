"""The facet counts the database keeps (migration 0009) equal a fresh GROUP BY of the published
claims after every kind of write: through the API (a new claim, its review, kind, stated_on,
expert and outcome changed, its retraction, an ingested article, an expert merge), outside the
service (a bulk UPDATE, a hard DELETE), the sample load, an import, and the migration's backfill,
on both engines."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine, make_sessionmaker, transaction
from app.domain.facets import FacetName
from app.exports.lines import Lines
from app.schemas.claims import ClaimQuery
from app.schemas.facets import FacetQuery
from app.services import claims, exports, facets, imports, sample
from tests.conftest import Keys, postgres_database, postgres_server

NAMES: list[FacetName] = ["kind", "outcome", "year", "expert"]
EVERY = 1_000_000
ARTICLE = {
    "title": "Astana's energy plans",
    "published_on": "2024-03-01",
    "text": "Economist Aigerim Sarsenova said electricity tariffs will almost certainly rise next"
    " year. Political analyst Kazbek Beysebayev believes that the tenge is likely to weaken.",
}
TEXT = "Analyst Dana Omarova expects the tenge to weaken. Dana Omarowa said inflation will ease."


def assert_kept(session: Session) -> None:
    """The stored counts of every value equal the counting query's (the filtered path's)."""
    dialect = session.get_bind().dialect.name
    stored = facets._stored(session, NAMES, EVERY)
    counted = {n: facets._rows(session, n, FacetQuery(), False, dialect, EVERY) for n in NAMES}
    assert {n: sorted(stored[n]) for n in NAMES} == {n: sorted(counted[n]) for n in NAMES}
    assert all(counted.values())


def _made(response: Any, status: int = 201) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def _patch(client: TestClient, headers: dict[str, str], claim_id: int, **body: Any) -> Any:
    url = f"/v1/claims/{claim_id}"
    etag = client.get(url, headers=headers).headers["etag"]
    return _made(client.patch(url, headers={**headers, "If-Match": etag}, json=body), 200)


def _claim(client: TestClient, key: dict[str, str], source: int, expert: str, quote: str) -> Any:
    start = TEXT.index(quote)
    body = {
        "expert": expert,
        "source": source,
        "kind": "forecast",
        "statement": quote.capitalize() + ".",
        "quote": quote,
        "span": {"start": start, "end": start + len(quote)},
    }
    return _made(client.post("/v1/claims", json=body, headers=key))["id"]


def test_writes_through_the_api_and_outside_it_keep_the_counts(
    client: TestClient, session: Session, keys: Keys
) -> None:
    desk = keys.headers("write", "ingest", "resolve", name="desk")
    assert_kept(session)  # the sample, loaded after the migration
    for slug, name in (("dana-omarova", "Dana Omarova"), ("dana-omarowa", "Dana Omarowa")):
        expert = {"slug": slug, "name": name, "kind": "person"}
        _made(client.post("/v1/experts", json=expert, headers=desk))
    posted = client.post(
        "/v1/sources?extract=false", json={"title": "Tenge", "text": TEXT}, headers=desk
    )
    source = _made(posted)["source"]["id"]
    first = _claim(client, desk, source, "dana-omarova", "expects the tenge to weaken")
    assert_kept(session)  # a draft: not counted
    _patch(client, desk, first, review="verified")
    assert_kept(session)
    _patch(client, desk, first, kind="prescription")
    assert_kept(session)
    _patch(client, desk, first, stated_on="1999-05-01")  # a year no other claim has
    assert_kept(session)
    _patch(client, desk, first, expert="dana-omarowa")
    assert_kept(session)
    _patch(client, desk, first, review="disputed")
    assert_kept(session)
    resolution = {"outcome": "false", "resolved_on": "2024-01-01", "rationale": "It did not."}
    _made(client.post(f"/v1/claims/{first}/resolutions", json=resolution, headers=desk))
    assert_kept(session)
    second = _claim(client, desk, source, "dana-omarova", "inflation will ease")
    _patch(client, desk, second, review="verified")
    assert_kept(session)
    # Ingestion: the extractor's drafts, one of them verified.
    ingested = _made(client.post("/v1/sources", json=ARTICLE, headers=desk))
    assert ingested["claims"], ingested
    assert_kept(session)
    _patch(client, desk, ingested["claims"][0]["id"], review="verified")
    assert_kept(session)

    etag = client.get("/v1/experts/dana-omarowa").headers["etag"]
    merge = client.post(
        "/v1/experts/dana-omarowa/merge",
        json={"into": "dana-omarova"},
        headers={**desk, "If-Match": etag},
    )
    _made(merge, 200)
    assert_kept(session)
    url = f"/v1/claims/{first}"
    etag = client.get(url, headers=desk).headers["etag"]
    _made(client.delete(url, headers={**desk, "If-Match": etag}), 200)  # retracted
    assert_kept(session)

    # Outside the service: a bulk UPDATE and a hard DELETE, which only the triggers see.
    session.execute(text("UPDATE claims SET kind = 'assessment' WHERE kind = 'forecast'"))
    assert_kept(session)
    for table in ("claim_topics", "review_decisions"):
        session.execute(text(f"DELETE FROM {table} WHERE claim_id = :id"), {"id": second})
    session.execute(text("DELETE FROM claims WHERE id = :id"), {"id": second})
    assert_kept(session)


def _urls(database_url: str, tmp_path: Path, n: int) -> Iterator[list[str]]:
    """`n` empty databases on the engine of `database_url`, dropped afterwards."""
    if database_url.startswith("sqlite"):
        yield [f"sqlite:///{tmp_path / f'db{i}.db'}" for i in range(n)]
        return
    made = [postgres_database(postgres_server()) for _ in range(n)]
    yield [next(databases) for databases in made]
    for databases in made:
        next(databases, None)


def _check(engine: Engine) -> None:
    with transaction(make_sessionmaker(engine)) as session:
        assert_kept(session)


def test_the_backfill_the_sample_load_and_an_import_keep_the_counts(
    database_url: str, tmp_path: Path
) -> None:
    for old_url, loaded_url, imported_url in _urls(database_url, tmp_path, 3):
        old, loaded, imported = (make_engine(u) for u in (old_url, loaded_url, imported_url))
        try:
            # The backfill: claims stored before the counts were kept.
            migrate.upgrade(old, "0008")
            with transaction(make_sessionmaker(old)) as session:
                sample.load(session)
            migrate.upgrade(old)
            _check(old)
            # The sample loaded with the triggers in place.
            migrate.upgrade(loaded)
            with transaction(make_sessionmaker(loaded)) as session:
                sample.load(session)
            _check(loaded)
            # Its export imported into an empty database.
            query = ClaimQuery.model_validate({})
            assert query.sort is not None
            plan = exports.Plan(query, claims.SORTS[query.sort], None, drafts=True, complete=True)
            chunks = exports.stream(make_sessionmaker(loaded), plan, Lines(), base="http://x")
            lines = b"".join(chunks).splitlines(keepends=True)
            migrate.upgrade(imported)
            with transaction(make_sessionmaker(imported)) as session:
                imports.load(session, lines)
            _check(imported)
        finally:
            for engine in (old, loaded, imported):
                engine.dispose()


@pytest.mark.parametrize("facet", ["kind", "outcome", "year", "expert", "topic"])
def test_kept_counts_answer_what_was_counted(client: TestClient, facet: str) -> None:
    """Unfiltered, as filtered by a filter that keeps every claim."""
    stored = client.get("/v1/claims/facets", params={"facet": facet, "facet_size": 100}).json()
    counted = client.get(
        "/v1/claims/facets",
        params={"facet": facet, "facet_size": 100, "stated_since": "1900-01-01"},
    ).json()
    values = [(v["value"], v["label"], v["count"]) for v in stored["facets"][facet]["values"]]
    assert values
    assert values == [
        (v["value"], v["label"], v["count"]) for v in counted["facets"][facet]["values"]
    ]

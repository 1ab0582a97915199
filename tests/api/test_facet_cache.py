"""Facet counts and scorecards are cached, and every worker sees a committed write at its next
request: two apps (two workers) on one committed database, on both engines."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text

from app import migrate
from app.db import make_engine, make_sessionmaker, transaction
from app.main import create_app
from app.services import keys, sample
from tests.conftest import StatementLog, postgres_database, postgres_server, settings_for


@pytest.fixture(params=["sqlite", "postgresql"])
def committed_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own, holding the sample committed: these tests commit too."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path / 'facets.db'}"])
    else:
        urls = postgres_database(postgres_server())
    for url in urls:
        engine = make_engine(url)
        migrate.upgrade(engine)
        with transaction(make_sessionmaker(engine)) as session:
            sample.load(session)
        engine.dispose()
        yield url


def _kinds(client: TestClient) -> dict[str, int]:
    response = client.get("/v1/claims/facets", params={"facet": "kind"})
    assert response.status_code == 200, response.text
    return {v["value"]: v["count"] for v in response.json()["facets"]["kind"]["values"]}


def _worker(url: str) -> TestClient:
    return TestClient(create_app(settings_for(url, rate_limits=False)))


def test_a_repeated_query_is_one_statement(committed_url: str) -> None:
    with _worker(committed_url) as client:
        log = StatementLog(recording=True)
        event.listen(client.app.state.engine, "before_cursor_execute", log)  # type: ignore[attr-defined]
        first = _kinds(client)
        cold = len(log.queries)
        log.clear()
        assert _kinds(client) == first
        assert len(log.queries) == 1, log.queries  # the generation, nothing counted again
        assert cold > 1


def test_a_write_through_another_worker_is_counted_at_once(committed_url: str) -> None:
    engine = make_engine(committed_url)
    with transaction(make_sessionmaker(engine)) as session:
        _, key = keys.create(session, name="desk", scopes=["write"])
    claim_id = 1
    with _worker(committed_url) as reader, _worker(committed_url) as writer:
        before = _kinds(reader)
        assert _kinds(reader) == before  # cached now
        etag = writer.get(f"/v1/claims/{claim_id}").headers["ETag"]
        kind = writer.get(f"/v1/claims/{claim_id}").json()["kind"]
        retracted = writer.delete(
            f"/v1/claims/{claim_id}", headers={"Authorization": f"Bearer {key}", "If-Match": etag}
        )
        assert retracted.status_code == 200, retracted.text
        assert _kinds(reader)[kind] == before[kind] - 1  # retracted claims leave the counts
    engine.dispose()


def test_a_write_outside_the_service_is_counted_at_once(committed_url: str) -> None:
    """A bulk load, the CLI or a hand-made UPDATE: the database's triggers bump the generation."""
    engine = make_engine(committed_url)
    with _worker(committed_url) as reader:
        before = _kinds(reader)
        with engine.begin() as connection:
            moved = connection.execute(
                text("UPDATE claims SET kind = 'prescription' WHERE kind = 'forecast'")
            ).rowcount
        assert moved > 0
        after = _kinds(reader)
    assert after.get("forecast", 0) == 0
    assert after["prescription"] == before.get("prescription", 0) + moved
    engine.dispose()


def _card(client: TestClient, slug: str) -> dict[str, Any]:
    response = client.get(f"/v1/experts/{slug}/scorecard")
    assert response.status_code == 200, response.text
    card: dict[str, Any] = response.json()
    return card


def test_a_resolution_through_another_worker_is_scored_at_once(committed_url: str) -> None:
    engine = make_engine(committed_url)
    with transaction(make_sessionmaker(engine)) as session:
        _, key = keys.create(session, name="judge", scopes=["resolve"])
        claim_id, slug = session.execute(
            text(
                "SELECT claims.id, experts.slug FROM claims JOIN experts"
                " ON experts.id = claims.expert_id WHERE claims.kind = 'forecast'"
                " AND claims.probability IS NOT NULL AND claims.outcome IS NULL"
                " AND claims.review != 'draft' ORDER BY claims.id LIMIT 1"
            )
        ).one()
    with _worker(committed_url) as reader, _worker(committed_url) as writer:
        log = StatementLog(recording=True)
        event.listen(reader.app.state.engine, "before_cursor_execute", log)  # type: ignore[attr-defined]
        before = _card(reader, slug)
        log.clear()
        assert _card(reader, slug) == before
        assert len(log.queries) == 2, log.queries  # the expert and the generation
        resolved = writer.post(
            f"/v1/claims/{claim_id}/resolutions",
            headers={"Authorization": f"Bearer {key}"},
            json={"outcome": "true", "resolved_on": "2024-01-01", "rationale": "It happened."},
        )
        assert resolved.status_code == 201, resolved.text
        after = _card(reader, slug)
    assert after["counts"]["resolved"] == before["counts"]["resolved"] + 1
    assert after["counts"]["open"] == before["counts"]["open"] - 1
    engine.dispose()

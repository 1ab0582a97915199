"""Edges of the write path: input that must be a 4xx, and counts that must stay exact."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.services import topics
from tests.api.test_writes import QUOTE, TEXT, _setup


def test_sources_without_a_url_are_not_duplicates(
    client: TestClient, writer: dict[str, str]
) -> None:
    for text in ("First text.", "Second text."):
        made = client.post(
            "/v1/sources", headers=writer, json={"title": "T", "text": text, "language": "en"}
        )
        assert made.status_code == 201, made.text


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/topics", {"slug": "x", "name": "Bad\x00name"}),
        ("/v1/experts", {"slug": "x", "name": "A", "kind": "person", "role": "a\x00b"}),
        ("/v1/sources", {"title": "T", "text": "Nul\x00here", "language": "en"}),
        ("/v1/sources", {"title": "T", "text": "x", "language": "en", "url": "https://a\x00b"}),
        ("/v1/topics", {"slug": "x", "name": "Line\nbreak"}),
    ],
)
def test_control_characters_in_names_and_nul_anywhere_are_422(
    client: TestClient, writer: dict[str, str], path: str, body: dict[str, Any]
) -> None:
    assert client.post(path, headers=writer, json=body).status_code == 422


def test_null_is_refused_where_a_field_cannot_be_empty(
    client: TestClient, writer: dict[str, str]
) -> None:
    made = _setup(client, writer)
    claim, expert = made["claim"], made["expert"]
    url = f"/v1/claims/{claim.json()['id']}"
    for field in ("statement", "kind", "topics", "review", "stated_on"):
        response = client.patch(url, headers={**writer, "If-Match": "*"}, json={field: None})
        assert response.status_code == 422, field
    cleared = client.patch(url, headers={**writer, "If-Match": "*"}, json={"horizon": None})
    assert cleared.status_code == 200
    assert cleared.json()["horizon"]["latest"] is None
    aliases = client.patch(
        "/v1/experts/aigerim-sarsenova",
        json={"aliases": None},
        headers={**writer, "If-Match": expert.headers["etag"]},
    )
    assert aliases.status_code == 422


def test_a_retracted_claim_is_not_edited(client: TestClient, writer: dict[str, str]) -> None:
    claim = _setup(client, writer)["claim"]
    url = f"/v1/claims/{claim.json()['id']}"
    client.delete(url, headers={**writer, "If-Match": "*"})
    edit = client.patch(url, headers={**writer, "If-Match": "*"}, json={"statement": "Changed."})
    assert edit.status_code == 409


def test_if_match_lists_and_weak_tags(client: TestClient, writer: dict[str, str]) -> None:
    claim = _setup(client, writer)["claim"]
    url, etag = f"/v1/claims/{claim.json()['id']}", claim.headers["etag"]
    weak = client.patch(
        url, headers={**writer, "If-Match": f"W/{etag}"}, json={"kind": "assessment"}
    )
    assert weak.status_code == 412
    listed = client.patch(
        url,
        headers={**writer, "If-Match": f'"9-0000000000000000", {etag}'},
        json={"kind": "assessment"},
    )
    assert listed.status_code == 200
    stars = client.patch(url, headers={**writer, "If-Match": "*, *"}, json={"kind": "forecast"})
    assert stars.status_code == 200


@pytest.mark.parametrize("date", [0, 1700006400, "1700006400", "2024-01-01T00:00:00", "2024-1-1"])
def test_dates_are_yyyy_mm_dd_only(client: TestClient, writer: dict[str, str], date: Any) -> None:
    source = client.post(
        "/v1/sources?extract=false",
        headers=writer,
        json={"title": "T", "text": TEXT, "language": "en"},
    ).json()["source"]["id"]
    client.post(
        "/v1/experts",
        headers=writer,
        json={"slug": "aigerim-sarsenova", "name": "A. S.", "kind": "person"},
    )
    start = TEXT.index(QUOTE)
    response = client.post(
        "/v1/claims",
        headers=writer,
        json={
            "expert": "aigerim-sarsenova",
            "source": source,
            "kind": "forecast",
            "statement": "S.",
            "quote": QUOTE,
            "span": {"start": start, "end": start + len(QUOTE)},
            "stated_on": date,
        },
    )
    assert response.status_code == 422
    assert client.get(f"/v1/claims?stated_since={date}").status_code == 422


def test_topics_cannot_nest_past_their_path_length(
    client: TestClient, writer: dict[str, str]
) -> None:
    parent = None
    for depth in range(12):
        slug = f"level-{depth}-" + "x" * 85
        response = client.post(
            "/v1/topics", headers=writer, json={"slug": slug, "name": slug, "parent": parent}
        )
        if response.status_code != 201:
            break
        parent = slug
    assert response.status_code == 422
    assert "too deep" in response.text


def test_a_bad_idempotency_key_is_a_header_problem(
    client: TestClient, writer: dict[str, str]
) -> None:
    response = client.post(
        "/v1/topics",
        headers={**writer, "Idempotency-Key": "x" * 300},
        json={"slug": "energy", "name": "Energy"},
    )
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/invalid-header"


def test_stored_counts_match_a_recount_after_many_writes(
    client: TestClient, session: Session, writer: dict[str, str]
) -> None:
    claim = _setup(client, writer)["claim"]
    url = f"/v1/claims/{claim.json()['id']}"
    steps: list[dict[str, Any]] = [
        {"review": "verified"},
        {"topics": ["russia", "china"]},
        {"topics": ["economy"]},
        {"review": "disputed"},
        {"topics": ["central-asia", "kazakhstan"]},
        {"review": "verified"},
    ]
    for body in steps:
        assert client.patch(url, headers={**writer, "If-Match": "*"}, json=body).status_code == 200
    client.post(
        "/v1/topics", headers=writer, json={"slug": "energy", "name": "E", "parent": "china"}
    )
    client.patch("/v1/topics/china", headers={**writer, "If-Match": "*"}, json={"parent": None})
    stored = {t.slug: t.claim_count for t in topics.tree_nodes(session)}
    with session.begin_nested() as savepoint:
        topics.recount(session)
        recounted = {t.slug: t.claim_count for t in topics.tree_nodes(session)}
        savepoint.rollback()
    assert stored == recounted


def test_history_speaks_the_api_language(client: TestClient, writer: dict[str, str]) -> None:
    claim = _setup(client, writer)["claim"]
    url = f"/v1/claims/{claim.json()['id']}"
    client.patch(
        url,
        headers={**writer, "If-Match": "*"},
        json={"confidence": {"phrase": "likely"}, "expert": "gaziz-abishev"},
    )
    changes = client.get(f"{url}/history", headers=writer).json()["items"][-1]["changes"]
    assert set(changes) == {"confidence", "expert"}
    assert changes["expert"] == ["aigerim-sarsenova", "gaziz-abishev"]
    assert changes["confidence"][1]["band"] == "likely"

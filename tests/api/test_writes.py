"""Editing over HTTP: create, edit with If-Match, review, retract, and the history of it all."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.deps import get_session
from tests.conftest import Keys

TEXT = "Economist Aigerim Sarsenova said tariffs will almost certainly rise next year."
QUOTE = "tariffs will almost certainly rise next year"


def _setup(client: TestClient, writer: dict[str, str]) -> dict[str, Any]:
    """An expert, a source and a draft claim quoting it, made over HTTP."""
    expert = client.post(
        "/v1/experts",
        headers=writer,
        json={
            "slug": "aigerim-sarsenova",
            "name": "Aigerim Sarsenova",
            "kind": "person",
            "role": "economist",
            "aliases": ["Айгерим Сарсенова"],
        },
    )
    assert expert.status_code == 201, expert.text
    posted = client.post(
        "/v1/sources?extract=false",  # the text alone: the claim below is written by hand
        headers=writer,
        json={"title": "Tariffs", "text": TEXT, "language": "en", "published_on": "2024-03-01"},
    )
    assert posted.status_code == 201, posted.text
    source = client.get(posted.headers["location"], headers=writer)
    start = TEXT.index(QUOTE)
    claim = client.post(
        "/v1/claims",
        headers=writer,
        json={
            "expert": "aigerim-sarsenova",
            "source": source.json()["id"],
            "kind": "forecast",
            "statement": "Tariffs in Kazakhstan will rise in 2025.",
            "quote": QUOTE,
            "span": {"start": start, "end": start + len(QUOTE)},
            "topics": ["economy"],
            "confidence": {"phrase": "almost certain"},
            "horizon": {"phrase": "next year", "earliest": "2025-01-01", "latest": "2025-12-31"},
        },
    )
    assert claim.status_code == 201, claim.text
    return {"expert": expert, "source": source, "claim": claim}


def test_a_key_creates_edits_verifies_and_retracts_with_history(
    client: TestClient, writer: dict[str, str], keys: Keys
) -> None:
    made = _setup(client, writer)
    claim = made["claim"]
    body = claim.json()
    assert body["review"] == "draft"
    assert body["confidence"]["band"] == "almost-certain"
    assert claim.headers["location"] == f"http://testserver/v1/claims/{body['id']}"
    url = f"/v1/claims/{body['id']}"

    etag = client.get(url, headers=writer).headers["etag"]
    assert etag == claim.headers["etag"]
    edited = client.patch(
        url,
        headers={**writer, "If-Match": etag},
        json={"statement": "Electricity tariffs will rise in 2025."},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == 2

    editor = keys.headers("write", name="editor")
    verified = client.patch(
        url, headers={**editor, "If-Match": edited.headers["etag"]}, json={"review": "verified"}
    )
    assert verified.json()["review"] == "verified"
    retracted = client.delete(url, headers={**editor, "If-Match": verified.headers["etag"]})
    assert retracted.status_code == 200
    assert retracted.json()["review"] == "retracted"

    steps = client.get(f"{url}/history").json()["items"]
    assert [(s["version"], s["action"], s["actor"]["name"]) for s in steps] == [
        (1, "create", "desk"),
        (2, "update", "desk"),
        (3, "review", "editor"),
        (4, "retract", "editor"),
    ]
    assert steps[1]["changes"]["statement"] == [
        "Tariffs in Kazakhstan will rise in 2025.",
        "Electricity tariffs will rise in 2025.",
    ]
    assert steps[3]["changes"] == {"review": ["verified", "retracted"]}
    assert body["id"] not in {c["id"] for c in client.get("/v1/claims?limit=200").json()["items"]}
    assert client.get("/v1/claims?review=retracted").json()["items"][0]["id"] == body["id"]


def test_expert_and_source_edits_have_history(client: TestClient, writer: dict[str, str]) -> None:
    made = _setup(client, writer)
    expert = client.patch(
        "/v1/experts/aigerim-sarsenova",
        headers={**writer, "If-Match": made["expert"].headers["etag"]},
        json={"role": "senior economist"},
    )
    assert expert.json()["role"] == "senior economist"
    steps = client.get("/v1/experts/aigerim-sarsenova/history").json()["items"]
    assert [s["action"] for s in steps] == ["create", "update"]
    assert steps[1]["changes"] == {"role": ["economist", "senior economist"]}
    source_id = made["source"].json()["id"]
    patched = client.patch(
        f"/v1/sources/{source_id}",
        headers={**writer, "If-Match": made["source"].headers["etag"]},
        json={"publisher": "Example Agency"},
    )
    assert patched.json()["publisher"] == "Example Agency"
    assert len(client.get(f"/v1/sources/{source_id}/history").json()["items"]) == 2


def test_drafts_are_hidden_from_anonymous_readers(
    client: TestClient, writer: dict[str, str]
) -> None:
    claim_id = _setup(client, writer)["claim"].json()["id"]
    assert client.get(f"/v1/claims/{claim_id}").status_code == 404
    assert client.get(f"/v1/claims/{claim_id}/history").status_code == 404
    assert claim_id not in {c["id"] for c in client.get("/v1/claims?review=draft").json()["items"]}
    assert client.get(f"/v1/claims/{claim_id}", headers=writer).status_code == 200
    seen = client.get("/v1/claims?review=draft", headers=writer).json()["items"]
    assert [c["id"] for c in seen] == [claim_id]


def test_published_claims_move_topic_counts(client: TestClient, writer: dict[str, str]) -> None:
    def counts() -> tuple[int, int]:
        economy = client.get("/v1/topics/economy").json()["claim_count"]
        return economy, client.get("/v1/topics/kazakhstan").json()["claim_count"]

    before = counts()
    claim = _setup(client, writer)["claim"]
    assert counts() == before  # a draft is not counted
    url = f"/v1/claims/{claim.json()['id']}"
    verified = client.patch(
        url, headers={**writer, "If-Match": claim.headers["etag"]}, json={"review": "verified"}
    )
    assert counts() == (before[0] + 1, before[1] + 1)
    client.delete(url, headers={**writer, "If-Match": verified.headers["etag"]})
    assert counts() == before


def test_if_match_is_required_and_must_be_current(
    client: TestClient, writer: dict[str, str]
) -> None:
    claim = _setup(client, writer)["claim"]
    url, etag = f"/v1/claims/{claim.json()['id']}", claim.headers["etag"]
    assert client.patch(url, headers=writer, json={"kind": "assessment"}).status_code == 428
    assert client.delete(url, headers=writer).status_code == 428
    assert (
        client.patch(
            url, headers={**writer, "If-Match": '"nonsense"'}, json={"kind": "assessment"}
        ).status_code
        == 412
    )
    first = client.patch(url, headers={**writer, "If-Match": etag}, json={"kind": "assessment"})
    assert first.status_code == 200
    stale = client.patch(url, headers={**writer, "If-Match": etag}, json={"kind": "forecast"})
    assert stale.status_code == 412
    assert "version 2, not 1" in stale.json()["detail"]
    assert (
        client.patch(
            url, headers={**writer, "If-Match": "*"}, json={"kind": "forecast"}
        ).status_code
        == 200
    )


def test_a_retracted_claim_cannot_come_back(client: TestClient, writer: dict[str, str]) -> None:
    claim = _setup(client, writer)["claim"]
    url = f"/v1/claims/{claim.json()['id']}"
    gone = client.delete(url, headers={**writer, "If-Match": claim.headers["etag"]})
    back = client.patch(
        url, headers={**writer, "If-Match": gone.headers["etag"]}, json={"review": "verified"}
    )
    assert back.status_code == 409
    assert back.headers["content-type"] == "application/problem+json"


def _claim_body(source_id: int, **overrides: Any) -> dict[str, Any]:
    start = TEXT.index(QUOTE)
    return {
        "expert": "aigerim-sarsenova",
        "source": source_id,
        "kind": "forecast",
        "statement": "Tariffs will rise.",
        "quote": QUOTE,
        "span": {"start": start, "end": start + len(QUOTE)},
    } | overrides


INVALID: list[tuple[dict[str, Any], str]] = [
    ({"span": {"start": 0, "end": 10}}, "span"),
    ({"quote": "tariffs will fall"}, "span"),
    ({"confidence": {"low": 0.9, "probability": 0.5, "high": 1.0}}, "confidence"),
    ({"confidence": {"low": 0.1, "probability": False, "high": 1.0}}, "confidence.probability"),
    ({"confidence": {"phrase": "perhaps maybe"}}, "confidence.phrase"),
    ({"confidence": {"low": 0.1, "probability": 0.5, "high": 1.5}}, "confidence.high"),
    ({"topics": ["no-such-topic"]}, "topics"),
    ({"expert": "nobody"}, "expert"),
    ({"source": 999999}, "source"),
    ({"stated_on": "2024-02-30"}, "stated_on"),
    ({"horizon": {"earliest": "2026-01-01", "latest": "2025-01-01"}}, "horizon"),
    ({"id": 5}, "id"),
    ({"version": 9}, "version"),
    ({"review": "verified"}, "review"),
    ({"extractor": "rules"}, "extractor"),
    ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
]


@pytest.mark.parametrize(("change", "field"), INVALID, ids=[f for _, f in INVALID])
def test_invalid_claims_are_422_and_change_nothing(
    client: TestClient, writer: dict[str, str], change: dict[str, Any], field: str
) -> None:
    source_id = _setup(client, writer)["source"].json()["id"]
    before = client.get("/v1/claims?count=exact&limit=1", headers=writer).json()["count"]
    response = client.post("/v1/claims", headers=writer, json=_claim_body(source_id, **change))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert any(e["field"].startswith(field) for e in response.json()["errors"]), response.json()
    assert client.get("/v1/claims?count=exact&limit=1", headers=writer).json()["count"] == before


def test_the_span_error_says_where_the_quote_is(client: TestClient, writer: dict[str, str]) -> None:
    source_id = _setup(client, writer)["source"].json()["id"]
    response = client.post(
        "/v1/claims",
        headers=writer,
        json=_claim_body(source_id, span={"start": 0, "end": len(QUOTE)}),
    )
    start = TEXT.index(QUOTE)
    assert f"it occurs at [{start}, {start + len(QUOTE)})" in response.json()["detail"]


def test_slugs_and_texts_are_unique(client: TestClient, writer: dict[str, str]) -> None:
    _setup(client, writer)
    again = client.post(
        "/v1/experts",
        headers=writer,
        json={"slug": "aigerim-sarsenova", "name": "Someone", "kind": "person"},
    )
    assert again.status_code == 409
    text = client.post(
        "/v1/sources",
        headers=writer,
        json={"title": "Again", "text": TEXT + "\r\n", "language": "en"},
    )
    assert text.status_code == 200  # the same text once normalised: nothing new is stored
    assert text.json()["already_ingested"] is True
    topic = client.post("/v1/topics", headers=writer, json={"slug": "russia", "name": "R"})
    assert topic.status_code == 409


def test_source_text_never_changes(client: TestClient, writer: dict[str, str]) -> None:
    source = _setup(client, writer)["source"]
    response = client.patch(
        f"/v1/sources/{source.json()['id']}",
        headers={**writer, "If-Match": source.headers["etag"]},
        json={"text": "Something else."},
    )
    assert response.status_code == 422


def test_topics_are_created_and_moved(client: TestClient, writer: dict[str, str]) -> None:
    made = client.post(
        "/v1/topics", headers=writer, json={"slug": "energy", "name": "Energy", "parent": "economy"}
    )
    assert made.status_code == 201, made.text
    assert made.json()["ancestors"] == ["kazakhstan", "economy"]
    moved = client.patch(
        "/v1/topics/energy",
        headers={**writer, "If-Match": made.headers["etag"]},
        json={"parent": "foreign-policy"},
    )
    assert moved.json()["ancestors"] == ["kazakhstan", "foreign-policy"]
    loop = client.patch(
        "/v1/topics/kazakhstan", headers={**writer, "If-Match": "*"}, json={"parent": "energy"}
    )
    assert loop.status_code == 409


def test_idempotency_key_replays_the_first_answer(
    client: TestClient, writer: dict[str, str]
) -> None:
    source_id = _setup(client, writer)["source"].json()["id"]
    headers = {**writer, "Idempotency-Key": "claim-1"}
    first = client.post("/v1/claims", headers=headers, json=_claim_body(source_id))
    again = client.post("/v1/claims", headers=headers, json=_claim_body(source_id))
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    listed = client.get(f"/v1/claims?source={source_id}", headers=writer).json()["items"]
    assert len(listed) == 2  # the one from _setup and one from the two POSTs
    other = client.post(
        "/v1/claims", headers=headers, json=_claim_body(source_id, statement="Something else.")
    )
    assert other.status_code == 422
    plain = client.post("/v1/claims", headers=writer, json=_claim_body(source_id))
    assert plain.json()["id"] != first.json()["id"]


def test_idempotency_keys_are_scoped_per_api_key(
    client: TestClient, writer: dict[str, str], keys: Keys
) -> None:
    source_id = _setup(client, writer)["source"].json()["id"]
    other = keys.headers("write", name="other desk")
    one = client.post(
        "/v1/claims", headers={**writer, "Idempotency-Key": "k"}, json=_claim_body(source_id)
    )
    two = client.post(
        "/v1/claims", headers={**other, "Idempotency-Key": "k"}, json=_claim_body(source_id)
    )
    assert one.json()["id"] != two.json()["id"]


def test_a_write_is_acknowledged_only_after_it_commits(
    app: FastAPI, session: Session, writer: dict[str, str]
) -> None:
    """If the commit fails, the client gets a 500, not a 201 for a write that did not land."""

    def failing_commit() -> Iterator[Session]:
        yield session
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    app.dependency_overrides[get_session] = failing_commit
    try:
        client = TestClient(app, raise_server_exceptions=False)
        response = client.post("/v1/topics", headers=writer, json={"slug": "energy", "name": "E"})
    finally:
        app.dependency_overrides.clear()
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"

"""The write API as the desk uses it: a rejection's reason is kept, and decisions can be undone."""

from typing import Any

from fastapi.testclient import TestClient

DRAFT = {
    "expert": "gaziz-abishev",
    "source": 1,
    "kind": "forecast",
    "statement": "Russia will remain a neighbour Kazakhstan has to reckon with.",
    "quote": "Russia is unlikely to go anywhere",
    "span": {"start": 4103, "end": 4136},
}


def _draft(client: TestClient, writer: dict[str, str]) -> tuple[str, str]:
    made = client.post("/v1/claims", json=DRAFT, headers=writer)
    assert made.status_code == 201, made.text
    return made.headers["location"], made.headers["etag"]


def _patch(
    client: TestClient, writer: dict[str, str], url: str, etag: str, body: dict[str, Any]
) -> Any:
    return client.patch(url, json=body, headers={**writer, "If-Match": etag})


def _history(client: TestClient, writer: dict[str, str], url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(f"{url}/history", headers=writer).json()["items"]
    return items


def test_a_rejection_keeps_its_reason_and_can_be_undone(
    client: TestClient, writer: dict[str, str]
) -> None:
    url, etag = _draft(client, writer)
    rejected = _patch(client, writer, url, etag, {"review": "retracted", "reason": "duplicate"})
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["review"] == "retracted"
    restored = _patch(client, writer, url, rejected.headers["etag"], {"review": "draft"})
    assert restored.status_code == 200, restored.text
    assert restored.json()["review"] == "draft"
    steps = [(h["action"], h["changes"]) for h in _history(client, writer, url)[1:]]
    assert steps == [
        ("review", {"review": ["draft", "retracted"], "reason": [None, "duplicate"]}),
        ("review", {"review": ["retracted", "draft"]}),
    ]


def test_an_accepted_claim_goes_back_to_draft(client: TestClient, writer: dict[str, str]) -> None:
    url, etag = _draft(client, writer)
    accepted = _patch(client, writer, url, etag, {"review": "verified"})
    undone = _patch(client, writer, url, accepted.headers["etag"], {"review": "draft"})
    assert [accepted.status_code, undone.status_code] == [200, 200]
    assert undone.json()["review"] == "draft"


def test_a_retracted_claim_takes_no_other_change(
    client: TestClient, writer: dict[str, str]
) -> None:
    url, etag = _draft(client, writer)
    retracted = client.delete(url, headers={**writer, "If-Match": etag})
    etag = retracted.headers["etag"]
    for body in (
        {"statement": "Something else."},
        {"review": "draft", "statement": "Something else."},
        {"review": "verified"},
    ):
        answer = _patch(client, writer, url, etag, body)
        assert answer.status_code == 409, body
        assert answer.json()["type"] == "/problems/conflict"
    assert client.get(url, headers=writer).json()["review"] == "retracted"


def test_a_reason_is_a_sentence(client: TestClient, writer: dict[str, str]) -> None:
    url, etag = _draft(client, writer)
    for reason in ("", "x" * 2001, 3):
        answer = _patch(client, writer, url, etag, {"review": "retracted", "reason": reason})
        assert answer.status_code == 422, reason
    assert client.get(url, headers=writer).json()["review"] == "draft"

"""The write path end to end: a key made with the real CLI drives a real server, on both engines."""

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.e2e.conftest import Server, forecasts, key_headers

ROUNDS, WRITERS = 50, 8


def _key(server: Server, *scopes: str, name: str) -> dict[str, str]:
    return key_headers(server, *scopes, name=name)


def test_a_cli_key_creates_edits_verifies_and_retracts(fresh_server: Server) -> None:
    desk = _key(fresh_server, "write", "ingest", name="desk")
    text = "Analyst Dana Omarova expects the tenge to weaken in 2025."
    quote = "expects the tenge to weaken in 2025"
    with httpx.Client(base_url=fresh_server.base_url, headers=desk) as api:
        assert (
            api.post(
                "/v1/experts",
                json={"slug": "dana-omarova", "name": "Dana Omarova", "kind": "person"},
            ).status_code
            == 201
        )
        source = api.post(
            "/v1/sources?extract=false", json={"title": "Tenge", "text": text, "language": "en"}
        )
        start = text.index(quote)
        claim = api.post(
            "/v1/claims",
            json={
                "expert": "dana-omarova",
                "source": source.json()["source"]["id"],
                "kind": "forecast",
                "statement": "The tenge will weaken in 2025.",
                "quote": quote,
                "span": {"start": start, "end": start + len(quote)},
                "topics": ["economy"],
                "confidence": {"phrase": "expect"},
            },
            headers={"Idempotency-Key": "tenge-1"},
        )
        assert claim.status_code == 201, claim.text
        url = claim.headers["location"]
        edited = api.patch(
            url,
            json={"statement": "The tenge will weaken against the dollar in 2025."},
            headers={"If-Match": claim.headers["etag"]},
        )
        verified = api.patch(
            url, json={"review": "verified"}, headers={"If-Match": edited.headers["etag"]}
        )
        retracted = api.delete(url, headers={"If-Match": verified.headers["etag"]})
        assert [r.status_code for r in (edited, verified, retracted)] == [200, 200, 200]
    steps = httpx.get(f"{url}/history").json()["items"]
    assert [(s["action"], s["actor"]["name"]) for s in steps] == [
        ("create", "desk"),
        ("update", "desk"),
        ("review", "desk"),
        ("retract", "desk"),
    ]
    listed = forecasts(fresh_server.database_url, "keys", "list")
    assert "desk" in listed.stdout


def _patch(client: httpx.Client, url: str, etag: str, start: threading.Barrier, text: str) -> int:
    start.wait()
    return client.patch(url, json={"statement": text}, headers={"If-Match": etag}).status_code


def test_concurrent_patches_with_one_etag_let_exactly_one_through(fresh_server: Server) -> None:
    desk = _key(fresh_server, "write", name="race")
    url = f"{fresh_server.base_url}/v1/claims/10"
    outcomes: list[list[int]] = []
    with httpx.Client(headers=desk, timeout=30) as client, ThreadPoolExecutor(WRITERS) as pool:
        first = client.get(url).json()["version"]
        for r in range(ROUNDS):
            etag = client.get(url).headers["etag"]
            start = threading.Barrier(WRITERS)
            futures = [  # every writer changes something, so no PATCH is a no-op
                pool.submit(_patch, client, url, etag, start, f"Writer {n} in round {r}.")
                for n in range(WRITERS)
            ]
            outcomes.append(sorted(f.result() for f in futures))
        final: dict[str, Any] = client.get(url).json()
    assert outcomes == [[200] + [412] * (WRITERS - 1)] * ROUNDS
    assert final["version"] == first + ROUNDS


def test_concurrent_replays_of_one_idempotency_key_create_one_claim(fresh_server: Server) -> None:
    desk = _key(fresh_server, "write", name="replayer")
    body = {
        "expert": "gaziz-abishev",
        "source": 1,
        "kind": "forecast",
        "statement": "Russia will remain a neighbour.",
        "quote": "Russia is unlikely to go anywhere",
        "span": {"start": 4103, "end": 4136},
        "confidence": {"phrase": "unlikely", "negated": True},
    }

    def post(start: threading.Barrier, client: httpx.Client) -> tuple[int, str]:
        start.wait()
        response = client.post("/v1/claims", json=body, headers={"Idempotency-Key": "once"})
        return response.status_code, response.text

    with (
        httpx.Client(base_url=fresh_server.base_url, headers=desk, timeout=30) as client,
        ThreadPoolExecutor(WRITERS) as pool,
    ):
        start = threading.Barrier(WRITERS)
        answers = [f.result() for f in [pool.submit(post, start, client) for _ in range(WRITERS)]]
        made = client.get("/v1/claims?source=1&review=draft&count=exact&limit=1").json()["count"]
    assert {status for status, _ in answers} == {201}
    assert len({text for _, text in answers}) == 1
    assert made == 1


def test_concurrent_edits_keep_topic_counts_exact(fresh_server: Server) -> None:
    desk = _key(fresh_server, "write", name="editors")
    plans = [["russia", "china"], ["economy"], ["central-asia"], ["reforms", "russia"]]

    def edit(client: httpx.Client, claim_id: int, n: int) -> list[int]:
        statuses = []
        for step in range(12):
            body: dict[str, Any] = (
                {"topics": plans[(n + step) % len(plans)]}
                if step % 3
                else {"review": "disputed" if step % 2 else "verified"}
            )
            response = client.patch(f"/v1/claims/{claim_id}", json=body, headers={"If-Match": "*"})
            statuses.append(response.status_code)
        return statuses

    with (
        httpx.Client(base_url=fresh_server.base_url, headers=desk, timeout=60) as client,
        ThreadPoolExecutor(WRITERS) as pool,
    ):
        ids = [c["id"] for c in client.get("/v1/claims?limit=8").json()["items"]]
        results = [
            f.result() for f in [pool.submit(edit, client, cid, n) for n, cid in enumerate(ids)]
        ]
        assert {status for statuses in results for status in statuses} <= {200, 503}
        nodes = list(client.get("/v1/topics").json()["items"])
        while nodes:
            topic = nodes.pop()
            nodes.extend(topic["children"])
            published = client.get(f"/v1/claims?topic={topic['slug']}&count=exact&limit=1")
            assert topic["claim_count"] == published.json()["count"], topic["slug"]


def test_concurrent_posts_of_one_article_store_it_once(fresh_server: Server) -> None:
    newsroom = _key(fresh_server, "ingest", name="newsroom")
    body = {
        "title": "Tariffs",
        "published_on": "2024-03-01",
        "text": "Economist Aigerim Sarsenova said tariffs will almost certainly rise next year.",
    }

    def post(start: threading.Barrier, client: httpx.Client) -> tuple[int, bool]:
        start.wait()
        response = client.post("/v1/sources", json=body)
        return response.status_code, response.json().get("already_ingested", False)

    with (
        httpx.Client(base_url=fresh_server.base_url, headers=newsroom, timeout=30) as client,
        ThreadPoolExecutor(WRITERS) as pool,
    ):
        for _ in range(3):  # a few rounds, so the race is likely to be met at least once
            start = threading.Barrier(WRITERS)
            answers = [
                f.result() for f in [pool.submit(post, start, client) for _ in range(WRITERS)]
            ]
            body["text"] += " Rates will probably fall."
            # One request stores it; every other says it was already ingested: none is refused.
            assert sorted(answers) == [(200, True)] * (WRITERS - 1) + [(201, False)], answers
        sources = client.get("/v1/sources?count=exact&limit=1").json()["count"]
    assert sources == 1 + 3  # the sample's article and the three posted

"""`POST /v1/experts/{slug}/merge`: one person stored twice becomes one expert; the claims move,
the names stay as aliases, and the old slug keeps answering (308 to the expert it became)."""

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Keys

TEXT = "Analyst Dana Omarova expects the tenge to weaken. Dana Omarowa said inflation will ease."


def _expert(client: TestClient, writer: dict[str, str], slug: str, name: str, **more: Any) -> None:
    body = {"slug": slug, "name": name, "kind": "person", **more}
    made = client.post("/v1/experts", json=body, headers=writer)
    assert made.status_code == 201, made.text


def _claim(client: TestClient, writer: dict[str, str], source: int, expert: str, quote: str) -> Any:
    start = TEXT.index(quote)
    made = client.post(
        "/v1/claims",
        json={
            "expert": expert,
            "source": source,
            "kind": "forecast",
            "statement": quote.capitalize() + ".",
            "quote": quote,
            "span": {"start": start, "end": start + len(quote)},
        },
        headers=writer,
    )
    assert made.status_code == 201, made.text
    return made.json()


def _twins(client: TestClient, writer: dict[str, str]) -> tuple[Any, Any]:
    """Dana Omarova stored twice, the second time misspelt, a claim each."""
    _expert(client, writer, "dana-omarova", "Dana Omarova")
    _expert(
        client,
        writer,
        "dana-omarowa",
        "Dana Omarowa",
        aliases=["Дана Омарова"],
        role="economist",
        links={"wikidata": "https://www.wikidata.org/wiki/Q1"},
    )
    source = client.post(
        "/v1/sources?extract=false", json={"title": "Tenge", "text": TEXT}, headers=writer
    ).json()["source"]["id"]
    first = _claim(client, writer, source, "dana-omarova", "expects the tenge to weaken")
    second = _claim(client, writer, source, "dana-omarowa", "inflation will ease")
    return first, second


def _merge(
    client: TestClient, writer: dict[str, str], slug: str, into: str, etag: str | None = None
) -> Any:
    if etag is None:
        etag = client.get(f"/v1/experts/{slug}").headers["etag"]
    return client.post(
        f"/v1/experts/{slug}/merge", json={"into": into}, headers={**writer, "If-Match": etag}
    )


def test_a_merge_moves_the_claims_and_keeps_the_names(
    client: TestClient, writer: dict[str, str]
) -> None:
    first, second = _twins(client, writer)
    merged = _merge(client, writer, "dana-omarowa", "dana-omarova")
    assert merged.status_code == 200, merged.text
    expert = merged.json()
    assert expert["slug"] == "dana-omarova"
    assert expert["aliases"] == ["Dana Omarowa", "Дана Омарова"]
    assert expert["role"] == "economist"  # filled from the merged expert: the target had none
    assert expert["links"] == {"wikidata": "https://www.wikidata.org/wiki/Q1"}
    assert merged.headers["etag"].startswith(f'"{expert["version"]}-')

    moved = client.get(f"/v1/claims/{second['id']}", headers=writer)
    assert moved.json()["expert"] == "dana-omarova"
    assert moved.json()["version"] == second["version"] + 1  # a stale If-Match now gets a 412
    assert client.get(f"/v1/claims/{first['id']}", headers=writer).json()["version"] == 1
    changes = client.get(f"/v1/claims/{second['id']}/history", headers=writer).json()["items"]
    assert changes[-1]["changes"] == {"expert": ["dana-omarowa", "dana-omarova"]}
    steps = client.get("/v1/experts/dana-omarova/history").json()["items"]
    assert steps[-1]["action"] == "merge"
    assert steps[-1]["changes"]["merged_from"] == [None, "dana-omarowa"]
    listed = client.get("/v1/experts?limit=200").json()["items"]
    assert "dana-omarowa" not in {e["slug"] for e in listed}


def test_the_old_slug_answers_with_a_redirect(client: TestClient, writer: dict[str, str]) -> None:
    _twins(client, writer)
    assert _merge(client, writer, "dana-omarowa", "dana-omarova").status_code == 200
    for path in ("", "/claims?limit=5", "/scorecard", "/badge.svg", "/history"):
        answer = client.get(f"/v1/experts/dana-omarowa{path}", follow_redirects=False)
        assert answer.status_code == 308, path
        assert answer.headers["location"] == f"/v1/experts/dana-omarova{path}"
        assert answer.json()["type"] == "/problems/moved"
    followed = client.get("/v1/experts/dana-omarowa")
    assert (followed.status_code, followed.json()["slug"]) == (200, "dana-omarova")
    page = client.get("/embed/experts/dana-omarowa", follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (308, "/embed/experts/dana-omarova")


def test_the_old_slug_still_names_the_expert_in_writes(
    client: TestClient, writer: dict[str, str]
) -> None:
    first, _ = _twins(client, writer)
    assert _merge(client, writer, "dana-omarowa", "dana-omarova").status_code == 200
    etag = client.get(f"/v1/claims/{first['id']}", headers=writer).headers["etag"]
    answer = client.patch(
        f"/v1/claims/{first['id']}",
        json={"expert": "dana-omarowa"},
        headers={**writer, "If-Match": etag},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["expert"] == "dana-omarova"


def test_merges_chain_and_the_oldest_slug_follows(
    client: TestClient, writer: dict[str, str]
) -> None:
    _twins(client, writer)
    _expert(client, writer, "d-omarova", "D. Omarova")
    assert _merge(client, writer, "dana-omarowa", "dana-omarova").status_code == 200
    assert _merge(client, writer, "dana-omarova", "d-omarova").status_code == 200
    for old in ("dana-omarowa", "dana-omarova"):
        answer = client.get(f"/v1/experts/{old}", follow_redirects=False)
        assert answer.headers["location"] == "/v1/experts/d-omarova", old
    final = client.get("/v1/experts/d-omarova").json()
    assert final["aliases"] == ["Dana Omarova", "Dana Omarowa", "Дана Омарова"]
    claims = client.get("/v1/claims?expert=d-omarova&review=draft", headers=writer).json()
    assert len(claims["items"]) == 2


def test_a_later_article_spelling_the_old_name_goes_to_the_target(
    client: TestClient, writer: dict[str, str]
) -> None:
    _twins(client, writer)
    assert _merge(client, writer, "dana-omarowa", "dana-omarova").status_code == 200
    made = client.post(
        "/v1/sources",
        json={"title": "Later", "text": "Economist Dana Omarowa believes prices will rise soon."},
        headers=writer,
    )
    assert made.status_code == 201, made.text
    assert [e["slug"] for e in made.json()["experts"]] == ["dana-omarova"]
    assert {c["expert"] for c in made.json()["claims"]} == {"dana-omarova"}


def test_a_bad_merge_is_refused_and_changes_nothing(
    client: TestClient, writer: dict[str, str], keys: Keys
) -> None:
    _twins(client, writer)
    etag = client.get("/v1/experts/dana-omarowa").headers["etag"]
    valid = {**writer, "If-Match": etag}
    url = "/v1/experts/dana-omarowa/merge"
    body = {"into": "dana-omarova"}
    cases: list[tuple[dict[str, str], Any, int, str]] = [
        ({}, body, 401, "unauthorized"),
        (keys.headers("resolve"), body, 403, "forbidden"),
        (writer, body, 428, "precondition-required"),
        ({**writer, "If-Match": '"99"'}, body, 412, "precondition-failed"),
        (valid, {"into": "nobody-at-all"}, 422, "validation-error"),
        (valid, {"into": "dana-omarowa"}, 422, "validation-error"),
        (valid, {"into": "Not A Slug"}, 422, "validation-error"),
        (valid, {"into": "dana-omarova", "also": 1}, 422, "validation-error"),
    ]
    for headers, sent, status, kind in cases:
        answer = client.post(url, json=sent, headers=headers)
        assert answer.status_code == status, (sent, headers.keys(), answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["type"] == f"/problems/{kind}"
    missing = client.post(
        "/v1/experts/nobody-at-all/merge", json=body, headers={**writer, "If-Match": etag}
    )
    assert missing.status_code == 404
    assert client.get("/v1/experts/dana-omarowa").json()["version"] == 1
    assert client.get("/v1/experts/dana-omarova").json()["aliases"] == []

"""The claims list and detail, checked against answers computed from the sample data file."""

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from app import confidence
from tests.conftest import StatementLog
from tests.sample_oracle import CLAIMS, OUTCOMES, PROPOSITION_OF, Claim, quotes, under


def _probability(c: Claim) -> float | None:
    if "hedge" not in c:
        return None
    return confidence.for_statement(c["hedge"], negated=c.get("negated", False)).point


def _horizon_latest(c: Claim) -> str | None:
    latest: str | None = c.get("horizon", {}).get("latest")
    return latest


def _by(expert: str) -> Callable[[Claim], bool]:
    return lambda c: c["expert"] == expert


def _all(client: TestClient, url: str) -> list[dict[str, Any]]:
    """Every item of a list, following `next` to the end."""
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["items"])
        next_url = body.get("next")
    return items


FILTERS: list[tuple[str, Callable[[Claim], bool]]] = [
    ("", lambda c: True),
    ("expert=gaziz-abishev", lambda c: c["expert"] == "gaziz-abishev"),
    (
        "expert=gaziz-abishev&topic=russia",
        lambda c: c["expert"] == "gaziz-abishev" and under("russia")(c),
    ),
    ("expert=most-observers&expert=kazbek-beisebayev", lambda c: c["expert"] != "gaziz-abishev"),
    ("topic=foreign-policy", under("foreign-policy")),
    ("topic=kazakhstan", under("kazakhstan")),
    ("topic=china&topic=central-asia", lambda c: under("china")(c) or under("central-asia")(c)),
    ("kind=forecast", lambda c: c["kind"] == "forecast"),
    ("kind=assessment&kind=prescription", lambda c: c["kind"] != "forecast"),
    ("min_probability=0.9", lambda c: (_probability(c) or 0) >= 0.9),
    ("max_probability=0.5", lambda c: _probability(c) is not None and _probability(c) <= 0.5),  # type: ignore[operator]
    ("resolves_before=2022-11-20", lambda c: (_horizon_latest(c) or "9999") <= "2022-11-20"),
    ("resolves_after=2023-01-01", lambda c: (_horizon_latest(c) or "0000") >= "2023-01-01"),
    ("stated_since=2022-11-19&stated_until=2022-11-19", lambda c: True),
    ("stated_since=2022-11-20", lambda c: False),
    ("source=1", lambda c: True),
    ("source=1&kind=prescription", lambda c: c["kind"] == "prescription"),
    ("language=en", lambda c: True),
    ("language=ru", lambda c: False),
    ("outcome=open", lambda c: c["quote"] not in OUTCOMES),
    ("outcome=true&outcome=false", lambda c: OUTCOMES.get(c["quote"]) in ("true", "false")),
    ("outcome=partly", lambda c: False),
    (
        "proposition=tokayev-wins-2022",
        lambda c: PROPOSITION_OF.get(c["quote"]) == "tokayev-wins-2022",
    ),
    ("review=verified", lambda c: True),
    ("review=retracted", lambda c: False),
    ("q=Moscow", lambda c: "Moscow" in c["quote"] or "Moscow" in c["statement"]),
    (
        "q=Abishev%20Turkic",
        lambda c: c["expert"] == "gaziz-abishev" and "Turkic" in c["quote"] + c["statement"],
    ),
    ("q=Газиз", lambda c: c["expert"] == "gaziz-abishev"),
    ("q=%22NEAR(%20col:x", lambda c: False),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS, ids=[q or "none" for q, _ in FILTERS])
def test_filters_select_the_claims_the_sample_says(
    client: TestClient, query: str, expected: Callable[[Claim], bool]
) -> None:
    items = _all(client, f"/v1/claims?limit=7&{query}")
    assert {item["quote"] for item in items} == quotes(expected)
    assert len(items) == len({item["id"] for item in items})


def test_abishev_russia_claims_carry_quotes_and_spans(client: TestClient) -> None:
    body = client.get("/v1/claims?expert=gaziz-abishev&topic=russia").json()
    assert body["items"]
    source = client.get("/v1/sources/1").json()["text"]
    for item in body["items"]:
        start, end = item["span"]["start"], item["span"]["end"]
        assert source[start:end] == item["quote"] == item["selector"]["exact"]
        assert source[:start].endswith(item["selector"]["prefix"])
        assert source[end:].startswith(item["selector"]["suffix"])
        assert item["expert"] == "gaziz-abishev"


SORTS = [
    "stated_on",
    "-stated_on",
    "id",
    "-id",
    "created_at",
    "-updated_at",
    "horizon",
    "-horizon",
    "probability",
    "-probability",
]


def _sort_value(item: dict[str, Any], name: str) -> Any:
    path = {"horizon": ("horizon", "latest"), "probability": ("confidence", "probability")}
    value: Any = item
    for part in path.get(name, (name,)):
        value = value[part]
    return value


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_pages_through_its_claims_once_in_order(client: TestClient, sort: str) -> None:
    name = sort.removeprefix("-")
    items = _all(client, f"/v1/claims?limit=4&sort={sort}")
    assert len(items) == len({i["id"] for i in items})
    if name == "horizon":  # sorting by a value lists the claims that have one
        assert len(items) == sum(1 for c in CLAIMS if _horizon_latest(c))
    elif name == "probability":
        assert len(items) == sum(1 for c in CLAIMS if _probability(c) is not None)
    else:
        assert len(items) == len(CLAIMS)
    keys = [(_sort_value(item, name), item["id"]) for item in items]
    assert keys == sorted(keys, reverse=sort.startswith("-"))


def test_default_order_is_newest_first_then_highest_id(client: TestClient) -> None:
    ids = [item["id"] for item in _all(client, "/v1/claims?limit=10")]
    assert ids == sorted(ids, reverse=True)  # one publication date in the sample


def test_next_is_absent_on_the_last_page_and_count_only_when_asked(client: TestClient) -> None:
    first = client.get("/v1/claims?limit=20").json()
    assert "count" not in first
    assert parse_qs(urlsplit(first["next"]).query)["limit"] == ["20"]
    last = client.get(first["next"]).json()
    assert "next" not in last
    assert len(first["items"]) + len(last["items"]) == len(CLAIMS)
    counted = client.get("/v1/claims?limit=1&count=exact&kind=forecast").json()
    assert counted["count"] == sum(c["kind"] == "forecast" for c in CLAIMS)


def test_next_keeps_repeated_filters(client: TestClient) -> None:
    body = client.get("/v1/claims?limit=1&topic=china&topic=central-asia").json()
    assert parse_qs(urlsplit(body["next"]).query)["topic"] == ["china", "central-asia"]


def test_fields_projects_and_keeps_id(client: TestClient) -> None:
    items = client.get("/v1/claims?fields=statement,confidence&limit=3").json()["items"]
    assert [set(item) for item in items] == [{"id", "statement", "confidence"}] * 3
    repeated = client.get("/v1/claims?fields=statement&fields=topics&limit=1").json()["items"]
    assert set(repeated[0]) == {"id", "statement", "topics"}


def test_include_embeds_expert_source_and_topics(client: TestClient) -> None:
    item = client.get("/v1/claims?include=expert,source,topics&expert=gaziz-abishev&limit=1")
    embedded = item.json()["items"][0]
    assert embedded["expert"]["name"] == "Gaziz Abishev"
    assert embedded["expert"]["role"] == "political observer"
    assert embedded["source"]["publisher"] == "Caliber.Az"
    assert embedded["source"]["published_on"] == "2022-11-19"
    assert all({"slug", "name", "parent"} <= set(t) for t in embedded["topics"])


def test_detail_matches_the_list_item(client: TestClient) -> None:
    listed = client.get("/v1/claims?limit=1").json()["items"][0]
    detail = client.get(f"/v1/claims/{listed['id']}")
    assert detail.status_code == 200
    assert detail.json() == listed
    assert listed["url"] == f"http://testserver/v1/claims/{listed['id']}"


def test_forecast_confidence_comes_from_the_table(client: TestClient) -> None:
    items = _all(client, "/v1/claims?kind=forecast")
    assert items
    for item in items:
        c = item["confidence"]
        assert 0 <= c["low"] <= c["probability"] <= c["high"] <= 1
        assert c["scale"] == confidence.SCALE
    negated = next(i for i in items if i["quote"] == "Russia is unlikely to go anywhere")
    assert negated["confidence"]["band"] == "not-unlikely"
    assert negated["confidence"]["probability"] == pytest.approx(1 - 0.17)


def test_timestamps_are_utc_with_z(client: TestClient) -> None:
    item = client.get("/v1/claims?limit=1").json()["items"][0]
    assert item["created_at"].endswith("Z")
    assert item["updated_at"].endswith("Z")


BAD_VALUES = [
    "limit=0",
    "limit=201",
    "limit=x",
    "kind=rumour",
    "topic=Not%20A%20Slug",
    "source=0",
    "min_probability=1.5",
    "stated_since=2022-02-30",
    "sort=statement",
    "fields=password",
    "include=everything",
    "count=maybe",
    "q=",
    "q=" + "x" * 201,
    "language=english!",
    "outcome=won",
]


@pytest.mark.parametrize("query", BAD_VALUES)
def test_invalid_values_are_422_problems(client: TestClient, query: str) -> None:
    response = client.get(f"/v1/claims?{query}")
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["errors"]
    assert problem["errors"][0]["location"] == "query"
    assert problem["errors"][0]["field"].split(".")[0] == query.split("=")[0]


def test_unknown_parameter_is_400_naming_it(client: TestClient) -> None:
    response = client.get("/v1/claims?topics=russia")
    assert response.status_code == 400
    assert "topics" in response.json()["detail"]


def test_forged_or_foreign_cursors_are_refused(client: TestClient) -> None:
    next_url = client.get("/v1/claims?limit=2").json()["next"]
    cursor = parse_qs(urlsplit(next_url).query)["cursor"][0]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    assert client.get(f"/v1/claims?cursor={tampered}").status_code == 400
    other_sort = client.get(f"/v1/claims?sort=id&cursor={cursor}")
    assert other_sort.status_code == 400
    assert "sort=-stated_on" in other_sort.json()["detail"]


def test_unknown_claim_is_404(client: TestClient) -> None:
    response = client.get("/v1/claims/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no claim 999999."


def test_a_list_page_runs_at_most_two_statements_three_with_count(
    client: TestClient, sql: StatementLog
) -> None:
    sql.recording = True
    client.get("/v1/claims?topic=russia&include=expert,source,topics")
    assert len(sql.queries) == 2, sql.queries
    sql.clear()
    client.get("/v1/claims?topic=russia&count=exact")
    assert len(sql.queries) == 3, sql.queries
    sql.clear()
    client.get("/v1/claims/1?include=expert,source,topics")
    assert len(sql.queries) == 2, sql.queries


def test_a_deep_page_runs_the_same_bounded_query_as_the_second(
    client: TestClient, sql: StatementLog
) -> None:
    """Keyset pagination: page N is the same statement as page 2 with other bound values."""
    pages: list[tuple[str, Any]] = []
    next_url: str | None = "/v1/claims?limit=3&topic=kazakhstan"
    while next_url:
        sql.clear()
        sql.recording = True
        next_url = client.get(next_url).json().get("next")
        sql.recording = False
        pages.append(sql.data_statements[0])
    assert len(pages) >= 5
    assert len({statement for statement, _ in pages[1:]}) == 1, "one statement shape"
    deep, parameters = pages[-1]
    assert "LIMIT" in deep.upper()
    if "OFFSET" in deep.upper():  # SQLite always renders one; it must stay at zero
        assert list(parameters)[-1] == 0

"""CSV, NDJSON and JSON-LD exports of claims queries, each read back with its own parser and
compared with the JSON list for the same query."""

import csv
import io
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from pyld import jsonld
from sqlalchemy.orm import Session

from app.exports.table import COLUMNS, TOPIC_SEPARATOR
from app.models import Review
from tests.conftest import Keys
from tests.factories import make_claim

SCHEMA = "https://schema.org/"


def json_items(client: TestClient, query: str, **headers: str) -> list[dict[str, Any]]:
    """Every claim the JSON list gives for `query`, following `next`."""
    items: list[dict[str, Any]] = []
    url: str | None = f"/v1/claims?{query}"
    while url:
        body = client.get(url, headers=headers).json()
        items += body["items"]
        url = body.get("next")
    return items


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def ndjson(content: bytes) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in content.splitlines()]


QUERIES = ["", "topic=russia", "expert=kazbek-beisebayev&kind=forecast", "outcome=true", "q=Moscow"]


@pytest.mark.parametrize("query", QUERIES)
def test_csv_has_a_row_per_claim_of_the_json_list(exporting: TestClient, query: str) -> None:
    response = exporting.get(f"/v1/claims.csv?{query}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv; charset=utf-8")
    assert "content-length" not in response.headers  # streamed
    rows, items = csv_rows(response.content), json_items(exporting, query)
    assert [int(r["id"]) for r in rows] == [i["id"] for i in items]
    for row, item in zip(rows, items, strict=True):
        assert list(row) == list(COLUMNS)
        assert row["quote"] == item["quote"]  # commas and quotes survive RFC 4180 quoting
        assert row["statement"] == item["statement"]
        assert row["expert"] == item["expert"]
        assert row["topics"].split(TOPIC_SEPARATOR) == item["topics"]
        assert row["span_start"] == str(item["span"]["start"])
        assert row["probability"] == str(item["confidence"]["probability"] or "")
        assert row["horizon_latest"] == (item["horizon"]["latest"] or "")
        assert row["outcome"] == (item["outcome"] or "")


def test_csv_records_end_in_crlf_and_bom_and_download_are_options(exporting: TestClient) -> None:
    plain = exporting.get("/v1/claims.csv").content
    assert plain.startswith(b"id,url,kind,")
    assert plain.count(b"\r\n") == plain.count(b"\n") == len(csv_rows(plain)) + 1
    excel = exporting.get("/v1/claims.csv?bom=1&download=1")
    assert excel.content == b"\xef\xbb\xbf" + plain
    assert excel.headers["content-disposition"] == 'attachment; filename="claims.csv"'
    assert "content-disposition" not in exporting.get("/v1/claims.csv").headers


@pytest.mark.parametrize("suffix", ["csv", "ndjson", "jsonld"])
def test_a_page_links_to_the_next_with_the_json_lists_cursor(
    exporting: TestClient, suffix: str
) -> None:
    first = exporting.get(f"/v1/claims.{suffix}?topic=foreign-policy&limit=5")
    assert first.headers["content-length"]  # one page: built whole, so it has an ETag
    assert first.headers["etag"]
    json_next = exporting.get("/v1/claims?topic=foreign-policy&limit=5").json()["next"]
    assert first.links["next"]["url"] == json_next.replace("/v1/claims?", f"/v1/claims.{suffix}?")
    ids: list[int] = []
    url: str | None = f"/v1/claims.{suffix}?topic=foreign-policy&limit=5"
    while url:
        response = exporting.get(url)
        ids += _ids(suffix, response.content)
        url = response.links.get("next", {}).get("url")
    assert ids == [i["id"] for i in json_items(exporting, "topic=foreign-policy")]


def _ids(suffix: str, content: bytes) -> list[int]:
    if suffix == "csv":
        return [int(r["id"]) for r in csv_rows(content)]
    if suffix == "ndjson":
        return [r["id"] for r in ndjson(content) if r["type"] == "claim"]
    graph = orjson.loads(content)["@graph"]
    return [n["identifier"] for n in graph if n["@type"] == "Claim"]


@pytest.mark.parametrize("query", QUERIES)
def test_ndjson_claim_lines_are_the_json_lists_claims(exporting: TestClient, query: str) -> None:
    response = exporting.get(f"/v1/claims.ndjson?{query}")
    assert response.headers["content-type"] == "application/x-ndjson"
    records = ndjson(response.content)
    claims = [r for r in records if r["type"] == "claim"]
    assert [{k: v for k, v in c.items() if k != "type"} for c in claims] == json_items(
        exporting, query
    )
    assert records[-1] == {
        "type": "trailer",
        "format": "forecast-ledger/claims",
        "version": 1,
        "count": len(claims),
        "next": None,
    }


def test_ndjson_sends_each_related_record_once_before_its_first_claim(
    exporting: TestClient,
) -> None:
    records = ndjson(exporting.get("/v1/claims.ndjson").content)
    seen: dict[str, set[Any]] = {"topic": set(), "expert": set(), "source": set()}
    seen["proposition"] = set()
    for record in records:
        kind = record["type"]
        if kind in seen:
            key = record.get("slug", record.get("id"))
            assert key not in seen[kind], f"{kind} {key} sent twice"
            seen[kind].add(key)
            if kind == "topic" and record["parent"]:
                assert record["parent"] in seen["topic"]
        elif kind == "claim":
            assert record["expert"] in seen["expert"]
            assert record["source"] in seen["source"]
            assert set(record["topics"]) <= seen["topic"]
            assert record["proposition"] is None or record["proposition"] in seen["proposition"]
    source = next(r for r in records if r["type"] == "source")
    claim = next(r for r in records if r["type"] == "claim")
    assert source["text"][claim["span"]["start"] : claim["span"]["end"]] == claim["quote"]


def test_ndjson_carries_the_resolutions_behind_each_outcome(exporting: TestClient) -> None:
    records = ndjson(exporting.get("/v1/claims.ndjson?outcome=true&outcome=false").content)
    claims = [r for r in records if r["type"] == "claim"]
    assert claims
    for claim in claims:
        resolutions = [
            r for r in records if r["type"] == "resolution" and r["claim"] == claim["id"]
        ]
        assert resolutions[-1]["outcome"] == claim["outcome"]
        assert resolutions[-1]["via"].startswith(f"{claim['proposition']}/")


def test_fields_and_include_shape_the_ndjson_claim_lines(exporting: TestClient) -> None:
    records = ndjson(exporting.get("/v1/claims.ndjson?fields=quote&include=expert").content)
    claims = [r for r in records if r["type"] == "claim"]
    assert {tuple(c) for c in claims} == {("type", "id", "quote")}


def _nodes_of_type(document: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [n for n in document if f"{SCHEMA}{kind}" in n.get("@type", [])]


def test_jsonld_expands_to_schema_org_claims_and_reviews(exporting: TestClient) -> None:
    response = exporting.get("/v1/claims.jsonld")
    assert response.headers["content-type"] == "application/ld+json"
    expanded = jsonld.expand(orjson.loads(response.content))
    items = {i["url"]: i for i in json_items(exporting, "")}
    claims = _nodes_of_type(expanded, "Claim")
    assert {c["@id"] for c in claims} == set(items)
    for node in claims:
        item = items[node["@id"]]
        author = node[f"{SCHEMA}author"][0]
        assert author["@id"].endswith(f"/v1/experts/{item['expert']}")
        assert node[f"{SCHEMA}text"][0]["@value"] == item["quote"]
        assert node[f"{SCHEMA}datePublished"][0]["@value"] == item["stated_on"]
        appearance = node[f"{SCHEMA}firstAppearance"][0]
        assert appearance[f"{SCHEMA}url"][0]["@id"].startswith("https://")
        assert node[f"{SCHEMA}appearance"][0]["@id"] == appearance["@id"]
        about = {a["@id"].rsplit("/", 1)[-1] for a in node.get(f"{SCHEMA}about", [])}
        assert about == set(item["topics"])
    reviews = _nodes_of_type(expanded, "ClaimReview")
    resolved = {url for url, item in items.items() if item["outcome"]}
    assert resolved
    assert {r[f"{SCHEMA}itemReviewed"][0]["@id"] for r in reviews} == resolved
    for review in reviews:
        rating = review[f"{SCHEMA}reviewRating"][0]
        outcome = items[review[f"{SCHEMA}itemReviewed"][0]["@id"]]["outcome"]
        assert rating[f"{SCHEMA}alternateName"][0]["@value"] == outcome


def test_jsonld_compacts_back_to_the_same_statements(exporting: TestClient) -> None:
    document = orjson.loads(exporting.get("/v1/claims.jsonld?topic=elections").content)
    compacted = jsonld.compact(jsonld.expand(document), {"@vocab": SCHEMA})
    options = {"algorithm": "URDNA2015", "format": "application/n-quads"}
    quads = jsonld.normalize(document, options)
    assert quads == jsonld.normalize(compacted, options)
    assert f"<{SCHEMA}ClaimReview>" in quads


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [
        ("text/csv", "csv"),
        ("application/x-ndjson", "ndjson"),
        ("application/ld+json", "jsonld"),
        ("text/html;q=0.5, text/csv", "csv"),
    ],
)
def test_accept_asks_the_claims_list_for_an_export(
    exporting: TestClient, accept: str, suffix: str
) -> None:
    negotiated = exporting.get("/v1/claims?topic=russia", headers={"Accept": accept})
    assert negotiated.content == exporting.get(f"/v1/claims.{suffix}?topic=russia").content
    assert "Accept" in negotiated.headers["vary"]


@pytest.mark.parametrize(
    "accept", ["", "application/json", "*/*", "text/html,application/xml;q=0.9,*/*;q=0.8"]
)
def test_json_stays_the_default(exporting: TestClient, accept: str) -> None:
    response = exporting.get("/v1/claims", headers={"Accept": accept} if accept else {})
    assert response.headers["content-type"] == "application/json"
    # A cache must not hand this JSON to a client that asked for CSV, nor the other way round.
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize("suffix", ["csv", "ndjson", "jsonld"])
def test_drafts_are_exported_for_key_holders_only(
    exporting: TestClient, session: Session, keys: Keys, suffix: str
) -> None:
    draft = make_claim(session, review=Review.draft)
    anonymous = _ids(suffix, exporting.get(f"/v1/claims.{suffix}").content)
    with_key = exporting.get(f"/v1/claims.{suffix}", headers=keys.headers("write"))
    assert draft.id not in anonymous
    assert draft.id in _ids(suffix, with_key.content)
    assert with_key.headers["cache-control"] == "private, no-cache"


@pytest.mark.parametrize(
    "path",
    [
        "/v1/claims.csv",
        "/v1/claims.ndjson",
        "/v1/claims.jsonld",
        "/v1/claims.atom",
        "/v1/calendar.ics",
    ],
)
def test_exports_refuse_what_the_list_refuses(exporting: TestClient, path: str) -> None:
    unknown = exporting.get(f"{path}?colour=red")
    assert unknown.status_code == 400
    assert unknown.headers["content-type"] == "application/problem+json"
    assert exporting.get(f"{path}?limit=0").status_code == 422
    assert exporting.get(f"{path}?cursor=forged").status_code == 400
    assert exporting.get(f"{path}?bom=1").status_code == (200 if "csv" in path else 400)


def test_streamed_exports_may_be_cached_publicly(exporting: TestClient) -> None:
    response = exporting.get("/v1/claims.ndjson")
    assert response.headers["cache-control"] == "public, max-age=60"
    assert "etag" not in response.headers  # the body is not known before it is sent

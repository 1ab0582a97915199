"""Experts, sources and topics, checked against the sample data file."""

from fastapi.testclient import TestClient

from tests.sample_oracle import CLAIMS, DATA, under


def test_experts_list_sorted_by_name_with_links(client: TestClient) -> None:
    items = client.get("/v1/experts").json()["items"]
    assert [e["name"] for e in items] == sorted(e["name"] for e in DATA["experts"])
    abishev = next(e for e in items if e["slug"] == "gaziz-abishev")
    assert abishev["role"] == "political observer"
    assert abishev["kind"] == "person"
    assert "Газиз Абишев" in abishev["aliases"]
    assert abishev["claims_url"] == "http://testserver/v1/experts/gaziz-abishev/claims"


def test_experts_filter_by_kind_and_page(client: TestClient) -> None:
    groups = client.get("/v1/experts?kind=group").json()["items"]
    assert [e["slug"] for e in groups] == ["most-observers"]
    first = client.get("/v1/experts?limit=2&sort=-slug&count=exact").json()
    assert first["count"] == len(DATA["experts"])
    rest = client.get(first["next"]).json()
    slugs = [e["slug"] for e in first["items"] + rest["items"]]
    assert slugs == sorted((e["slug"] for e in DATA["experts"]), reverse=True)


def test_expert_detail_counts_claims_by_kind(client: TestClient) -> None:
    body = client.get("/v1/experts/kazbek-beisebayev").json()
    mine = [c for c in CLAIMS if c["expert"] == "kazbek-beisebayev"]
    assert body["claim_counts"]["total"] == len(mine)
    assert body["claim_counts"]["forecast"] == sum(c["kind"] == "forecast" for c in mine)


def test_expert_claims_take_the_claims_filters(client: TestClient) -> None:
    body = client.get("/v1/experts/gaziz-abishev/claims?topic=russia&kind=forecast").json()
    expected = {
        c["quote"]
        for c in CLAIMS
        if c["expert"] == "gaziz-abishev" and under("russia")(c) and c["kind"] == "forecast"
    }
    assert {item["quote"] for item in body["items"]} == expected
    assert client.get("/v1/experts/gaziz-abishev/claims?expert=x").status_code == 400
    assert client.get("/v1/experts/nobody/claims").status_code == 404


def test_expert_claims_pages_keep_the_path(client: TestClient) -> None:
    first = client.get("/v1/experts/gaziz-abishev/claims?limit=4").json()
    assert first["next"].startswith("http://testserver/v1/experts/gaziz-abishev/claims?")
    seen = list(first["items"])
    next_url = first.get("next")
    while next_url:
        page = client.get(next_url).json()
        seen += page["items"]
        next_url = page.get("next")
    assert len(seen) == sum(c["expert"] == "gaziz-abishev" for c in CLAIMS)


def test_sources_list_leaves_text_out_and_detail_has_it(client: TestClient) -> None:
    items = client.get("/v1/sources").json()["items"]
    assert len(items) == 1
    assert "text" not in items[0]
    assert items[0]["publisher"] == "Caliber.Az"
    detail = client.get(items[0]["href"]).json()
    assert detail["url"] == DATA["source"]["url"]
    assert detail["published_on"] == "2022-11-19"
    assert detail["claim_count"] == len(CLAIMS)
    assert detail["text"] == DATA["source"]["text"]
    assert len(detail["content_sha256"]) == 64


def test_sources_filter_by_language_and_publisher(client: TestClient) -> None:
    assert client.get("/v1/sources?language=ru").json()["items"] == []
    assert len(client.get("/v1/sources?publisher=Caliber.Az").json()["items"]) == 1


def _flatten(nodes: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for node in nodes:
        found[str(node["slug"])] = node
        children = node["children"]
        assert isinstance(children, list)
        found.update(_flatten(children))
    return found


def test_topic_tree_counts_each_claim_once_including_sub_topics(client: TestClient) -> None:
    tree = client.get("/v1/topics").json()["items"]
    assert [root["slug"] for root in tree] == ["kazakhstan"]
    nodes = _flatten(tree)
    assert set(nodes) == {t["slug"] for t in DATA["topics"]}
    for slug, node in nodes.items():
        assert node["claim_count"] == sum(under(slug)(c) for c in CLAIMS), slug
    assert nodes["russia"]["parent"] == "foreign-policy"


def test_topic_detail_has_ancestors(client: TestClient) -> None:
    body = client.get("/v1/topics/russia").json()
    assert body["ancestors"] == ["kazakhstan", "foreign-policy"]
    assert body["claims_url"] == "http://testserver/v1/claims?topic=russia"
    assert client.get("/v1/topics/mars").status_code == 404


def test_index_links_to_docs_and_resources(client: TestClient) -> None:
    body = client.get("/").json()
    assert body["docs"] == "http://testserver/docs"
    assert set(body["resources"]) == {"claims", "experts", "sources", "topics"}


def test_probes(client: TestClient) -> None:
    assert client.get("/livez").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}

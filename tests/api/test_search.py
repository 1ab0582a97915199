"""Full-text search as a user types it, the same on SQLite (FTS5) and PostgreSQL (tsvector)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain.search import words
from app.models import Review
from tests.factories import make_claim, make_expert, make_source


def _search(client: TestClient, q: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/v1/claims", params={"q": q, "limit": 200, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _ids(items: list[dict[str, Any]]) -> set[int]:
    return {item["id"] for item in items}


def _says(item: dict[str, Any]) -> str:
    return f"{item['statement']} {item['quote']}".lower()


def test_every_word_must_match(client: TestClient) -> None:
    found = _search(client, "Russia Kazakhstan")
    assert found
    assert all("russia" in _says(i) and "kazakhstan" in _says(i) for i in found)


def test_a_quoted_phrase_matches_the_words_next_to_each_other(
    client: TestClient, session: Session
) -> None:
    apart = make_claim(session, text="Foreign investors will shape energy policy.")
    together = make_claim(session, text="Foreign policy will stay multi-vector.")
    phrase = _ids(_search(client, '"foreign policy"'))
    words = _ids(_search(client, "foreign policy"))
    assert together.id in phrase
    assert apart.id not in phrase
    assert {together.id, apart.id} <= words


def test_a_star_matches_words_that_start_so(client: TestClient) -> None:
    prefixed = _search(client, "reform*")
    exact = _ids(_search(client, "reform"))
    assert any("reforms" in _says(i) and " reform " not in _says(i) for i in prefixed)
    assert exact < _ids(prefixed)


def test_a_minus_leaves_out_claims_with_that_word(client: TestClient) -> None:
    with_china = _ids(_search(client, "Russia China"))
    without = _search(client, "Russia -China")
    assert with_china
    assert without
    assert not with_china & _ids(without)
    assert all("china" not in _says(i) for i in without)


def test_a_search_of_only_exclusions_says_what_is_missing(client: TestClient) -> None:
    response = client.get("/v1/claims", params={"q": "-China"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "word to look for" in response.json()["errors"][0]["message"]


def test_an_alias_in_another_script_finds_the_expert_s_claims(client: TestClient) -> None:
    found = _search(client, "Бейсебаев")
    everything = client.get("/v1/claims", params={"expert": "kazbek-beisebayev", "limit": 200})
    assert found
    assert {i["expert"] for i in found} == {"kazbek-beisebayev"}
    assert _ids(found) == _ids(everything.json()["items"])


TURKIC = [
    "Türkiyə",
    "ilə",
    "əlaqələri",
    "güclənəcək",
    "Қазақстан",
    "қазақстан",
    "ҚАЗАҚСТАН",
    "жаңа",
]


@pytest.mark.parametrize("word", TURKIC)
def test_cyrillic_and_turkic_letters_are_searchable(
    client: TestClient, session: Session, word: str
) -> None:
    azerbaijani = make_claim(session, text="Türkiyə ilə əlaqələri güclənəcək, şübhəsiz.")
    kazakh = make_claim(session, text="Қазақстан жаңа реформаларды жалғастырады.")
    assert _ids(_search(client, word)) & {azerbaijani.id, kazakh.id}


def test_the_letters_carry_their_diacritics(client: TestClient, session: Session) -> None:
    claim = make_claim(session, text="Ankara ilə işbirliyi güclənəcək.")
    assert claim.id in _ids(_search(client, "işbirliyi"))
    assert claim.id not in _ids(_search(client, "isbirliyi"))


def test_relevance_is_the_order_when_searching(client: TestClient, session: Session) -> None:
    twice = make_claim(session, text="Energy exports and energy prices will rise.")
    once = make_claim(session, text="Exports of grain will rise, and energy too, maybe.")
    default = [i["id"] for i in _search(client, "energy")]
    explicit = [i["id"] for i in _search(client, "energy", sort="relevance")]
    assert default == explicit
    assert default.index(twice.id) < default.index(once.id)


def test_other_orders_still_apply_to_a_search(client: TestClient) -> None:
    found = _search(client, "Russia", sort="id")
    assert [i["id"] for i in found] == sorted(i["id"] for i in found)


def test_relevance_without_a_search_is_refused(client: TestClient) -> None:
    response = client.get("/v1/claims", params={"sort": "relevance"})
    assert response.status_code == 422
    assert "give q" in response.json()["errors"][0]["message"]


def test_pages_of_a_ranked_search_add_up_to_the_whole(client: TestClient) -> None:
    everything = [i["id"] for i in _search(client, "Kazakhstan")]
    paged: list[int] = []
    url: str | None = "/v1/claims?q=Kazakhstan&limit=3"
    while url:
        body = client.get(url).json()
        paged += [i["id"] for i in body["items"]]
        url = body.get("next")
    assert paged == everything
    assert len(everything) > 3
    assert len(set(paged)) == len(paged)


def test_each_hit_has_a_highlighted_snippet(client: TestClient) -> None:
    for item in _search(client, "Russia"):
        assert "<mark>" in item["snippet"], item
        assert "</mark>" in item["snippet"], item
        marked = item["snippet"].split("<mark>")[1].split("</mark>")[0]
        assert marked.lower().startswith("russia")


def test_snippets_are_escaped_for_html(client: TestClient, session: Session) -> None:
    claim = make_claim(session, text="Tariffs <b>will</b> rise & stay high.")
    (item,) = [i for i in _search(client, "tariffs") if i["id"] == claim.id]
    assert "&lt;b&gt;" in item["snippet"]
    assert "&amp;" in item["snippet"]
    assert "<b>" not in item["snippet"]
    assert "<mark>Tariffs</mark>" in item["snippet"]


def test_no_snippet_without_a_search(client: TestClient) -> None:
    items = client.get("/v1/claims", params={"limit": 5}).json()["items"]
    assert all("snippet" not in item for item in items)


def test_fields_can_project_the_snippet(client: TestClient) -> None:
    items = _search(client, "Russia", fields="snippet")
    assert items
    assert all(set(item) == {"id", "snippet"} for item in items)


ENGINE_SYNTAX = [
    "NEAR(Russia China)",
    "statement:Russia",
    '"Russia',
    'Russia"',
    "Russia AND",
    "^Russia",
]


@pytest.mark.parametrize("q", ENGINE_SYNTAX)
def test_query_syntax_the_engines_know_is_only_words(client: TestClient, q: str) -> None:
    found = _search(client, q)
    for item in found:
        text = _says(item)
        assert all(word.lower() in text for word in words(q)), (q, item["id"])
    if q.strip('"') == "Russia":
        assert found


def test_two_hundred_characters_is_the_limit(client: TestClient) -> None:
    assert client.get("/v1/claims", params={"q": "a" * 200}).status_code == 200
    response = client.get("/v1/claims", params={"q": "a" * 201})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


def test_search_counts_exactly(client: TestClient) -> None:
    body = client.get("/v1/claims", params={"q": "Russia", "count": "exact", "limit": 2}).json()
    assert body["count"] == len(_search(client, "Russia"))


def test_search_everything_groups_hits_by_kind(client: TestClient) -> None:
    body = client.get("/v1/search", params={"q": "observ*"}).json()
    assert body["q"] == "observ*"
    assert {e["slug"] for e in body["experts"]["items"]} == {"most-observers", "gaziz-abishev"}
    assert body["claims"]["items"]
    # Matched by the expert's name or role, not their words: a snippet with nothing marked.
    assert all("snippet" in claim for claim in body["claims"]["items"])
    assert body["sources"]["items"] == []
    assert body["topics"]["items"] == []


def test_search_everything_finds_topics_and_sources(client: TestClient) -> None:
    assert [t["slug"] for t in client.get("/v1/search?q=turkic").json()["topics"]["items"]] == [
        "turkic-world"
    ]
    sources = client.get("/v1/search?q=caliber").json()["sources"]["items"]
    assert [s["publisher"] for s in sources] == ["Caliber.Az"]


def test_search_everything_links_to_the_full_lists(client: TestClient, session: Session) -> None:
    for n in range(3):
        make_expert(session, slug=f"analyst-{n}", name=f"Analyst {n}", role="energy analyst")
    body = client.get("/v1/search", params={"q": "analyst", "limit": 2}).json()
    assert len(body["experts"]["items"]) == 2
    more = client.get(body["experts"]["more"]).json()["items"]
    assert {e["slug"] for e in more} >= {"analyst-0", "analyst-1", "analyst-2", "kazbek-beisebayev"}
    claims_more = client.get("/v1/search", params={"q": "Russia", "limit": 1}).json()["claims"]
    assert claims_more["more"].endswith("/v1/claims?q=Russia")


def test_the_sources_link_lists_every_match_dated_or_not(
    client: TestClient, session: Session
) -> None:
    # Ingested articles often have no date, and sorting by date lists only dated sources.
    undated = [make_source(session, title=f"Uranium report {n}", published_on=None) for n in (1, 2)]
    body = client.get("/v1/search", params={"q": "uranium", "limit": 1}).json()
    assert len(body["sources"]["items"]) == 1
    more = client.get(body["sources"]["more"]).json()["items"]
    assert {s["id"] for s in more} == {s.id for s in undated}


def test_expert_and_source_lists_take_q(client: TestClient) -> None:
    experts = client.get("/v1/experts", params={"q": "Газиз"}).json()["items"]
    assert [e["slug"] for e in experts] == ["gaziz-abishev"]
    sources = client.get("/v1/sources", params={"q": "caliber -nothing"}).json()["items"]
    assert len(sources) == 1


@pytest.mark.parametrize("q", ["", "-x", "*", '"'])
def test_search_everything_refuses_text_with_nothing_to_find(client: TestClient, q: str) -> None:
    response = client.get("/v1/search", params={"q": q})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_drafts_are_found_only_with_a_key(
    client: TestClient, session: Session, writer: dict[str, str]
) -> None:
    draft = make_claim(session, text="Uranium output will double.", review=Review.draft)
    assert draft.id not in _ids(_search(client, "uranium"))
    with_key = client.get("/v1/claims", params={"q": "uranium"}, headers=writer).json()["items"]
    assert draft.id in _ids(with_key)


def _pages(client: TestClient, url: str) -> list[list[int]]:
    pages: list[list[int]] = []
    next_url: str | None = url
    while next_url:
        body = client.get(next_url).json()
        pages.append([i["id"] for i in body["items"]])
        next_url = body.get("next")
    return pages


@pytest.mark.parametrize(
    "query", ["q=Kazakhstan&limit=3", "q=Kazakhstan&limit=2&expert=gaziz-abishev", "q=will&limit=4"]
)
@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_relevance_ranks_the_newest_matches_only(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, query: str, n: int
) -> None:
    """With `RANKED_MATCHES` = n, a search by relevance lists the n newest (highest-id) claims
    that match the text and every other filter, best first, and its pages add up to them."""
    from app.services import claims

    everything = [i for page in _pages(client, f"/v1/claims?{query}&sort=-id") for i in page]
    ranked_all = [i for page in _pages(client, f"/v1/claims?{query}") for i in page]
    assert len(everything) > 3
    monkeypatch.setattr(claims, "RANKED_MATCHES", n)
    pages = _pages(client, f"/v1/claims?{query}")
    paged = [i for page in pages for i in page]
    assert sorted(paged, reverse=True) == everything[:n]
    # The order among them is the order ranking them all gives.
    assert paged == [i for i in ranked_all if i in set(paged)]


def test_the_bound_on_ranked_matches_is_documented() -> None:
    from app.schemas.claims import ClaimFilters
    from app.services import claims

    described = ClaimFilters.model_fields["sort"].description or ""
    assert f"newest {claims.RANKED_MATCHES:,} matches" in described

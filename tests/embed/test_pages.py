"""The embed pages: the same query as the API, themes and languages, error cards, caching."""

import csv
import io
import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

CLAIM_IDS = re.compile(r'data-claim="(\d+)"')
QUERIES = [
    "topic=russia",
    "topic=foreign-policy&kind=forecast",
    "expert=kazbek-beisebayev&sort=stated_on&limit=3",
    "q=Tokayev",
    "outcome=open&min_probability=0.5",
]


def page_ids(html: str) -> list[int]:
    return [int(i) for i in CLAIM_IDS.findall(html)]


@pytest.mark.parametrize("query", QUERIES)
def test_the_widget_the_json_and_the_csv_of_one_query_show_the_same_claims(
    client: TestClient, query: str
) -> None:
    embedded = client.get(f"/embed/claims?{query}&theme=dark&lang=ru")
    assert embedded.status_code == 200, embedded.text
    as_json = client.get(f"/v1/claims?{query}").json()["items"]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/v1/claims.csv?{query}").text)))
    assert page_ids(embedded.text) == [c["id"] for c in as_json] == [int(r["id"]) for r in rows]
    assert as_json, "each query matches something in the sample"


def test_the_footer_links_the_same_query_as_json_and_csv(client: TestClient) -> None:
    html = client.get("/embed/claims?topic=russia&lang=ru&theme=dark").text
    json_url = re.search(r'href="([^"]+)" type="application/json"', html)
    csv_url = re.search(r'href="([^"]+)" type="text/csv"', html)
    assert json_url
    assert csv_url
    assert json_url.group(1) == "http://testserver/v1/claims?topic=russia"
    assert csv_url.group(1) == "http://testserver/v1/claims.csv?topic=russia"


def test_labels_follow_the_language_and_the_theme_is_marked(client: TestClient) -> None:
    russian = client.get("/embed/claims?topic=russia&lang=ru&theme=dark").text
    english = client.get("/embed/claims?topic=russia").text
    assert '<html lang="ru" data-theme="dark">' in russian
    assert "Уверенность" in russian
    assert "Confidence" not in russian
    assert '<html lang="en" data-theme="auto">' in english
    assert "Confidence" in english


def test_a_card_links_the_quote_to_its_place_in_the_source(client: TestClient) -> None:
    claim = client.get("/v1/claims?topic=russia&limit=1&include=source").json()["items"][0]
    html = client.get("/embed/claims?topic=russia&limit=1").text
    link = re.search(r'<a href="([^"]+)" target="_blank"', html)
    assert link is not None
    assert link.group(1).startswith(claim["source"]["url"] + "#:~:text=")


def test_a_later_page_follows_the_cursor(client: TestClient) -> None:
    first = client.get("/v1/claims?limit=2").json()
    html = client.get("/embed/claims?limit=2&lang=ru").text
    more = re.search(r'class="fl-more" href="([^"]+)"', html)
    assert more is not None
    second = client.get(more.group(1).replace("&amp;", "&"))
    following = client.get(first["next"]).json()["items"]
    assert page_ids(second.text) == [c["id"] for c in following]
    assert 'lang="ru"' in second.text


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/embed/claims?colour=red", 400, "Unknown query parameter"),
        ("/embed/claims?topic=Not%20A%20Slug", 422, "topic"),
        ("/embed/claims?limit=9999", 422, "limit"),
        ("/embed/claims?theme=neon", 422, "theme"),
        ("/embed/claims?cursor=forged", 400, "cursor"),
        ("/embed/experts/nobody-at-all", 404, "nobody-at-all"),
        ("/embed/propositions/no-such-thing?lang=ru", 404, "no-such-thing"),
        ("/embed/experts/gaziz-abishev?topic=russia", 400, "Unknown query parameter"),
    ],
)
def test_bad_requests_render_an_error_card_with_the_right_status(
    client: TestClient, path: str, status: int, words: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert 'class="fl-card fl-error" role="alert"' in response.text
    assert words in response.text


def test_an_error_card_keeps_the_language_it_was_asked_in(client: TestClient) -> None:
    html = client.get("/embed/experts/nobody?lang=ru&theme=dark").text
    assert "Виджет не может быть показан" in html
    assert 'data-theme="dark"' in html


def test_embed_pages_have_etags_and_a_short_cache_lifetime(client: TestClient) -> None:
    first = client.get("/embed/claims?topic=russia")
    assert first.headers["cache-control"] == "public, max-age=60"
    again = client.get(
        "/embed/claims?topic=russia", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/embed",
        "/embed/claims?topic=russia",
        "/embed/experts/gaziz-abishev",
        "/embed/propositions/tokayev-wins-2022",
    ],
)
def test_pages_load_nothing_from_another_host_and_advertise_oembed(
    client: TestClient, path: str
) -> None:
    html = client.get(path).text
    loaded = re.findall(r'<(?:script|img|iframe)[^>]* src="([^"]+)"', html)
    loaded += re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', html)
    assert loaded
    assert all(u.startswith("http://testserver/") or u == "data:," for u in loaded), loaded
    oembed = re.search(
        r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html
    )
    if path == "/embed":  # the builder is a tool, not a widget
        assert oembed is None
        return
    assert oembed is not None
    answer = client.get(oembed.group(1).replace("&amp;", "&"))
    assert answer.status_code == 200
    assert answer.json()["type"] == "rich"


def test_the_scorecard_page_shows_a_bin_per_tenth_with_its_count(client: TestClient) -> None:
    card = client.get("/v1/experts/gaziz-abishev/scorecard").json()
    html = client.get("/embed/experts/gaziz-abishev").text
    rows = re.findall(r"<tr><td>(\d+)–(\d+)%</td><td>(\d+)</td>", html)
    assert [int(n) for _, _, n in rows] == [b["count"] for b in card["calibration"]]
    assert len(rows) == 10
    assert 'id="calibration"' in html
    assert 'id="over-time"' in html
    assert "uPlot.iife.min.js" in html


def test_the_proposition_page_shows_the_split_of_its_consensus(client: TestClient) -> None:
    consensus = client.get("/v1/propositions/tokayev-wins-2022/consensus").json()
    html = client.get("/embed/propositions/tokayev-wins-2022?lang=ru").text
    summary = consensus["aggregate"]
    assert f'<span class="fl-for"><strong>{summary["for"]}</strong> за</span>' in html
    assert f"<strong>{summary['against']}</strong> против" in html
    assert f"<strong>{round(summary['mean'] * 100)}%</strong>" in html


def test_the_builder_previews_the_widget_for_its_choices(client: TestClient) -> None:
    html = client.get("/embed?topic=russia&theme=dark").text
    preview = re.search(
        r'<iframe class="fl-preview" id="preview" title="[^"]+" src="([^"]+)"', html
    )
    assert preview is not None
    url = urlsplit(preview.group(1).replace("&amp;", "&"))
    assert url.path == "/embed/claims"
    assert url.query == "topic=russia&limit=5&theme=dark&lang=en"
    assert client.get(f"/embed/claims?{url.query}").status_code == 200

"""`/oembed`: oEmbed 1.0 `rich` for our embed pages only, JSON only."""

import pytest
from fastapi.testclient import TestClient


def test_an_embed_page_gets_its_iframe(client: TestClient) -> None:
    url = "http://testserver/embed/claims?topic=russia&lang=ru"
    response = client.get("/oembed", params={"url": url, "maxwidth": 400, "maxheight": 300})
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "1.0"
    assert body["type"] == "rich"
    assert (body["width"], body["height"]) == (400, 300)
    assert body["provider_name"] == "Forecast Ledger"
    assert 'src="http://testserver/embed/claims?topic=russia&amp;lang=ru"' in body["html"]
    assert 'width="400" height="300"' in body["html"]


def test_without_maximums_the_default_size_is_used(client: TestClient) -> None:
    body = client.get("/oembed?url=http://testserver/embed/experts/gaziz-abishev").json()
    assert (body["width"], body["height"]) == (600, 640)
    assert body["title"] == "Forecast Ledger: gaziz-abishev"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"url": "http://testserver/embed/claims", "format": "xml"}, 501),
        ({"url": "https://elsewhere.example/embed/claims"}, 404),
        ({"url": "http://testserver/v1/claims"}, 404),
        ({"url": "http://testserver:8080/embed/claims"}, 404),
        ({"url": "http://testserver/embed/claims", "format": "yaml"}, 422),
        ({}, 422),
        ({"url": "http://testserver/embed/claims", "colour": "red"}, 400),
    ],
)
def test_what_cannot_be_embedded_is_a_problem(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    response = client.get("/oembed", params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"

"""`FORECASTS_DOCS=false` takes the docs pages and the OpenAPI document off the service."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.errors import PROBLEM_JSON
from app.main import create_app
from tests.conftest import settings_for


@pytest.fixture
def docs_off(database_url: str, engine: Engine) -> Iterator[TestClient]:
    """A client of an app built with `docs=False` over the migrated test database."""
    with TestClient(create_app(settings_for(database_url, rate_limits=False, docs=False))) as c:
        yield c


DOCS = ["/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect", "/static/redoc.js"]


@pytest.mark.parametrize("path", DOCS)
def test_with_docs_off_they_are_not_there(docs_off: TestClient, path: str) -> None:
    response = docs_off.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON


def test_with_docs_off_the_index_links_none_and_the_api_still_answers(
    docs_off: TestClient,
) -> None:
    index = docs_off.get("/").json()
    claims = docs_off.get("/v1/claims", params={"limit": 1})
    assert not {"docs", "redoc", "openapi"} & set(index)
    assert claims.status_code == 200


@pytest.mark.parametrize("path", DOCS)
def test_docs_are_on_by_default(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_the_index_links_the_docs_by_default(client: TestClient) -> None:
    assert {"docs", "redoc", "openapi"} <= set(client.get("/").json())

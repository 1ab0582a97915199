"""Framing and hardening headers: embed pages may be framed (by whom a setting says), nothing
else may; every response says nosniff and has a referrer policy and a CSP."""

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import Settings
from app.main import create_app
from tests.conftest import settings_for

EMBED_PAGES = [
    "/embed",
    "/embed/claims?topic=russia",
    "/embed/experts/gaziz-abishev",
    "/embed/propositions/tokayev-wins-2022",
    "/embed/experts/nobody",  # an error card is framed like the page it replaces
]
OTHERS = [
    "/v1/claims?limit=1",
    "/v1/claims?limit=0",  # a problem+json error
    "/v1/nothing-here",  # FastAPI's own 404
    "/openapi.json",
    "/docs",
    "/v1/experts/gaziz-abishev/badge.svg",
    "/oembed?url=http://elsewhere.example/embed/claims",
    "/livez",
]


def csp(response_headers: dict[str, str]) -> dict[str, str]:
    directives = (
        d.strip().split(" ", 1) for d in response_headers["content-security-policy"].split(";")
    )
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


@pytest.mark.parametrize("path", EMBED_PAGES)
def test_embed_pages_may_be_framed_by_anyone_by_default(client: TestClient, path: str) -> None:
    response = client.get(path)
    policy = csp(dict(response.headers))
    assert policy["frame-ancestors"] == "*"
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'none'"
    assert "x-frame-options" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", OTHERS)
def test_every_other_response_forbids_framing(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert csp(dict(response.headers))["frame-ancestors"] == "'none'"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_the_docs_keep_the_policy_that_lets_them_run(client: TestClient) -> None:
    policy = csp(dict(client.get("/docs").headers))
    assert "'unsafe-inline'" in policy["script-src"]  # the Swagger UI boots from an inline script


def test_a_list_of_origins_narrows_who_may_frame(database_url: str) -> None:
    settings = settings_for(
        database_url,
        rate_limits=False,
        embed_frame_ancestors="https://dash.example.org, https://*.example.com",
    )
    with TestClient(create_app(settings)) as client:
        framed = client.get("/embed/claims?limit=1")
        api = client.get("/v1/claims?limit=1")
    assert csp(dict(framed.headers))["frame-ancestors"] == (
        "https://dash.example.org https://*.example.com"
    )
    assert csp(dict(api.headers))["frame-ancestors"] == "'none'"


@pytest.mark.parametrize(
    "value", ["https://a.example; script-src *", "javascript:alert(1)", "https://a.example/path"]
)
def test_a_setting_that_is_not_an_origin_is_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        Settings(embed_frame_ancestors=value)

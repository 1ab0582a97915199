"""Conventions every route keeps, walked over the routes themselves so new ones are covered:
one problem-details error shape, ETags and 304s, caching headers, a documented operation."""

import re
from collections.abc import Mapping
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.api import history
from app.schemas import (
    claims,
    experts,
    facets,
    propositions,
    scorecards,
    search,
    sources,
    topics,
)
from tests.conftest import Keys, settings_for

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}
SAMPLE_PATH_VALUES = {"claim_id": "1", "slug": None, "source_id": "1"}
MISSING_PATH_VALUES = {"claim_id": "987654", "slug": "no-such-thing", "source_id": "987654"}


def _v1_routes(app: FastAPI) -> list[str]:
    """Every GET path template under /v1, read from the OpenAPI document."""
    paths = [
        p
        for p, item in app.openapi()["paths"].items()
        if p.startswith("/v1") and "get" in item and _json(item["get"])
    ]
    assert len(paths) >= 9
    return paths


def _json(operation: dict[str, Any]) -> bool:
    """A JSON resource; the export formats (CSV, NDJSON, …) keep their own conventions, tested
    in tests/api/test_exports.py and test_feeds.py."""
    return "application/json" in operation["responses"]["200"].get("content", {})


def _path(template: str, values: Mapping[str, str | None]) -> str:
    samples = {"/v1/experts": "gaziz-abishev", "/v1/propositions": "tokayev-wins-2022"}
    slug = next((v for prefix, v in samples.items() if template.startswith(prefix)), "russia")
    filled = {k: v or slug for k, v in values.items()}
    path = re.sub(r"\{(\w+)\}", lambda m: filled[m.group(1)], template)
    return path + REQUIRED_QUERY.get(template, "")


# Routes that cannot answer without a parameter, and one they answer with.
REQUIRED_QUERY = {"/v1/search": "?q=russia"}


def _with(path: str, query: str) -> str:
    return path + ("&" if "?" in path else "?") + query


def _models() -> dict[str, type[BaseModel]]:
    """Response models by their OpenAPI component name."""
    found: dict[str, type[BaseModel]] = {}
    for module in (
        claims,
        experts,
        sources,
        topics,
        history,
        propositions,
        scorecards,
        facets,
        search,
    ):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                found[value.__name__] = value
    return found


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert PROBLEM_KEYS <= set(body) <= PROBLEM_KEYS | {"errors"}
    assert body["status"] == status
    assert body["instance"] == response.request.url.path
    assert "Traceback" not in response.text
    return body


def test_every_route_answers_an_unknown_parameter_with_a_400_problem(
    app: FastAPI, client: TestClient
) -> None:
    for route in _v1_routes(app):
        response = client.get(_with(_path(route, SAMPLE_PATH_VALUES), "no_such_parameter=1"))
        body = assert_problem(response, 400)
        assert body["type"] == "/problems/invalid-parameter"
        assert "no_such_parameter" in body["detail"]


def test_every_route_with_an_id_answers_a_missing_one_with_a_404_problem(
    app: FastAPI, client: TestClient
) -> None:
    routes = [r for r in _v1_routes(app) if "{" in r]
    for route in routes:
        body = assert_problem(client.get(_path(route, MISSING_PATH_VALUES)), 404)
        assert body["type"] == "/problems/not-found"


def test_malformed_ids_are_422_problems(client: TestClient) -> None:
    for path in ("/v1/claims/abc", "/v1/claims/0", "/v1/sources/-1", "/v1/experts/Not_A_Slug"):
        body = assert_problem(client.get(path), 422)
        assert body["errors"][0]["location"] == "path"


def test_unknown_routes_and_methods_are_problems_too(client: TestClient) -> None:
    assert assert_problem(client.get("/v1/nothing-here"), 404)["type"] == "/problems/not-found"
    assert_problem(client.delete("/v1/claims"), 405)
    assert_problem(client.get("/problems/no-such-problem"), 404)


def test_problem_types_are_explained(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/claims?bogus=1"), 400)
    explained = client.get(body["type"])
    assert explained.status_code == 200
    assert explained.json()["type"] == body["type"]


def test_an_overlong_query_string_is_a_414_problem(client: TestClient) -> None:
    assert_problem(client.get("/v1/claims?q=" + "a" * 5000), 414)


def test_every_get_has_an_etag_and_a_matching_if_none_match_gets_304(
    app: FastAPI, client: TestClient
) -> None:
    paths = [_path(r, SAMPLE_PATH_VALUES) for r in _v1_routes(app)]
    paths += ["/", "/livez", "/readyz", "/openapi.json", "/docs", "/redoc"]
    for path in paths:
        first = client.get(path)
        assert first.status_code == 200, path
        etag = first.headers["etag"]
        # A record's ETag leads with its version (what If-Match checks); others are a digest.
        assert re.fullmatch(r'"(\d+-[0-9a-f]{16}|[0-9a-f]{32})"', etag), (path, etag)
        probe = path in ("/livez", "/readyz")  # a probe must never be answered from a cache
        assert first.headers["cache-control"] == ("no-store" if probe else "public, max-age=60")
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_changes_with_the_representation(client: TestClient) -> None:
    one = client.get("/v1/claims?limit=1").headers["etag"]
    two = client.get("/v1/claims?limit=2").headers["etag"]
    assert one != two


def test_authorised_reads_are_not_cached_publicly(client: TestClient, keys: Keys) -> None:
    response = client.get("/v1/topics", headers=keys.headers("write"))
    assert response.headers["cache-control"] == "private, no-cache"


def test_request_ids_are_echoed_or_made(client: TestClient) -> None:
    assert client.get("/livez", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == (
        "abc-123"
    )
    made = client.get("/livez", headers={"X-Request-ID": "bad id\x7f"}).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)


def _operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    spec = app.openapi()
    return [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_every_operation_is_documented(app: FastAPI) -> None:
    for path, method, op in _operations(app):
        where = f"{method.upper()} {path}"
        assert op.get("summary"), f"{where} has no summary"
        assert op["summary"] != op["operationId"].replace("_", " ").title(), (
            f"{where}: no docstring"
        )
        for param in op.get("parameters", []):
            assert param.get("description"), f"{where}: parameter {param['name']} undescribed"
        success = op["responses"].get("200") or op["responses"]["201"]
        ok = next(iter(success["content"].values()))  # JSON, or an export's own media type
        assert "example" in ok or "examples" in ok, f"{where} has no example"
        if path.startswith("/v1"):
            expected = {"400", "422"} if op.get("parameters") else {"400"}
            assert expected <= set(op["responses"]), f"{where} lacks its error responses"
            for status in expected:
                content = op["responses"][status]["content"]
                assert set(content) == {"application/problem+json"}, f"{where} {status}"
                assert content["application/problem+json"]["schema"]["$ref"].endswith("/Problem")
        if "{" in path:
            assert "404" in op["responses"], f"{where} does not document 404"


def test_responses_match_their_documented_models(app: FastAPI, client: TestClient) -> None:
    spec, models = app.openapi(), _models()
    for route in _v1_routes(app):
        schema = spec["paths"][route]["get"]["responses"]["200"]["content"]["application/json"]
        # With `fields=` a page may leave properties out: the full model is the first choice.
        ref = schema["schema"].get("$ref") or schema["schema"]["anyOf"][0]["$ref"]
        model = models[ref.rsplit("/", 1)[-1]]
        body = client.get(_path(route, SAMPLE_PATH_VALUES)).json()
        model.model_validate(body, strict=False)
        if not route.endswith(("/history", "/resolutions")):  # records, not resources
            for item in body.get("items", [])[:3]:
                assert "url" in item or "href" in item


@pytest.mark.parametrize("path", ["/v1/claims", "/v1/experts", "/v1/sources", "/v1/topics"])
def test_lists_use_the_envelope(client: TestClient, path: str) -> None:
    body = client.get(path).json()
    assert set(body) <= {"items", "next", "count"}
    assert isinstance(body["items"], list)
    assert body["items"]


def test_head_is_get_without_the_body(app: FastAPI, client: TestClient) -> None:
    for path in [_path(r, SAMPLE_PATH_VALUES) for r in _v1_routes(app)] + ["/livez"]:
        get, head = client.get(path), client.head(path)
        assert head.status_code == 200, path
        assert head.content == b""
        assert head.headers["etag"] == get.headers["etag"]
        assert head.headers["content-length"] == get.headers["content-length"]


@pytest.mark.parametrize(
    "query",
    [
        "/v1/claims?limit=1&limit=2",
        "/v1/claims?sort=id&sort=-id",
        "/v1/claims?q=a&q=b",
        "/v1/claims/1?claim_id=7",
        "/v1/experts/gaziz-abishev?slug=x",
    ],
)
def test_repeated_single_values_and_path_names_are_400(client: TestClient, query: str) -> None:
    assert_problem(client.get(query), 400)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/claims/2147483648",
        "/v1/sources/99999999999999999999",
        "/v1/claims?source=2147483648",
        "/v1/sources?publisher=%00",
        "/v1/claims?" + "&".join(["topic=a"] * 21),
        "/v1/claims?limit=1e309",
    ],
)
def test_out_of_range_input_is_a_422_not_a_500(client: TestClient, path: str) -> None:
    assert_problem(client.get(path), 422)


def test_an_unexpected_error_is_a_logged_500_problem_with_the_request_id(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from app.main import create_app

    broken = create_app(settings_for(database_url))

    @broken.get("/broken")
    def fail() -> None:
        raise RuntimeError("a bug")

    response = TestClient(broken, raise_server_exceptions=False).get(
        "/broken", headers={"X-Request-ID": "req-42"}
    )
    body = assert_problem(response, 500)
    assert response.headers["x-request-id"] == "req-42"
    assert "req-42" in body["detail"]
    assert "a bug" not in response.text
    assert any("req-42" in record.getMessage() for record in caplog.records)


def test_write_operations_show_an_example_body_and_their_links(app: FastAPI) -> None:
    spec = app.openapi()
    schemas = spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method in ("post", "patch"):
            if method not in item:
                continue
            ref = item[method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert schemas[ref.rsplit("/", 1)[-1]].get("examples"), f"{method} {path}"
    links = spec["paths"]["/v1/claims"]["post"]["responses"]["201"]["links"]
    assert links["UpdateClaim"]["parameters"]["header.If-Match"] == "$response.header.ETag"
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_a_405_names_every_method_the_path_answers(client: TestClient) -> None:
    response = client.put("/v1/topics/russia")
    assert_problem(response, 405)
    assert response.headers["allow"] == "GET, HEAD, PATCH"


@pytest.mark.parametrize("media", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_that_is_not_json_is_a_415(
    client: TestClient, writer: dict[str, str], media: str | None
) -> None:
    headers = {**writer, **({"Content-Type": media} if media else {})}
    response = client.post("/v1/topics", headers=headers, content=b'{"slug": "energy"}')
    assert assert_problem(response, 415)["type"] == "/problems/unsupported-media-type"

"""Errors in the user's words: no pydantic prefixes, no list positions, hints instead of
regular expressions, every problem `type` a page the service serves, and filters naming
things that do not exist answered as such."""

import pytest
from fastapi.testclient import TestClient

from app.api.meta import PROBLEMS
from app.errors import AppError, status_slug
from app.services.import_loader import ExportFileError
from tests.api.test_conventions import assert_problem


def _subclasses(cls: type[AppError]) -> list[type[AppError]]:
    return [c for sub in cls.__subclasses__() for c in (sub, *_subclasses(sub))]


def test_every_problem_type_the_service_can_answer_is_explained(client: TestClient) -> None:
    slugs = {c.slug for c in _subclasses(AppError)} | {"validation-error", "busy"}
    slugs |= {status_slug(status) for status in (404, 405, 414, 500, 503)}
    assert ExportFileError.slug in slugs
    for slug in slugs:
        page = client.get(f"/problems/{slug}")
        assert page.status_code == 200, slug
        assert page.json()["type"] == f"/problems/{slug}"
        assert slug in PROBLEMS


def test_unknown_routes_and_methods_have_problem_pages(client: TestClient) -> None:
    for response, status in (
        (client.get("/v1/nothing-here"), 404),
        (client.put("/v1/claims"), 405),
    ):
        body = assert_problem(response, status)
        assert body["type"].startswith("/problems/"), body
        assert client.get(body["type"]).status_code == 200


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("topic=Russia", "topic", "'Russia' is not accepted: slugs are lowercase"),
        ("topic=russia&topic=Bad_Slug", "topic", "'Bad_Slug' is not accepted"),
        ("expert=Gaziz%20Abishev", "expert", "e.g. `russia` or `gaziz-abishev`"),
        ("language=english!", "language", "a language is a BCP 47 tag"),
        ("sort=relevance", "", "sort=relevance ranks search results: give q as well"),
    ],
)
def test_validation_errors_read_as_sentences(
    client: TestClient, query: str, field: str, words: str
) -> None:
    body = assert_problem(client.get(f"/v1/claims?{query}"), 422)
    [error] = body["errors"]
    assert error["field"] == field
    assert words in error["message"]
    assert words in body["detail"]
    for seam in ("Value error, ", "^[", ".0", "String should match pattern"):
        assert seam not in body["detail"], seam


def test_a_body_error_names_the_value_not_its_position(
    client: TestClient, writer: dict[str, str]
) -> None:
    body = {"slug": "x", "text": "X happens.", "topics": ["economy", "Not A Slug"]}
    problem = assert_problem(client.post("/v1/propositions", json=body, headers=writer), 422)
    [error] = problem["errors"]
    assert error["field"] == "topics"
    assert "'Not A Slug' is not accepted" in error["message"]


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/v1/claims?topic=nonexistent", [("topic", "nonexistent")]),
        ("/v1/claims?expert=nobody&topic=russia", [("expert", "nobody")]),
        ("/v1/claims?proposition=no-such-thing", [("proposition", "no-such-thing")]),
        ("/v1/claims?source=999", [("source", 999)]),
        ("/v1/experts/gaziz-abishev/claims?topic=nowhere", [("topic", "nowhere")]),
        ("/v1/claims/facets?expert=nobody", [("expert", "nobody")]),
        ("/v1/claims.csv?topic=nonexistent", [("topic", "nonexistent")]),
        ("/v1/claims.ndjson?limit=5&expert=nobody", [("expert", "nobody")]),
    ],
)
def test_a_filter_naming_nothing_is_a_404_naming_it(
    exporting: TestClient, path: str, names: list[tuple[str, object]]
) -> None:
    body = assert_problem(exporting.get(path), 404)
    assert body["type"] == "/problems/not-found"
    assert [(e["field"], e["type"]) for e in body["errors"]] == [
        (n, "unknown_name") for n, _ in names
    ]
    for name, value in names:
        assert f"There is no {name} {value!r} (/v1/{name}s lists them)" in body["detail"]


def test_names_that_exist_but_match_nothing_are_an_empty_list(client: TestClient) -> None:
    answer = client.get("/v1/claims?expert=most-observers&topic=china")
    assert answer.status_code == 200
    assert answer.json()["items"] == []

"""Every write operation in the OpenAPI document refuses requests without the right key,
so a write route added later cannot slip in unprotected."""

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.services import keys as key_service
from tests.conftest import Keys

WRITES = {"post", "put", "patch", "delete"}
PATH_VALUES = {"claim_id": "1", "source_id": "1", "slug": "russia"}


def _write_operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    found = [
        (method, re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path), operation)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if method in WRITES
    ]
    assert len(found) >= 9
    return found


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.request.url, response.text)
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def test_every_write_operation_declares_its_security(app: FastAPI) -> None:
    for method, path, operation in _write_operations(app):
        assert operation.get("security"), f"{method.upper()} {path} declares no security"
        assert {"401", "403"} <= set(operation["responses"]), f"{method.upper()} {path}"


def test_without_a_key_every_write_is_401(app: FastAPI, client: TestClient) -> None:
    for method, path, _ in _write_operations(app):
        response = client.request(method, path, json={})
        _problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-key",
        "Bearer fl_000000000000_" + "x" * 43,
        "Token abc",
    ],
)
def test_malformed_or_unknown_keys_are_401(
    app: FastAPI, client: TestClient, authorization: str
) -> None:
    for method, path, _ in _write_operations(app):
        _problem(
            client.request(method, path, json={}, headers={"Authorization": authorization}), 401
        )


def test_a_revoked_key_is_401(app: FastAPI, client: TestClient, session: Session) -> None:
    key, plaintext = key_service.create(session, name="old", scopes=["write", "admin"])
    key_service.revoke(session, prefix=key.prefix)
    for method, path, _ in _write_operations(app):
        response = client.request(
            method, path, json={}, headers={"Authorization": f"Bearer {plaintext}"}
        )
        assert "revoked" in _problem(response, 401)["detail"]


def test_a_key_without_the_scope_is_403(app: FastAPI, client: TestClient, keys: Keys) -> None:
    ingester = keys.headers("ingest")  # holds neither `write` nor `resolve`
    desk = keys.headers("write", "resolve")  # everything but `ingest`
    for method, path, _ in _write_operations(app):
        lacking = desk if (method, path) == ("post", "/v1/sources") else ingester
        assert (
            "scope"
            in _problem(client.request(method, path, json={}, headers=lacking), 403)["detail"]
        )


def test_admin_may_write(client: TestClient, keys: Keys) -> None:
    admin = keys.headers("admin")
    response = client.post("/v1/topics", headers=admin, json={"slug": "energy", "name": "Energy"})
    assert response.status_code == 201


def test_a_bad_key_is_refused_on_reads_too(client: TestClient) -> None:
    _problem(client.get("/v1/claims", headers={"Authorization": "Bearer nope"}), 401)

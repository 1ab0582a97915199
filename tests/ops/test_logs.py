"""Structured logs: one JSON object a line, the request id on each line of a request, no keys."""

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app import observability
from app.main import create_app
from tests.conftest import Keys, settings_for

DEAD_REDIS = "redis://127.0.0.1:9/0"  # nothing listens there: the limiter logs an error


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _lines(err: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


@pytest.fixture
def json_logs() -> Iterator[None]:
    yield
    observability.configure_logging("json")  # as the shared app of the other tests left it


def test_every_line_of_a_request_carries_its_request_id(
    engine: Engine, capsys: pytest.CaptureFixture[str], json_logs: None
) -> None:
    # With its counter store down, the rate limiter logs an error inside the request.
    app = create_app(settings_for(_url(engine), redis_url=DEAD_REDIS))
    capsys.readouterr()
    with TestClient(app) as client:
        answer = client.get("/v1/claims/1", headers={"X-Request-ID": "trace-42"})
    assert answer.status_code == 200
    lines = [line for line in _lines(capsys.readouterr().err) if line["logger"].startswith("app")]
    assert {line["logger"] for line in lines} == {"app.ratelimit", "app.access"}
    assert {line["request_id"] for line in lines} == {"trace-42"}
    error, access = lines
    assert error["level"] == "error"
    assert "Traceback" in error["exception"]
    assert access | {"duration_ms": 0} == access | {
        "event": "request",
        "method": "GET",
        "path": "/v1/claims/1",
        "route": "/v1/claims/{claim_id}",
        "status": 200,
        "duration_ms": 0,
    }
    assert access["timestamp"].endswith("Z")


def test_an_api_key_is_never_logged(
    client: TestClient, keys: Keys, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = keys.headers("write")
    key = headers["Authorization"].removeprefix("Bearer ")
    client.post("/v1/experts", headers=headers, json={"slug": "k", "name": "K", "kind": "person"})
    client.get("/v1/claims", headers={"Authorization": "Bearer fl_0123456789ab_forged-secret"})
    # Even code that logs a key by mistake writes it redacted.
    logging.getLogger("app").warning("checked %s for %s", headers["Authorization"], key)
    err = capsys.readouterr().err
    assert _lines(err), "no log lines were written"
    for secret in (key, key.split("_")[-1], "forged-secret"):
        assert secret not in err
    assert "[redacted]" in err


def test_console_format_is_text_for_people(
    engine: Engine, capsys: pytest.CaptureFixture[str], json_logs: None
) -> None:
    app = create_app(settings_for(_url(engine), rate_limits=False, log_format="console"))
    capsys.readouterr()
    with TestClient(app) as client:
        client.get("/livez", headers={"X-Request-ID": "console-7"})
    line = next(line for line in capsys.readouterr().err.splitlines() if "app.access" in line)
    assert not line.startswith("{")
    assert "request_id=console-7" in line
    assert "route=/livez" in line

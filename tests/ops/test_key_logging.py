"""An API key never reaches a log: wherever a request carries one (the `Authorization` header,
a query string, a path, a JSON or form body, the request id) and however the request ends
(2xx, 400, 401, 403, 404, 415, 422, 500), in either log format, in process and from the real
server (whose uvicorn access log is off: the service writes its own access line)."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import observability
from app.deps import get_session
from tests.conftest import Keys
from tests.e2e.conftest import Server
from tests.ops.conftest import launched, write_key

FORMATS = ["json", "console"]
# The shape of a key (`fl_<12 hex>_<secret>`), one this service never issued.
FORGED = "fl_0123456789ab_" + "Forged-Secret_" * 3


@pytest.fixture(params=FORMATS)
def log_format(request: pytest.FixtureRequest) -> Iterator[str]:
    observability.configure_logging(request.param)
    yield request.param
    observability.configure_logging("json")  # as the shared app of the other tests left it


def secrets_of(headers: dict[str, str]) -> tuple[str, str]:
    """The whole key in `headers`, and its secret part alone."""
    key = headers["Authorization"].removeprefix("Bearer ")
    return key, key.split("_", 2)[2]


def requests_carrying(
    key: str, writer: dict[str, str], reader: dict[str, str]
) -> list[tuple[str, str, dict[str, str], dict[str, object], int]]:
    """(method, url, headers, httpx arguments, expected status): each carries `key` somewhere."""
    expert = {"slug": "keyed", "name": key, "kind": "person"}
    return [
        ("GET", "/v1/claims", writer, {}, 200),
        ("POST", "/v1/experts", writer, {"json": expert}, 201),
        ("POST", "/v1/topics", reader, {"json": {"slug": "t", "name": "T"}}, 403),
        ("GET", "/v1/claims", {"Authorization": f"Bearer {FORGED}"}, {}, 401),
        ("GET", "/v1/claims", {"Authorization": key}, {}, 401),  # no scheme
        ("GET", f"/v1/claims?api_key={key}", {}, {}, 400),
        ("GET", f"/v1/claims?q={key}&access_token={key}", writer, {}, 400),
        ("GET", f"/v1/experts/{key}", {}, {}, 422),
        ("POST", "/v1/experts", writer, {"json": {**expert, "slug": key}}, 422),
        ("POST", "/v1/experts", writer, {"data": {"api_key": key}}, 415),
        ("GET", "/v1/claims", {"X-Request-ID": key}, {}, 200),
    ]


def test_no_request_writes_its_key_to_the_log(
    client: TestClient, keys: Keys, capsys: pytest.CaptureFixture[str], log_format: str
) -> None:
    writer = keys.headers("write")
    key, secret = secrets_of(writer)
    capsys.readouterr()
    for method, url, headers, arguments, status in requests_carrying(
        key, writer, keys.headers("resolve")
    ):
        answer = client.request(method, url, headers=headers, **arguments)  # type: ignore[arg-type]
        assert answer.status_code == status, (method, url, answer.text)
    err = capsys.readouterr().err
    assert err.count("app.access") >= 11, "the access lines were not written"
    for leaked in (key, secret, FORGED):
        assert leaked not in err
    assert "[redacted]" in err


def test_an_unexpected_error_logs_no_key(
    app: FastAPI,
    session: Session,
    keys: Keys,
    capsys: pytest.CaptureFixture[str],
    log_format: str,
) -> None:
    """A 500 logs its traceback, and a database error's text quotes the statement's
    parameters: the values the request carried, a key among them."""
    writer = keys.headers("write")
    key, secret = secrets_of(writer)

    def failing_commit() -> Iterator[Session]:
        yield session
        raise OperationalError("INSERT INTO experts", {"name": key}, Exception("disk I/O error"))

    app.dependency_overrides[get_session] = failing_commit
    try:
        client = TestClient(app, raise_server_exceptions=False)
        capsys.readouterr()
        answer = client.post(
            "/v1/experts", headers=writer, json={"slug": "keyed", "name": key, "kind": "person"}
        )
    finally:
        app.dependency_overrides.clear()
    assert answer.status_code == 500
    err = capsys.readouterr().err
    assert "disk I/O error" in err, "the error was not logged"
    assert key not in err
    assert secret not in err


@pytest.mark.parametrize("chosen", FORMATS)
def test_the_real_server_logs_no_key(tmp_path: Path, chosen: str) -> None:
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    with launched(url, tmp_path, settings={"log_format": chosen}) as server:
        serving = Server(server.base_url, url)
        writer, reader = write_key(serving), write_key(serving, "resolve", name="reader")
        key, secret = secrets_of(writer)
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            for method, path, headers, arguments, status in requests_carrying(key, writer, reader):
                answer = http.request(method, path, headers=headers, **arguments)  # type: ignore[arg-type]
                assert answer.status_code == status, (method, path, answer.text)
    log = server.log.read_text()
    assert log.count("app.access") >= 11, log[-2000:]
    for leaked in (key, secret, FORGED):
        assert leaked not in log

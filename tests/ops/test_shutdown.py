"""Graceful shutdown: SIGTERM lets the requests in flight finish, within `--grace` seconds."""

import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from sqlalchemy import text

from app.db import make_engine
from tests.e2e.conftest import Server
from tests.ops.conftest import Launched, launch, write_key

BODY = b'{"slug": "graceful", "name": "Graceful Exit", "kind": "person"}'


class SlowBody:
    """A request body sent in two chunks: the second only once `release` is set."""

    def __init__(self) -> None:
        self.first_sent, self.release = threading.Event(), threading.Event()

    def __iter__(self) -> Iterator[bytes]:
        yield BODY[:20]
        self.first_sent.set()
        self.release.wait(timeout=60)
        yield BODY[20:]


def _post(server: Launched, headers: dict[str, str], body: SlowBody, out: list[int]) -> None:
    headers = {**headers, "Content-Type": "application/json"}
    response = httpx.post(
        f"{server.base_url}/v1/experts", content=body, headers=headers, timeout=60
    )
    out.append(response.status_code)


def _wait_until_held(server: Launched) -> None:
    """Until the server has read the request's headers and holds it open (its in-progress gauge).

    Before that, the connection may still sit in the listen queue or unparsed in the event loop,
    and a shutdown rightly closes connections that carry no request yet.
    """
    pattern = re.compile(r'^forecasts_http_requests_in_progress\{method="POST"\} ([0-9.]+)$', re.M)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = pattern.search(httpx.get(f"{server.base_url}/metrics", timeout=5).text)
        if found and float(found.group(1)) >= 1:
            return
        time.sleep(0.05)
    raise AssertionError("the server never took the slow request")


def _still_accepting(server: Launched) -> bool:
    """Whether new connections are still answered a few seconds into the shutdown."""
    for _ in range(50):
        try:
            httpx.get(f"{server.base_url}/livez", timeout=1)
        except httpx.TransportError:
            return False
        time.sleep(0.1)
    return True


def _experts(database_url: str, slug: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            query = text("SELECT count(*) FROM experts WHERE slug = :slug")
            return int(connection.execute(query, {"slug": slug}).scalar_one())
    finally:
        engine.dispose()


# uvicorn re-raises the signal once it has shut down, so the exit reads as SIGTERM's.
CLEAN_EXITS = (0, -signal.SIGTERM)


def test_sigterm_lets_the_request_in_flight_finish(fresh_server: Server, tmp_path: Path) -> None:
    headers = write_key(fresh_server)
    server = launch(fresh_server.database_url, tmp_path, "--grace", "30")
    body, answers = SlowBody(), list[int]()
    sender = threading.Thread(target=_post, args=(server, headers, body, answers))
    sender.start()
    assert body.first_sent.wait(timeout=30)
    _wait_until_held(server)
    server.process.send_signal(signal.SIGTERM)
    try:
        # Shutting down, it takes no new connections while the old request is still open.
        assert not _still_accepting(server)
    finally:
        body.release.set()
        sender.join(timeout=60)
    assert answers == [201]
    assert server.process.wait(timeout=30) in CLEAN_EXITS
    assert "Traceback" not in server.log.read_text()
    assert _experts(fresh_server.database_url, "graceful") == 1


def test_a_request_that_outlasts_the_grace_period_does_not_hold_the_server(
    fresh_server: Server, tmp_path: Path
) -> None:
    headers = write_key(fresh_server)
    server = launch(fresh_server.database_url, tmp_path, "--grace", "1")
    body, answers = SlowBody(), list[int]()
    sender = threading.Thread(target=_post, args=(server, headers, body, answers), daemon=True)
    sender.start()
    try:
        assert body.first_sent.wait(timeout=30)
        _wait_until_held(server)
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=30)  # exits although the request never completes
    finally:
        body.release.set()
        sender.join(timeout=60)
    assert answers != [201]
    assert _experts(fresh_server.database_url, "graceful") == 0

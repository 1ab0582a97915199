"""Contention and overload on both engines: writers and readers at once meet no lock error, a
lock held past its budget answers 503 with Retry-After, a runaway query is stopped while the
process keeps answering. (Exactly one of 8 PATCHes with one ETag wins, 50 rounds running: see
tests/e2e/test_editing.py.)

FORECASTS_CONTENTION_SECONDS sets how long the mixed load runs (default 8; `bench/contention.py`
runs it for 30).
"""

import itertools
import os
import sqlite3
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, create_engine, text

from app.deps import SessionDep
from app.main import create_app
from tests.conftest import settings_for
from tests.e2e.conftest import Server, free_port
from tests.ops.conftest import launched, write_key
from tests.ops.test_crash import _claim

SECONDS = float(os.environ.get("FORECASTS_CONTENTION_SECONDS", "8"))
WRITERS = READERS = 8
READS = ("/v1/claims?limit=20", "/v1/claims/{id}", "/v1/claims?q=russia", "/v1/experts")


def _writer(api: httpx.Client, n: int, until: float, tally: Counter[str]) -> None:
    for step in itertools.count():
        if time.monotonic() > until:
            return
        if step % 2:  # each writer edits a claim of its own: racing edits are another test's
            response = api.patch(
                f"/v1/claims/{1 + n}",
                json={"review": "disputed" if step % 4 == 1 else "verified"},
                headers={"If-Match": "*"},
            )
        else:
            response = api.post("/v1/claims", json=_claim(f"Contention {n} {step}."))
        tally[_outcome(response)] += 1


def _reader(api: httpx.Client, n: int, until: float, tally: Counter[str]) -> None:
    for step in itertools.count():
        if time.monotonic() > until:
            return
        path = READS[(n + step) % len(READS)].format(id=1 + step % 8)
        tally[_outcome(api.get(path))] += 1


def _outcome(response: httpx.Response) -> str:
    if "locked" in response.text:
        return "database is locked"
    if response.status_code >= 300:
        return f"{response.status_code} {response.request.method} {response.text[:300]}"
    return str(response.status_code)


def test_writers_and_readers_at_once_meet_no_lock_error(fresh_server: Server) -> None:
    headers = write_key(fresh_server)
    tally: Counter[str] = Counter()
    until = time.monotonic() + SECONDS
    with httpx.Client(base_url=fresh_server.base_url, headers=headers, timeout=30) as api:
        threads = [
            threading.Thread(target=work, args=(api, n, until, tally))
            for work, count in ((_writer, WRITERS), (_reader, READERS))
            for n in range(count)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    total = sum(tally.values())
    print(
        f"\ncontention: {WRITERS} writers + {READERS} readers for {SECONDS:.0f} s:"
        f" {total} requests ({total / SECONDS:.0f}/s), answers {dict(tally)}"
    )
    assert set(tally) <= {"200", "201"}, list(tally)


@contextmanager
def _write_lock_held(database_url: str) -> Iterator[None]:
    """Another transaction holds what writers of experts need, until the block ends."""
    if database_url.startswith("sqlite"):
        holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("LOCK TABLE experts IN EXCLUSIVE MODE"))
            yield
    finally:
        engine.dispose()


def test_a_lock_held_past_the_budget_answers_503_with_retry_after(
    fresh_server: Server, tmp_path: Path
) -> None:
    headers = write_key(fresh_server)
    body = {"slug": "patient", "name": "Patient Writer", "kind": "person"}
    settings = {"lock_timeout_ms": "300"}
    with (
        launched(fresh_server.database_url, tmp_path, settings=settings) as server,
        httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as api,
    ):
        with _write_lock_held(fresh_server.database_url):
            refused = api.post("/v1/experts", json=body)
            read = api.get("/v1/experts?limit=1")  # readers are not held up
        assert refused.status_code == 503, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["type"] == "/problems/busy"
        assert read.status_code == 200
        assert api.get("/v1/experts/patient").status_code == 404  # nothing was written
        assert api.post("/v1/experts", json=body).status_code == 201  # the retry goes in


RUNAWAY = {
    # Counts without end: only the time limit stops it.
    "sqlite": "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)"
    " SELECT count(*) FROM r",
    # Waits without end, sparing the CPU the machine's other work needs (the limit is the same).
    "postgresql": "SELECT count(*) FROM (SELECT pg_sleep(3600)) AS s",
}


@contextmanager
def _serving_in_process(app: FastAPI) -> Iterator[str]:
    """The app under a real uvicorn server on a thread of this process."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive()
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_a_runaway_query_is_stopped_while_livez_stays_fast(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(settings_for(url, rate_limits=False, statement_timeout_ms=2000))
    query = text(RUNAWAY[engine.dialect.name])

    def runaway(session: SessionDep) -> dict[str, int]:
        return {"count": session.execute(query).scalar_one()}

    app.add_api_route("/test/runaway", runaway)
    with _serving_in_process(app) as base_url:
        answer: list[httpx.Response] = []
        stuck = threading.Thread(
            target=lambda: answer.append(httpx.get(f"{base_url}/test/runaway", timeout=60))
        )
        stuck.start()
        probes = []
        while stuck.is_alive():
            response, seconds = _timed(lambda: httpx.get(f"{base_url}/livez", timeout=10))
            assert response.status_code == 200
            probes.append(seconds)
            time.sleep(0.05)
        stuck.join()
    (cut,) = answer
    print(
        f"\nrunaway query ({engine.dialect.name}): stopped with {cut.status_code} after the"
        f" 2 s limit; /livez answered {len(probes)} times meanwhile, slowest"
        f" {max(probes) * 1000:.0f} ms, median {statistics.median(probes) * 1000:.0f} ms"
    )
    assert cut.status_code == 503
    assert cut.json()["type"] == "/problems/query-timeout"
    assert "retry-after" in cut.headers
    assert len(probes) >= 5
    # Each probe a fraction of the runaway's 2 s (the slowest may meet a busy machine).
    assert statistics.median(probes) < 0.25
    assert max(probes) < 1.5

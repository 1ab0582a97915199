"""`make soak`: a bounded soak of real servers, 95 % reads and 5 % writes at 32 connections.

    .venv/bin/python bench/soak.py [--seconds 60] [--connections 32] [--target sqlite|pair|both]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test] [--redis redis://…]

Targets: one `forecasts serve` process on a new SQLite file, and two processes on different
ports sharing a new PostgreSQL database and Redis (rate-limit counters shared, limits set high
enough not to refuse the soak), requests alternating between the two. Loopback only; every
request has a timeout and the run a deadline. Writes post claims; after the run every claim a
2xx acknowledged is looked up in the database. Prints requests, req/s, p50/p99 latency, 5xx
answers and lost acknowledged writes per target; exits 1 if either count is not 0.
"""

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db import make_engine

FORECASTS = Path(sys.executable).parent / "forecasts"
READS = (
    "/v1/claims?limit=20",
    "/v1/claims?topic=russia&limit=10",
    "/v1/claims?q=reforms",
    "/v1/claims/{id}",
    "/v1/experts",
    "/v1/topics",
    "/v1/experts/gaziz-abishev/scorecard",
)
WRITE_SHARE = 0.05


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    acknowledged: dict[int, str] = field(default_factory=dict)


def _claim(statement: str) -> dict[str, Any]:
    return {
        "expert": "gaziz-abishev",
        "source": 1,
        "kind": "forecast",
        "statement": statement,
        "quote": "Russia is unlikely to go anywhere",
        "span": {"start": 4103, "end": 4136},
        "topics": ["russia"],
        "confidence": {"phrase": "unlikely", "negated": True},
    }


async def _connection(
    client: httpx.AsyncClient, bases: list[str], key: str, n: int, until: float, tally: Tally
) -> None:
    writer = {"Authorization": f"Bearer {key}"}  # reads go anonymous, as most readers do
    rng = random.Random(n)
    for step in range(10**9):
        if time.monotonic() > until:
            return
        base = bases[step % len(bases)]
        started = time.monotonic()
        try:
            if rng.random() < WRITE_SHARE:
                statement = f"Soak connection {n} write {step}."
                body = _claim(statement)
                response = await client.post(f"{base}/v1/claims", json=body, headers=writer)
                if response.is_success:
                    tally.acknowledged[response.json()["id"]] = statement
            else:
                path = rng.choice(READS).format(id=rng.randint(1, 20))
                response = await client.get(f"{base}{path}")
        except httpx.HTTPError:
            tally.errors += 1
            continue
        tally.latencies.append(time.monotonic() - started)
        tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1


async def _soak(bases: list[str], key: str, seconds: float, connections: int) -> Tally:
    tally, until = Tally(), time.monotonic() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        await asyncio.gather(
            *(_connection(client, bases, key, n, until, tally) for n in range(connections))
        )
    return tally


def _lost(database_url: str, acknowledged: dict[int, str]) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, statement FROM claims")).all()
            stored: dict[int, str] = dict(rows)
    finally:
        engine.dispose()
    return sum(stored.get(claim_id) != statement for claim_id, statement in acknowledged.items())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(database_url: str, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORECASTS_")}
    env["FORECASTS_DATABASE_URL"] = database_url
    env.update({f"FORECASTS_{name.upper()}": value for name, value in settings.items()})
    return env


@contextmanager
def _servers(database_url: str, count: int, folder: Path, **settings: str) -> Iterator[list[str]]:
    """`count` processes of `forecasts serve` started at once on one database."""
    processes, bases = [], []
    for _ in range(count):
        port = _free_port()
        log = (folder / f"server-{port}.log").open("wb")
        argv = [str(FORECASTS), "serve", "--host", "127.0.0.1", "--port", str(port)]
        env = _env(database_url, **settings)
        processes.append(subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base, process in zip(bases, processes, strict=True):
            _wait_ready(base, process)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)


def _wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server at {base} exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the server at {base} was not ready within 120 s")


def _key(database_url: str) -> str:
    made = subprocess.run(
        [str(FORECASTS), "keys", "create", "--name", "soak", "--scope", "write"],
        env=_env(database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return made.stdout.strip()


def _report(name: str, tally: Tally, seconds: float, lost: int) -> bool:
    latencies = sorted(tally.latencies)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    print(
        f"{name}: {len(latencies)} requests in {seconds:.0f} s = {len(latencies) / seconds:.0f}"
        f" req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms; 5xx {server_errors}, transport errors"
        f" {tally.errors}, writes acknowledged {len(tally.acknowledged)}, lost {lost};"
        f" statuses {dict(sorted(tally.statuses.items()))}",
        flush=True,
    )
    return server_errors == 0 and lost == 0 and tally.errors == 0


def _run(name: str, url: str, count: int, args: argparse.Namespace, **settings: str) -> bool:
    with tempfile.TemporaryDirectory(prefix="soak-") as folder:
        with _servers(url, count, Path(folder), **settings) as bases:
            key = _key(url)
            tally = asyncio.run(_soak(bases, key, args.seconds, args.connections))
        return _report(name, tally, args.seconds, _lost(url, tally.acknowledged))


@contextmanager
def _postgres_database(server_url: str) -> Iterator[str]:
    name = f"forecasts_soak_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--target", choices=["sqlite", "pair", "both"], default="both")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    print(
        f"soak: {args.seconds:.0f} s, {args.connections} connections,"
        f" {100 - WRITE_SHARE * 100:.0f}/{WRITE_SHARE * 100:.0f} reads/writes",
        flush=True,
    )
    ok = True
    # The soak measures the service, not its rate limiter: limits far above what it can send.
    high = {"rate_limit_reads": "10000000/minute", "rate_limit_writes": "10000000/minute"}
    if args.target in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="soak-db-") as folder:
            url = f"sqlite:///{folder}/soak.db"
            ok &= _run("one process on SQLite", url, 1, args, **high)
    if args.target in ("pair", "both"):
        with _postgres_database(args.postgres) as url:
            shared = {"redis_url": args.redis, "secret_key": uuid.uuid4().hex, **high}
            ok &= _run("two processes on PostgreSQL + Redis", url, 2, args, **shared)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

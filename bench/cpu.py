"""CPU time per request, in process: the service and the hand-written floor side by side.

    .venv/bin/python bench/cpu.py [--claims 100000] [--seconds 0.5] [--profile "one claim"]

Requests go straight to each ASGI app (no server, no sockets, no load generator) on one event
loop, and `time.process_time()` (every thread of the process, so the threadpool's too) is read
around batches of them: on a machine shared with other work this is far steadier than req/s
under `wrk`. The paths are the harness's (`bench/harness.py`), on the same realistic data
(`/tmp/forecasts-bench-<n>k.db`, built on first use). Each figure is the best of three batches
of at least `--seconds` of CPU. `--profile NAME` prints where one endpoint's time goes.
"""

import argparse
import asyncio
import cProfile
import os
import pstats
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import harness
import realistic
from starlette.types import ASGIApp, Message

from app import migrate
from app.config import Settings
from app.db import make_engine
from app.main import create_app

Call = Callable[[], Awaitable[tuple[int, bytes]]]


def request(app: ASGIApp, target: str) -> Call:
    """A GET of `target` through `app`, answering (status, body)."""
    path, _, query = target.partition("?")

    async def call() -> tuple[int, bytes]:
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": unquote(path),
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(b"host", b"bench.local"), (b"accept", b"*/*")],
            "client": ("127.0.0.1", 40000),
            "server": ("bench.local", 80),
            "state": {},
        }
        status, chunks = 0, []

        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await app(scope, receive, send)
        return status, b"".join(chunks)

    return call


async def cpu_ms(call: Call, seconds: float) -> float:
    """Milliseconds of CPU per request: the best of three batches of at least `seconds`."""
    status, _ = await call()  # warm: caches, compiled statements, the first connection
    if status != 200:
        raise SystemExit(f"status {status}")
    best = float("inf")
    for _ in range(3):
        started, done = time.process_time(), 0
        while (spent := time.process_time() - started) < seconds or done < 3:
            await call()
            done += 1
        best = min(best, spent / done * 1000)
    return best


async def profile(call: Call, n: int = 200) -> None:
    import anyio.to_thread

    async def inline(function: Callable[..., Any], *args: Any, **_: Any) -> Any:
        return function(*args)

    # cProfile sees one thread: run the threadpool's work on the loop's while profiling.
    anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    await call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        await call()
    profiler.disable()
    profiler.dump_stats("/tmp/forecasts-cpu.prof")  # for `python -m pstats`
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def apps(database: Path) -> dict[str, ASGIApp]:
    os.environ["FLOOR_DATABASE"] = str(database)
    import floor  # reads FLOOR_DATABASE when its app is made

    settings = Settings(
        database_url=f"sqlite:///{database}", rate_limits=False, secret_key=harness.SECRET
    )
    return {"ledger": create_app(settings), "floor": floor.create_app()}


async def measure(database: Path, claims: int, seconds: float, profiled: str | None) -> None:
    targets = apps(database)
    print(f"{'endpoint':<44} {'service ms':>10} {'floor ms':>9} {'÷':>6}")
    for endpoint in harness.endpoints(database, claims):
        calls = {
            name: request(app, endpoint.paths[name])
            for name, app in targets.items()
            if name in endpoint.paths
        }
        if profiled is not None:
            if endpoint.name.startswith(profiled):
                await profile(calls["ledger"])
            continue
        found = {name: await cpu_ms(call, seconds) for name, call in calls.items()}
        ledger, floor_ms = found["ledger"], found.get("floor")
        ratio = f"{ledger / floor_ms:6.1f}" if floor_ms else ""
        shown = f"{floor_ms:9.3f}" if floor_ms else " " * 9
        print(f"{endpoint.name:<44} {ledger:10.3f} {shown} {ratio}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=0.5, help="CPU seconds per batch")
    parser.add_argument("--profile", help="Profile the endpoint whose name starts so instead.")
    args = parser.parse_args()
    database = Path(f"/tmp/forecasts-bench-{args.claims // 1000}k.db")
    if not database.exists():
        realistic.build(make_engine(f"sqlite:///{database}"), args.claims)
    migrate.upgrade(make_engine(f"sqlite:///{database}"))
    try:
        import uvloop  # what uvicorn[standard] serves on
    except ImportError:
        asyncio.run(measure(database, args.claims, args.seconds, args.profile))
    else:
        uvloop.run(measure(database, args.claims, args.seconds, args.profile))


if __name__ == "__main__":
    main()

"""Full exports stream in constant memory: rows/s and the server's peak RSS at 100k and 1M claims.

    .venv/bin/python bench/export.py [--sizes 100000 1000000] [--directory /tmp]
    .venv/bin/python bench/export.py --databases /tmp/forecasts-bench-1000k.db --formats csv

Builds (once per size) a SQLite database of N synthetic claims the way `bench/list_claims.py`
does, then for each format starts a fresh uvicorn server (one worker, default settings), streams
the complete export (`/v1/claims.csv`, `/v1/claims.ndjson`) with one client, checks it is whole
(the CSV's row count, the NDJSON trailer's count), and samples the server's memory meanwhile:
its heap (RssAnon) and its peak resident set (VmHWM, which also counts the pages of the database
file SQLite maps, up to `mmap_size`). Memory is flat when the heap's peak does not grow with N.
`--databases` streams from databases already built instead (the harness's realistic ones).
"""

import argparse
import threading
import time
from pathlib import Path

import httpx
import orjson
from list_claims import build, server
from sqlalchemy import func, select

from app.db import make_engine
from app.models import Claim, Review

FORMATS = ("csv", "ndjson")


def memory_mb(pid: int) -> dict[str, float]:
    """The process's resident memory from /proc (Linux): `VmHWM` (peak of all), `RssAnon` (heap
    and stacks, now) and `RssFile` (mapped files: SQLite's mmap of the database, now)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "RssAnon", "RssFile"):
            found[name] = int(value.split()[0]) / 1024
    return found


class Sampler(threading.Thread):
    """Reads the server's memory every 50 ms while an export runs; keeps the largest heap."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.heap, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.heap = max(self.heap, memory_mb(self.pid)["RssAnon"])


def stream(base: str, form: str) -> tuple[int, int, float]:
    """Read the whole export; (claims in it, bytes, seconds)."""
    started = time.perf_counter()
    size, last, rows = 0, b"", 0
    with httpx.stream("GET", f"{base}/v1/claims.{form}", timeout=None) as response:
        assert response.status_code == 200, response.read()
        assert "content-length" not in response.headers  # streamed, not buffered
        for line in response.iter_lines():
            size += len(line) + 1
            rows += 1
            last = line.encode()
    seconds = time.perf_counter() - started
    if form == "ndjson":
        return orjson.loads(last)["count"], size, seconds
    return rows - 1, size, seconds  # less the header


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--directory", type=Path, default=Path("/tmp"))
    parser.add_argument("--databases", type=Path, nargs="+", help="Built already: stream these.")
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    args = parser.parse_args()
    built = [f"sqlite:///{path}" for path in args.databases or []]
    print(
        f"{'claims':>10} {'format':<7}{'rows/s':>9}{'MB':>6}{'s':>7}"
        f"{'heap idle':>11}{'heap peak':>11}{'VmHWM':>8}"
    )
    for url in built or [
        f"sqlite:///{args.directory / f'forecasts-export-{n}.db'}" for n in args.sizes
    ]:
        engine = make_engine(url)
        if not built:
            build(engine, int(url.rsplit("-", 1)[1].removesuffix(".db")))
        with engine.connect() as connection:
            # What an anonymous export holds: no drafts, no retracted claims.
            hidden = [Review.draft, Review.retracted]
            counted = select(func.count(Claim.id)).where(Claim.review.not_in(hidden))
            total = connection.execute(counted).scalar_one()
        engine.dispose()
        for form in args.formats:
            with server(url) as (base, pid):
                httpx.get(f"{base}/v1/claims.{form}?limit=10").raise_for_status()  # warm
                idle = memory_mb(pid)["RssAnon"]
                sampler = Sampler(pid)
                sampler.start()
                count, size, seconds = stream(base, form)
                sampler.done.set()
                sampler.join()
                peak = memory_mb(pid)["VmHWM"]
            assert count == total, (count, total)
            print(
                f"{total:>10,} {form:<7}{count / seconds:>9,.0f}{size / 1e6:>6.0f}{seconds:>7.1f}"
                f"{idle:>10.0f}M{sampler.heap:>10.0f}M{peak:>7.0f}M",
                flush=True,
            )


if __name__ == "__main__":
    main()

"""`make bench`: Forecast Ledger against the hand-written floor and Datasette, in one run.

    .venv/bin/python bench/harness.py [--quick] [--claims 100000] [--postgres URL]
    .venv/bin/python bench/harness.py --claims 1000000 --baseline 100000

Builds the realistic data set once (`bench/realistic.py`, cached under /tmp), starts the three
servers on core 0 (one worker each) and drives them with `wrk` on core 1, 16 connections, in
interleaved rounds of bounded duration; the best round counts, as the figures move with the
machine. Before measuring, it checks that the three return the same claim ids for every query
they share. It prints req/s, p50 and p99 per endpoint and target, the ratios to the floor and to
Datasette, peak RSS per worker, SQL statements per request, and each target of the performance
issue with its measured value. `--postgres` adds the service on PostgreSQL with 1 and 2 workers.
`--baseline N` also serves the N-claim data set in the same rounds and prints how much of its
throughput the list and one claim keep at `--claims` (the scale target: measured side by side,
not against a run of another day).
Loopback only; every load is bounded in time.
"""

import argparse
import contextlib
import datetime as dt
import re
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import peers
import realistic
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from app import migrate
from app.db import make_engine

SECRET = "bench-secret-key-of-enough-length-0123456789"
BASELINE = "ledger at"  # the service on the `--baseline` data set, in the same rounds
SCALED = ("filtered list", "one claim")  # the endpoints the scale target names
TOPIC = "russia"


@dataclass
class Endpoint:
    name: str
    paths: dict[str, str]  # target name → path
    ids: Callable[[Any], list[int]] | None = None


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_rps: float  # requests per second of the server's own CPU time: steadier when shared


@dataclass
class Memory:
    private: dict[str, float]  # RssAnon, the highest sampled
    rss: dict[str, float]  # VmHWM


@dataclass
class Run:
    results: dict[tuple[str, str], list[Result]] = field(default_factory=dict)

    def best(self, endpoint: str, target: str) -> Result | None:
        found = self.results.get((endpoint, target))
        return max(found, key=lambda r: r.rps) if found else None


def wrk(url: str, seconds: int, pids: list[int], connections: int = 16) -> Result:
    command = [
        "taskset",
        "-c",
        "1",
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
    ]
    cpu = peers.cpu_seconds(pids)
    out = subprocess.run([*command, "--latency", url], capture_output=True, text=True).stdout
    cpu = peers.cpu_seconds(pids) - cpu
    done = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses under load")
    return Result(rps, _percentile(out, "50"), _percentile(out, "99"), done / max(cpu, 0.01))


def _percentile(out: str, which: str) -> float:
    value, unit = re.search(rf"\s{which}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def words_for_search(database: Path) -> dict[str, str]:
    """A selective word (a handful of claims), a common one (about a fifth) and a phrase of two
    frequent words, found in the full-text index's own vocabulary."""
    with sqlite3.connect(database) as connection:
        connection.execute(
            "CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, claims_fts, 'row')"
        )
        total = connection.execute("SELECT count(*) FROM claims").fetchone()[0]
        terms = connection.execute(
            "SELECT term, doc FROM temp.vocab WHERE term GLOB '[a-z]*' ORDER BY doc DESC"
        ).fetchall()
    rare = next(t for t, doc in reversed(terms) if doc >= 2 and len(t) > 5)
    common = min(terms, key=lambda t: abs(t[1] - total / 5))[0]
    return {"selective": rare, "common": common, "phrase": f'"{terms[0][0]} {terms[1][0]}"'}


def endpoints(database: Path, claims: int) -> list[Endpoint]:
    from app.pagination import Cursors
    from app.services.claims import SORTS

    stem = database.stem
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        day, deep_id = connection.execute(
            text(
                "SELECT stated_on, id FROM claims WHERE review = 'verified' AND EXISTS (SELECT 1"
                " FROM claim_topics JOIN topics ON topics.id = topic_id WHERE claim_id = claims.id"
                " AND topics.path LIKE :p) ORDER BY stated_on DESC, id DESC LIMIT 1 OFFSET 9999"
            ),
            {"p": f"%/{TOPIC}/%"},
        ).one()
        one_id = connection.execute(
            text("SELECT id FROM claims WHERE review = 'verified' ORDER BY id LIMIT 1 OFFSET :n"),
            {"n": claims // 2},
        ).scalar_one()
        top_expert = connection.execute(
            text(
                "SELECT experts.slug FROM claims JOIN experts ON experts.id = expert_id"
                " WHERE outcome IS NOT NULL GROUP BY experts.slug ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar_one()
    cursor = Cursors(SECRET).encode(SORTS["-stated_on"], _date(day), deep_id)
    items = _items
    listed = f"/v1/claims?topic={TOPIC}&review=verified&limit=50"
    canned = f"/{stem}/by_topic.json?_shape=array&topic={TOPIC}&review=verified"
    found = [
        Endpoint(
            "filtered list",
            {"ledger": listed, "floor": listed, "datasette": canned + "&after_day=&after_id=0"},
            items,
        ),
        Endpoint(
            "page 200 deep",
            {
                "ledger": f"{listed}&cursor={quote(cursor)}",
                "floor": f"{listed}&cursor={day},{deep_id}",
                "datasette": f"{canned}&after_day={day}&after_id={deep_id}",
            },
            items,
        ),
        Endpoint(
            "one claim",
            {
                "ledger": f"/v1/claims/{one_id}",
                "floor": f"/v1/claims/{one_id}",
                "datasette": f"/{stem}/one.json?_shape=array&id={one_id}",
            },
            items,
        ),
    ]
    for name, word in words_for_search(database).items():
        q = quote(word)
        found.append(
            Endpoint(
                f"search, {name} ({word})",
                {
                    "ledger": f"/v1/claims?q={q}&limit=50",
                    "floor": f"/v1/claims?q={q}&limit=50",
                    "datasette": f"/{stem}/search.json?_shape=array&q={q}",
                },
                items,
            )
        )
    found += [
        Endpoint(
            "facet counts",
            {
                "ledger": "/v1/claims/facets?facet=kind&facet=topic",
                "floor": "/v1/claims/facets",
                "datasette": f"/{stem}/claims.json?_facet=kind&_facet=expert_id&_size=0",
            },
        ),
        Endpoint("expert scorecard", {"ledger": f"/v1/experts/{top_expert}/scorecard"}),
        Endpoint("embed page", {"ledger": f"/embed/claims?topic={TOPIC}&review=verified"}),
    ]
    return found


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _items(body: Any) -> list[int]:
    rows = body["items"] if isinstance(body, dict) and "items" in body else body
    rows = rows if isinstance(rows, list) else [rows]
    return [int(row["id"]) for row in rows]


def same_ids(targets: dict[str, peers.Target], found: list[Endpoint]) -> list[Endpoint]:
    """Check that every target answers the same ids; drop endpoints a target lacks (404)."""
    kept = []
    for endpoint in found:
        bodies = {}
        for name, path in endpoint.paths.items():
            response = httpx.get(targets[name].base + path, timeout=60)
            if response.status_code == 404 and name == "ledger" and endpoint.name == "embed page":
                break
            response.raise_for_status()
            bodies[name] = response
        else:
            if endpoint.ids is not None:
                ids = {name: endpoint.ids(r.json()) for name, r in bodies.items()}
                if len({tuple(v) for v in ids.values()}) != 1 or not ids["ledger"]:
                    raise SystemExit(f"{endpoint.name}: the targets disagree: {ids}")
            kept.append(endpoint)
    return kept


def statements_per_request(database: Path, paths: list[str]) -> dict[str, int]:
    """SQL statements the service runs for each path, counted in process."""
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    settings = Settings(database_url=f"sqlite:///{database}", rate_limits=False, secret_key=SECRET)
    app = create_app(settings)
    seen: list[str] = []
    event.listen(app.state.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    counts = {}
    with TestClient(app) as client:
        for path in paths:
            client.get(path)
            seen.clear()
            client.get(path)
            counts[path] = sum(1 for s in seen if s.strip().upper() not in ("BEGIN", "COMMIT"))
    return counts


def csv_rows_per_second(base: str, path: str) -> tuple[float, int]:
    started, rows = time.perf_counter(), 0
    with httpx.stream("GET", base + path, timeout=600) as response:
        for line in response.iter_lines():
            rows += 1 if line else 0
    return (rows - 1) / (time.perf_counter() - started), rows - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="One short round (under 3 min).")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--postgres", help="Also run the service on this PostgreSQL URL.")
    parser.add_argument(
        "--baseline", type=int, help="Also serve this many claims, for the scale ratios."
    )
    args = parser.parse_args()
    rounds, seconds = (1, 3) if args.quick else (args.rounds, args.seconds)
    database = data_set(args.claims)
    baseline = data_set(args.baseline) if args.baseline else None
    when = time.strftime("%Y-%m-%d %H:%M")
    print(f"{when}, {args.claims:,} claims, {rounds} round(s) of {seconds} s")
    run = Run()
    with contextlib.ExitStack() as stack:
        targets = {
            "ledger": stack.enter_context(peers.service(f"sqlite:///{database}", core=0)),
            "floor": stack.enter_context(peers.floor(database, core=0)),
            "datasette": stack.enter_context(peers.datasette(database, core=0)),
        }
        found = same_ids(targets, endpoints(database, args.claims))
        print("the three answer the same ids for every shared query")
        if baseline is not None and args.baseline:
            at = f"{BASELINE} {args.baseline // 1000}k"
            targets[at] = stack.enter_context(
                peers.service(f"sqlite:///{baseline}", core=0, name=at)
            )
            theirs = {e.name: e for e in endpoints(baseline, args.baseline)}
            for endpoint in found:
                if endpoint.name in SCALED:
                    endpoint.paths[at] = theirs[endpoint.name].paths["ledger"]
        private: dict[str, float] = {}
        for _ in range(rounds):
            for endpoint in found:
                for name, path in endpoint.paths.items():
                    target = targets[name]
                    result = wrk(target.base + path, seconds, [target.pid])
                    run.results.setdefault((endpoint.name, name), []).append(result)
                    private[name] = max(private.get(name, 0.0), peers.private_mb(target.pid))
        private = {name: mb for name, mb in private.items() if not name.startswith(BASELINE)}
        csv = {
            name: csv_rows_per_second(targets[name].base, path)
            for name, path in (
                ("ledger", "/v1/claims.csv?review=verified"),
                ("floor", "/v1/claims.csv?review=verified"),
                ("datasette", f"/{database.stem}/claims.csv?_stream=on&_size=max&review=verified"),
            )
        }
        for name in private:
            private[name] = max(private[name], peers.private_mb(targets[name].pid))
        rss = {name: peers.peak_rss_mb(targets[name].pid) for name in private}
    statements = statements_per_request(database, [e.paths["ledger"] for e in found])
    report(run, found, csv, Memory(private, rss), statements)
    for endpoint in found:  # the baseline's paths are reported, then dropped for PostgreSQL
        endpoint.paths = {k: v for k, v in endpoint.paths.items() if not k.startswith(BASELINE)}
    if args.postgres:
        postgres(args.postgres, args.claims, found[:3], rounds, seconds, run)


def _create_database(url: str) -> None:
    """The benchmark's own database on the server, made on first use."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        ).first()
        if found is None:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def postgres(
    url: str, claims: int, found: list[Endpoint], rounds: int, seconds: int, sqlite: Run
) -> None:
    """The service on PostgreSQL, 1 worker and 2, against its SQLite figures of this run."""
    _create_database(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        have = connection.execute(text("SELECT to_regclass('claims') IS NOT NULL")).scalar_one()
        if have:
            have = connection.execute(text("SELECT count(*) FROM claims")).scalar_one() >= claims
    if have:
        migrate.upgrade(engine)
    else:
        started = time.perf_counter()
        counts = realistic.build(engine, claims)
        print(f"built {url}: {counts} in {time.perf_counter() - started:.0f} s")
    run = Run()
    for workers in (1, 2):
        with peers.service(url, core=0, workers=workers) as ledger:
            pids = [ledger.pid, *peers.children(ledger.pid)]
            for _ in range(rounds):
                for endpoint in found:
                    # Built from the same seed, the data (ids included) match SQLite's.
                    result = wrk(ledger.base + endpoint.paths["ledger"], seconds, pids)
                    run.results.setdefault((endpoint.name, f"{workers}w"), []).append(result)
    print(f"\nPostgreSQL ({url.rsplit('@', 1)[-1]}), the service only")
    print(
        f"{'endpoint':<34}{'workers':<9}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'req/cpu-s':>10}{'÷SQLite':>9}"
    )
    for endpoint in found:
        lite = sqlite.best(endpoint.name, "ledger")
        for label in ("1w", "2w"):
            best = run.best(endpoint.name, label)
            if best is None or lite is None:
                continue
            print(
                f"{endpoint.name:<34}{label:<9}{best.rps:>8.0f}{best.p50_ms:>8.1f}"
                f"{best.p99_ms:>8.1f}{best.cpu_rps:>10.0f}{best.rps / lite.rps:>9.2f}"
            )


def data_set(claims: int) -> Path:
    """The realistic SQLite file of `claims` claims, built on first use, migrated to head."""
    database = Path(f"/tmp/forecasts-bench-{claims // 1000}k.db")
    if not database.exists():
        started = time.perf_counter()
        counts = realistic.build(make_engine(f"sqlite:///{database}"), claims)
        print(f"built {database}: {counts} in {time.perf_counter() - started:.0f} s")
    migrate.upgrade(make_engine(f"sqlite:///{database}"))  # data built before a new migration
    return database


def _ratio(ours: Result, theirs: Result | None) -> str:
    return f"{ours.rps / theirs.rps:.2f}" if theirs and theirs.rps else ""


def report(
    run: Run,
    found: list[Endpoint],
    csv: dict[str, tuple[float, int]],
    memory: "Memory",
    statements: dict[str, int],
) -> None:
    print(
        f"\n{'endpoint':<34}{'target':<11}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'req/cpu-s':>10}{'÷floor':>8}{'÷dset':>7}{'SQL':>5}"
    )
    for endpoint in found:
        ours = run.best(endpoint.name, "ledger")
        for name in endpoint.paths:
            result = run.best(endpoint.name, name)
            assert result is not None
            assert ours is not None
            ratios = ""
            if name == "ledger":
                floor, dset = run.best(endpoint.name, "floor"), run.best(endpoint.name, "datasette")
                ratios = f"{_ratio(ours, floor):>8}{_ratio(ours, dset):>7}"
                ratios += f"{statements[endpoint.paths['ledger']]:>5}"
            print(
                f"{endpoint.name:<34}{name:<11}{result.rps:>8.0f}{result.p50_ms:>8.1f}"
                f"{result.p99_ms:>8.1f}{result.cpu_rps:>10.0f}{ratios}"
            )
    for name, (per_second, rows) in csv.items():
        print(f"{'CSV export (' + f'{rows:,}' + ' rows)':<34}{name:<11}{per_second:>8.0f} rows/s")
    print(
        "peak private memory (RssAnon) per worker: "
        + ", ".join(f"{k} {v:.0f} MB" for k, v in memory.private.items())
    )
    print(
        "peak RSS (VmHWM, with the SQLite file's mapped pages) per worker: "
        + ", ".join(f"{k} {v:.0f} MB" for k, v in memory.rss.items())
    )
    targets(run, found, memory.private, statements)


def targets(
    run: Run, found: list[Endpoint], rss: dict[str, float], statements: dict[str, int]
) -> None:
    def ratio(endpoint: str, peer: str) -> float:
        ours, theirs = run.best(endpoint, "ledger"), run.best(endpoint, peer)
        return ours.rps / theirs.rps if ours and theirs and theirs.rps else float("nan")

    names = [e.name for e in found]
    searches = [n for n in names if n.startswith("search")]
    checks = [
        ("filtered list ≥ 3× Datasette", ratio("filtered list", "datasette"), 3.0),
        ("filtered list ≥ 0.7× floor", ratio("filtered list", "floor"), 0.7),
        ("one claim ≥ 2× Datasette", ratio("one claim", "datasette"), 2.0),
        ("one claim ≥ 0.5× floor", ratio("one claim", "floor"), 0.5),
        *((f"{n} ≥ 1.5× Datasette", ratio(n, "datasette"), 1.5) for n in searches),
        ("facet counts ≥ 3× Datasette", ratio("facet counts", "datasette"), 3.0),
    ]
    page1, deep = run.best("filtered list", "ledger"), run.best("page 200 deep", "ledger")
    assert page1 is not None
    assert deep is not None
    print("\ntarget                                         measured   met")
    for label, value, goal in checks:
        print(f"{label:<46}{value:>9.2f}   {'yes' if value >= goal else 'NO'}")
    deep_ratio = page1.rps / deep.rps
    print(
        f"{'page 200 deep within 1.2× of page 1':<46}{deep_ratio:>9.2f}   "
        f"{'yes' if deep_ratio <= 1.2 else 'NO'}"
    )
    for name in ("filtered list", "one claim"):
        best = run.best(name, "ledger")
        assert best
        spread = best.p99_ms / best.p50_ms
        print(f"{'p99 ≤ 3× p50, ' + name:<46}{spread:>9.2f}   {'yes' if spread <= 3 else 'NO'}")
    for name in SCALED:
        for endpoint, target in run.results:
            if endpoint == name and target.startswith(BASELINE):
                ours, theirs = run.best(name, "ledger"), run.best(name, target)
                assert ours
                assert theirs
                kept = ours.rps / theirs.rps
                label = f"{name} ≥ 0.75× of itself {target[len(BASELINE) :]}"
                print(f"{label:<46}{kept:>9.2f}   {'yes' if kept >= 0.75 else 'NO'}")
    most = max(statements.values())
    print(f"{'≤ 3 SQL statements per request':<46}{most:>9}   {'yes' if most <= 3 else 'NO'}")
    print(
        f"{'peak private memory ≤ 150 MB per worker':<46}{rss['ledger']:>9.0f}   "
        f"{'yes' if rss['ledger'] <= 150 else 'NO'}"
    )


if __name__ == "__main__":
    main()

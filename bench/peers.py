"""The servers a benchmark run compares: Forecast Ledger, the hand-written floor, Datasette.

Each starts the real way (uvicorn; `datasette serve`) on a free loopback port, pinned to one
core with `taskset`, and is stopped at the end of the run. Datasette lives in its own virtual
environment under `bench/.venv-datasette` (made on first use; never a dependency of the app),
serving the same SQLite file with canned queries that return the same rows as the service.
"""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
DATASETTE_VENV = HERE / ".venv-datasette"
DATASETTE = "datasette==0.65.5"

# Canned queries: the same statements as the service's and the floor's, the same rows.
CANNED = {
    "by_topic": """SELECT claims.id, experts.slug AS expert, claims.kind, claims.statement,
 claims.quote, claims.stated_on, claims.review FROM claims
 JOIN experts ON experts.id = claims.expert_id JOIN sources ON sources.id = claims.source_id
 WHERE EXISTS (SELECT * FROM claim_topics, topics AS t WHERE claim_topics.claim_id = claims.id
   AND claim_topics.topic_id = t.id AND t.path LIKE '%/' || :topic || '/%')
 AND claims.review = :review
 AND (:after_day = '' OR claims.stated_on < :after_day
      OR (claims.stated_on = :after_day AND claims.id < CAST(:after_id AS INTEGER)))
 ORDER BY claims.stated_on DESC, claims.id DESC LIMIT 50""",
    "one": """SELECT claims.*, experts.slug AS expert, sources.title AS source_title,
 (SELECT group_concat(topics.slug) FROM claim_topics JOIN topics ON topics.id = topic_id
  WHERE claim_id = claims.id) AS topics
 FROM claims JOIN experts ON experts.id = claims.expert_id
 JOIN sources ON sources.id = claims.source_id WHERE claims.id = CAST(:id AS INTEGER)""",
    # The service's ranking (`app.services.claims.RANKED_MATCHES`): bm25 over the newest 2,000
    # matches, the page of them, then its rows and their snippets.
    "search": """WITH candidates AS (SELECT claims_fts.rowid AS id, bm25(claims_fts) AS score
 FROM claims_fts JOIN claims ON claims.id = claims_fts.rowid
 WHERE claims_fts MATCH :q AND claims.review != 'retracted' AND claims.review != 'draft'
 ORDER BY claims_fts.rowid DESC LIMIT 2000),
hits AS (SELECT id, score FROM candidates ORDER BY score, id LIMIT 50)
SELECT claims.id, experts.slug AS expert, claims.kind, claims.statement, claims.quote,
 claims.stated_on, snippet(claims_fts, 1, '<mark>', '</mark>', '…', 24) AS snippet
FROM hits JOIN claims_fts ON claims_fts.rowid = hits.id JOIN claims ON claims.id = hits.id
 JOIN experts ON experts.id = claims.expert_id
WHERE claims_fts MATCH :q ORDER BY hits.score, hits.id""",
}


@dataclass
class Target:
    name: str
    base: str
    pid: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def started(
    name: str, command: list[str], env: dict[str, str], probe: str, core: int
) -> Iterator[Target]:
    port = free_port()
    full = ["taskset", "-c", str(core), *[c.format(port=port) for c in command]]
    process = subprocess.Popen(full, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + probe, process)
        yield Target(name, base, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def uvicorn(app: str, *, workers: int = 1) -> list[str]:
    command = [sys.executable, "-m", "uvicorn", "--factory", app, "--port", "{port}"]
    return [*command, "--workers", str(workers), "--no-access-log", "--log-level", "warning"]


def service(url: str, core: int, *, workers: int = 1, name: str = "ledger") -> Any:
    env = {
        "FORECASTS_DATABASE_URL": url,
        "FORECASTS_RATE_LIMITS": "false",
        "FORECASTS_SECRET_KEY": "bench-secret-key-of-enough-length-0123456789",
    }
    return started(name, uvicorn("app.main:create_app", workers=workers), env, "/livez", core)


def floor(database: Path, core: int) -> Any:
    env = {"FLOOR_DATABASE": str(database)}
    command = [*uvicorn("floor:create_app"), "--app-dir", str(HERE)]
    return started("floor", command, env, "/livez", core)


def datasette(database: Path, core: int) -> Any:
    binary = ensure_datasette()
    metadata = database.with_suffix(".datasette.json")
    metadata.write_text(
        json.dumps(
            {"databases": {database.stem: {"queries": {k: {"sql": v} for k, v in CANNED.items()}}}}
        )
    )
    command = [str(binary), "serve", "-i", str(database), "--port", "{port}", "-m", str(metadata)]
    command += ["--setting", "suggest_facets", "off", "--setting", "sql_time_limit_ms", "20000"]
    command += ["--setting", "max_returned_rows", "1000"]
    return started("datasette", command, {}, "/-/versions.json", core)


def ensure_datasette() -> Path:
    binary = DATASETTE_VENV / "bin" / "datasette"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        pip = [str(DATASETTE_VENV / "bin" / "pip"), "install", "-q", DATASETTE]
        subprocess.run(pip, check=True)
    return binary


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb(pid: int) -> float:
    """The high-water mark of the process's resident memory (VmHWM), in MB. On SQLite it counts
    the database file's pages once per connection that maps them (`mmap_size`): page cache the
    kernel shares and can drop, not the worker's own memory."""
    return _status_mb(pid, "VmHWM")


def private_mb(pid: int) -> float:
    """The process's own resident memory now (RssAnon: heap, stacks, SQLite's page caches), in
    MB; the harness samples it after every load and keeps the highest."""
    return _status_mb(pid, "RssAnon")


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes, from /proc (clock ticks)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks

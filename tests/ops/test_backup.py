"""`forecasts db backup` / `restore`: a round trip while writers keep writing, on both engines."""

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import text

from app.db import make_engine
from tests.e2e.conftest import Server, forecasts
from tests.ops.conftest import write_key

WRITERS = 4


@dataclass
class Writes:
    """Experts created by the writers: when each request was sent and when it was answered 2xx."""

    acknowledged: list[tuple[float, float, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, server: Server, headers: dict[str, str], writer: int) -> None:
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as api:
            for n in range(100_000):
                if self.stop.is_set():
                    return
                slug, sent = f"writer-{writer}-{n}", time.monotonic()
                body = {"slug": slug, "name": f"Writer {writer} {n}", "kind": "person"}
                if api.post("/v1/experts", json=body).status_code == 201:
                    self.acknowledged.append((sent, time.monotonic(), slug))


def _slugs(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return set(connection.execute(text("SELECT slug FROM experts")).scalars())
    finally:
        engine.dispose()


def test_a_backup_under_concurrent_writes_restores_every_write_acknowledged_before_it(
    fresh_server: Server, tmp_path: Path
) -> None:
    writes, headers = Writes(), write_key(fresh_server)
    threads = [
        threading.Thread(target=writes.run, args=(fresh_server, headers, n)) for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)
        started = time.monotonic()
        made = forecasts(fresh_server.database_url, "db", "backup", str(tmp_path / "backup"))
        finished = time.monotonic()
        time.sleep(0.5)
    finally:
        writes.stop.set()
        for thread in threads:
            thread.join()
    assert made.returncode == 0, made.stderr
    assert not (tmp_path / "backup.partial").exists()

    restored = forecasts(fresh_server.database_url, "db", "restore", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    slugs = _slugs(fresh_server.database_url)
    before = {slug for _, answered, slug in writes.acknowledged if answered < started}
    after = {slug for sent, _, slug in writes.acknowledged if sent > finished}
    assert before, "no write was acknowledged before the backup"
    assert after, "no write was acknowledged after the backup"
    assert before <= slugs  # every write acknowledged before the backup began is in it
    assert not after & slugs  # and the restore put the database back as it was then
    # The server goes on serving the restored database.
    assert httpx.get(f"{fresh_server.base_url}/v1/experts/{min(before)}").status_code == 200


def test_restore_refuses_a_file_that_is_not_a_backup(fresh_server: Server, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database\n")
    before = _slugs(fresh_server.database_url)
    refused = forecasts(fresh_server.database_url, "db", "restore", str(bogus))
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    assert _slugs(fresh_server.database_url) == before

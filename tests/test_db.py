"""The PRAGMAs each SQLite connection gets: the whole file mapped as far as SQLite maps, and on
the serving app's readers a small page cache and temporary B-trees in a file, so a worker's
private memory stays bounded however large the file (README, "At a million claims")."""

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, text

from app.db import CACHE_KIB, MMAP_BYTES, READER_CACHE_KIB, make_engine
from app.main import create_app
from tests.conftest import settings_for


def _pragma(engine: Engine, name: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"PRAGMA {name}")).scalar_one())


def _most_sqlite_maps(path: Path) -> int:
    """MMAP_BYTES, or less where this SQLite was built to map less (SQLITE_MAX_MMAP_SIZE)."""
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        mapped = int(connection.execute("PRAGMA mmap_size").fetchone()[0])
    connection.close()
    return mapped


def test_readers_keep_a_small_cache_and_writers_a_large_one_in_memory(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pragmas.db'}"
    expected = {"reader": READER_CACHE_KIB, "writer": CACHE_KIB, "command": CACHE_KIB}
    engines = {
        "reader": make_engine(url, reader=True),
        "writer": make_engine(url, writer=True),
        "command": make_engine(url),
    }
    temp_store = {"reader": 1, "writer": 2, "command": 2}  # FILE, MEMORY
    for role, engine in engines.items():
        assert _pragma(engine, "cache_size") == -expected[role], role
        assert _pragma(engine, "temp_store") == temp_store[role], role
        assert _pragma(engine, "mmap_size") == _most_sqlite_maps(tmp_path / "pragmas.db"), role
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        engine.dispose()


def test_the_app_reads_through_the_small_cache(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    app = create_app(settings_for(url))
    reads = app.state.engine
    writes = app.state.write_sessions.kw["bind"]
    assert _pragma(reads, "cache_size") == -READER_CACHE_KIB
    assert _pragma(writes, "cache_size") == -CACHE_KIB
    reads.dispose()
    writes.dispose()


def test_an_in_memory_database_keeps_its_pages() -> None:
    # Its pages live only in the cache: a reader's small one is not applied there.
    engine = make_engine("sqlite://", reader=True)
    assert _pragma(engine, "cache_size") == -CACHE_KIB
    engine.dispose()

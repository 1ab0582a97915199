"""Engine and session factory for SQLite (default) and PostgreSQL.

SQLite gets its PRAGMAs on every new connection and real `BEGIN` statements, so SAVEPOINTs and
the per-request transaction behave as they do on PostgreSQL.

Two budgets bound what one request can hold up: how long a statement waits for a lock another
transaction holds (`busy_timeout` / `lock_timeout`), and how long one statement may run
(`app.statement_limit` / `statement_timeout`). Past either, the statement fails and the request
answers 503 with `Retry-After`.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from app import statement_limit

# Each budget's default, in milliseconds (settings `lock_timeout_ms`, `statement_timeout_ms`).
LOCK_TIMEOUT_MS = 5000
STATEMENT_TIMEOUT_MS = 30000

# Pages inside the map are read straight from the kernel's page cache, which every connection
# and worker shares; pages past it are copied into each connection's own page cache, on the
# worker's heap. 0x7fff0000 bytes (2 GB) is the most SQLite's default build maps
# (SQLITE_MAX_MMAP_SIZE; asking more gives this): `bench/realistic.py`'s data up to about 800k
# claims. At 1M claims (a 2.4 GB file) the 256 MB map of before left 90% of the file to the
# caches of the 15 pooled readers, and a worker under the harness's load held 453 MB of private
# memory (RssAnon); with this map and the readers' settings below, 184 MB (`bench/harness.py
# --claims 1000000 --quick`, 7 December 2026; 150 MB is the target, see the README).
MMAP_BYTES = 0x7FFF0000
# Page cache per connection, in KiB. The serving app's readers keep SQLite's default 2 MB: with
# the file mapped they cache only pages past the map and pages still in the WAL, and a miss is a
# read from the kernel's cache of the file, microseconds. Writers and commands keep 32 MB: a
# page must be in the cache to be changed, and an import changes many.
CACHE_KIB = 32000
READER_CACHE_KIB = 2000

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
    f"PRAGMA mmap_size={MMAP_BYTES}",
)
# Temporary B-trees (GROUP BY, DISTINCT) of the readers go to a temporary file past their own
# 2 MB cache, in the kernel's page cache, rather than all onto the heap: at 1M claims 16 cold
# facet requests at once took a fresh worker from 87 MB of private memory to 200-218 MB with
# `temp_store=MEMORY` and to 123-124 MB with a file, and one cold facet request cost as much
# CPU either way (kind + topic 754-778 ms with a file against 832-854 in memory; cpu.py at
# 100k the same within noise). Writers and commands keep theirs in memory.
READER_PRAGMAS = (f"PRAGMA cache_size=-{READER_CACHE_KIB}", "PRAGMA temp_store=FILE")
OTHER_PRAGMAS = (f"PRAGMA cache_size=-{CACHE_KIB}", "PRAGMA temp_store=MEMORY")


def _json(value: Any) -> str:
    # Unescaped UTF-8, so names in Cyrillic stay searchable in the full-text index.
    return json.dumps(value, ensure_ascii=False)


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for PostgreSQL, in-memory SQLite or a malformed URL."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(
    url: str,
    *,
    echo: bool = False,
    writer: bool = False,
    reader: bool = False,
    lock_timeout_ms: int | None = None,
    statement_timeout_ms: int | None = None,
) -> Engine:
    """Create an engine with the per-dialect settings this service relies on.

    On SQLite a `writer` engine opens its transactions with BEGIN IMMEDIATE: a writer takes the
    write lock before it reads, so two writers queue (busy_timeout) instead of one failing when
    it upgrades a stale read snapshot. A `reader` engine, the serving app's reads beside such a
    writer, keeps a small page cache per connection and its temporary B-trees in a file
    (`READER_PRAGMAS`). PostgreSQL needs
    neither distinction.

    The budgets are the serving app's (`create_app` passes the settings; 0 means none). Without
    them, as for commands and migrations, SQLite waits `LOCK_TIMEOUT_MS` for a lock and
    PostgreSQL keeps its server's defaults, so a long migration is never cut off.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        budgets = {"lock_timeout": lock_timeout_ms, "statement_timeout": statement_timeout_ms}
        options = " ".join(f"-c {name}={ms}" for name, ms in budgets.items() if ms is not None)
        return create_engine(
            url,
            echo=echo,
            pool_pre_ping=True,
            json_serializer=_json,
            connect_args={"options": options} if options else {},
        )
    busy = LOCK_TIMEOUT_MS if lock_timeout_ms is None else lock_timeout_ms
    # One writers' connection per process: SQLite lets one writer in at a time anyway, and
    # writers queued on the pool go in the order they came, where polling busy_timeout lets
    # one waiter lose to newcomers until its budget is gone.
    queue = {"pool_size": 1, "max_overflow": 0, "pool_timeout": _seconds(busy)}
    in_memory = parsed.database in (None, "", ":memory:")  # one connection already, no queue
    engine = create_engine(
        url,
        echo=echo,
        json_serializer=_json,
        connect_args={"check_same_thread": False},
        **(queue if writer and not in_memory else {}),
    )
    own = READER_PRAGMAS if reader and not (writer or in_memory) else OTHER_PRAGMAS
    event.listen(engine, "connect", _sqlite_on_connect(wal=not in_memory, busy=busy, own=own))
    event.listen(engine, "begin", _sqlite_begin_immediate if writer else _sqlite_begin)
    if statement_timeout_ms:
        statement_limit.install(engine, statement_timeout_ms / 1000)
    return engine


def _seconds(budget_ms: int) -> float:
    return budget_ms / 1000 if budget_ms else 86400.0  # 0: no limit (a day)


def _sqlite_on_connect(*, wal: bool, busy: int, own: tuple[str, ...]) -> Any:
    waited = _seconds(busy)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(waited * 1000)}")
        for pragma in (*SQLITE_PRAGMAS, *own):
            cursor.execute(pragma)
        cursor.close()

    return on_connect


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _sqlite_begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit when the block succeeds, roll back when it raises."""
    with factory() as session, session.begin():
        yield session

"""A time limit on each SQLite statement, as PostgreSQL's `statement_timeout` is on the server.

SQLite calls a progress handler every `STEPS` virtual-machine instructions and interrupts the
statement when it answers non-zero (the caller sees `OperationalError: interrupted`). The clock
counts only time the statement spends running: a gap between two calls longer than `GAP` was
spent outside SQLite (a streamed export waiting for its client to take the next rows) and counts
as `GAP`, so a slow reader is never cut off, a runaway query always is.
"""

import time
from typing import Any

from sqlalchemy import Engine, event

STEPS = 10_000
GAP = 0.05
_CLOCK = "statement_clock"


class StatementClock:
    """The progress handler of one connection; restarted by each statement."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.running = 0.0
        self.last = time.monotonic()

    def start(self) -> None:
        self.running, self.last = 0.0, time.monotonic()

    def __call__(self) -> int:
        now = time.monotonic()
        self.running += min(now - self.last, GAP)
        self.last = now
        return int(self.running > self.limit)


def install(engine: Engine, seconds: float) -> None:
    """Limit each statement the engine's SQLite connections run to `seconds` of running time."""

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        clock = record.info[_CLOCK] = StatementClock(seconds)
        dbapi_connection.set_progress_handler(clock, STEPS)

    def on_execute(connection: Any, *_: Any) -> None:
        clock = connection.connection.info.get(_CLOCK)
        if clock is not None:
            clock.start()

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "before_cursor_execute", on_execute)


def restore(dbapi_connection: Any, info: dict[Any, Any]) -> None:
    """Put the statement limit back after code that set a progress handler of its own."""
    clock = info.get(_CLOCK)
    dbapi_connection.set_progress_handler(clock, STEPS if clock else 0)

"""Caches that stay correct across workers: each entry is kept with the generation of the
tables it was read from, a counter the database itself bumps on every write (migration 0008).

A request reads the current generation (one indexed row) in its own transaction; an entry of an
older generation is a miss. So a write through any worker, the CLI or a bulk load is seen by
every worker at its next request, and no entry is ever served after the data it shows changed.
"""

import threading
from collections.abc import Hashable
from typing import Any

from cachetools import LRUCache
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.models import ChangeCounter

_GENERATION = select(ChangeCounter.generation).where(ChangeCounter.name == bindparam("name"))


def current(session: Session, name: str) -> int | None:
    """The generation of the tables named `name` (`claims`); None on a database without it."""
    found: int | None = session.execute(_GENERATION, {"name": name}).scalar()
    return found


class Cache:
    """At most `size` values, each valid for the generation it was computed at."""

    def __init__(self, size: int = 256) -> None:
        self._entries: LRUCache[Hashable, tuple[int, Any]] = LRUCache(maxsize=size)
        self._lock = threading.Lock()  # handlers run in a thread pool

    def get(self, key: Hashable, generation: int) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
        return entry[1] if entry is not None and entry[0] == generation else None

    def put(self, key: Hashable, generation: int, value: Any) -> None:
        with self._lock:
            self._entries[key] = (generation, value)

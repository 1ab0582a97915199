"""The key that signs pagination cursors.

A configured `FORECASTS_SECRET_KEY` wins. Without one, a SQLite service makes a random key the
first time it starts and keeps it in a file beside the database (`forecasts.db.secret`, mode
0600), so cursors outlive a restart and every worker on that file signs alike; an in-memory
database gets a key for the life of the process. PostgreSQL serves from several machines, which
cannot share a file: there a key must be configured, and the service refuses to start without.
"""

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import sqlite_file

SUFFIX = ".secret"
# Shorter keys are refused: a signature is only as hard to forge as its key is to guess.
MIN_LENGTH = 16


class SecretKeyError(RuntimeError):
    """The service cannot sign cursors with what it was given; the message says what to set."""


def secret_file(database_url: str) -> Path | None:
    """Where the generated key of a SQLite file lives; None for other databases."""
    database = sqlite_file(database_url)
    return None if database is None else database.with_name(database.name + SUFFIX)


MISSING = (
    "FORECASTS_SECRET_KEY is not set: on PostgreSQL every process must sign cursors with the"
    " same key. Set it to a long random value, e.g. the output of"
    ' `python -c "import secrets; print(secrets.token_urlsafe(32))"`.'
)


def check(configured: str | None, database_url: str) -> None:
    """Refuse what `resolve` would refuse for want of a key, before anything is written."""
    if configured is not None and len(configured) < MIN_LENGTH:
        raise SecretKeyError(f"FORECASTS_SECRET_KEY must be at least {MIN_LENGTH} characters.")
    if configured is None and make_url(database_url).get_backend_name() != "sqlite":
        raise SecretKeyError(MISSING)


def resolve(configured: str | None, database_url: str) -> str:
    """The signing key: the configured one, or the SQLite file's own (made on first use)."""
    check(configured, database_url)
    if configured is not None:
        return configured
    path = secret_file(database_url)
    # In memory nothing outlives the process, cursors included.
    return secrets.token_urlsafe(32) if path is None else _kept(path)


def _kept(path: Path) -> str:
    """The key in `path`, written there first if there is none."""
    try:
        if not path.exists():
            _write_once(path)
        key = path.read_text().strip()
    except OSError as exc:
        raise SecretKeyError(
            f"Cannot keep the cursor key in {path} ({exc.strerror}): make the folder writable"
            " or set FORECASTS_SECRET_KEY."
        ) from exc
    if len(key) < MIN_LENGTH:
        raise SecretKeyError(f"{path} holds no usable key: delete it to have a new one made.")
    return key


def _write_once(path: Path) -> None:
    """Write a new key to `path` unless one appears there first: a worker starting at the same
    moment reads the winner's key, never a half-written file."""
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(secrets.token_urlsafe(32) + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        draft.unlink()

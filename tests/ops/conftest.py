"""Real `forecasts serve` processes the operations tests can signal, kill and restart."""

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.conftest import (
    FORECASTS,
    Server,
    cli_env,
    free_port,
    fresh_server,
    key_headers,
    stop,
    wait_until_live,
)

__all__ = ["Launched", "fresh_server", "launch", "launched", "write_key"]


@dataclass
class Launched:
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path


def launch(
    database_url: str,
    directory: Path,
    *args: str,
    port: int = 0,
    wait: bool = True,
    settings: dict[str, str] | None = None,
) -> Launched:
    """Start `forecasts serve` (cwd empty, so no .env is read); with `wait`, until /livez is 200."""
    port = port or free_port()
    log = directory / f"server-{port}.log"
    argv = [str(FORECASTS), "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    with log.open("ab") as output:
        process = subprocess.Popen(
            argv,
            cwd=directory,
            env=cli_env(database_url, **(settings or {})),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Launched(process, f"http://127.0.0.1:{port}", log)
    if wait:
        wait_until_live(process, server.base_url, log)
    return server


@contextmanager
def launched(
    database_url: str, directory: Path, *args: str, settings: dict[str, str] | None = None
) -> Iterator[Launched]:
    server = launch(database_url, directory, *args, settings=settings)
    try:
        yield server
    finally:
        stop(server.process)


def write_key(server: Server, *scopes: str, name: str = "ops") -> dict[str, str]:
    """Bearer headers of a key (by default with the `write` scope) made with the real CLI."""
    return key_headers(server, *(scopes or ("write",)), name=name)

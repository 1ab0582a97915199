"""A real `forecasts serve` process on a free port, and a headless Chromium page to drive it."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import TEST_SECRET, postgres_database, postgres_server

FORECASTS = Path(sys.executable).parent / "forecasts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_SECONDS = 90  # a loaded 2-core machine can take half a minute
SHUTDOWN_SECONDS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_live(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    """Poll /livez until it answers 200; fail with the server's output if it never does."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`forecasts serve` exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/livez", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(0.1)
    pytest.fail(f"/livez did not answer 200 within {STARTUP_SECONDS} s:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=SHUTDOWN_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cli_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment for the CLI: this database only, none of the developer's FORECASTS_*."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("FORECASTS_")}
    env["FORECASTS_DATABASE_URL"] = database_url
    env["FORECASTS_RATE_LIMITS"] = "false"  # unless a test turns them on
    if not database_url.startswith("sqlite"):
        env["FORECASTS_SECRET_KEY"] = TEST_SECRET  # SQLite makes its own; PostgreSQL needs one
    env.update({f"FORECASTS_{name.upper()}": value for name, value in settings.items()})
    return env


def forecasts(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `forecasts` command against `database_url`."""
    return subprocess.run(
        [str(FORECASTS), *args],
        env=cli_env(database_url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def key_headers(server: "Server", *scopes: str, name: str) -> dict[str, str]:
    """Bearer headers of a key made with the real CLI against the server's database."""
    made = forecasts(
        server.database_url,
        "keys",
        "create",
        "--name",
        name,
        *[arg for scope in scopes for arg in ("--scope", scope)],
    )
    assert made.returncode == 0, made.stderr
    return {"Authorization": f"Bearer {made.stdout.strip()}"}


@contextmanager
def serving(database_url: str, directory: Path, **settings: str) -> Iterator[str]:
    """`forecasts serve` on a free port (cwd empty, so no .env is read); yields its base URL."""
    port = free_port()
    log = directory / "server.log"
    argv = [str(FORECASTS), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            argv,
            cwd=directory,
            env=cli_env(database_url, **settings),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_live(process, base_url, log)
        yield base_url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the installed CLI serving a fresh, migrated SQLite database."""
    directory = tmp_path_factory.mktemp("e2e")
    with serving(f"sqlite:///{directory / 'e2e.db'}", directory) as base_url:
        yield base_url


@dataclass(frozen=True)
class Server:
    base_url: str
    database_url: str


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    """`forecasts serve` on a new database of each engine, with the sample loaded."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
        with serving(url, tmp_path) as base_url:
            yield Server(base_url, url)
        return
    for url in postgres_database(postgres_server()):
        with serving(url, tmp_path) as base_url:
            yield Server(base_url, url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed ({CHROMIUM})")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context, so no cache or storage leaks between tests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()

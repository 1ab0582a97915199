"""The cursor-signing key: configured, or made once and kept beside the SQLite file; PostgreSQL
without one does not start."""

import os
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import migrate, signing
from app.config import Settings
from app.db import make_engine, make_sessionmaker, transaction
from app.main import create_app
from app.services import sample
from tests.e2e.conftest import FORECASTS, cli_env

POSTGRES = "postgresql+psycopg://nobody@127.0.0.1:1/unused"  # never connected to


def migrated(tmp_path: Path) -> str:
    """A SQLite file at head holding the sample."""
    url = f"sqlite:///{tmp_path / 'forecasts.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with transaction(make_sessionmaker(engine)) as session:
        sample.load(session)
    engine.dispose()
    return url


def test_a_sqlite_service_without_a_key_keeps_one_beside_its_file(tmp_path: Path) -> None:
    url = migrated(tmp_path)
    key = signing.resolve(None, url)
    kept = tmp_path / "forecasts.db.secret"
    assert kept.read_text().strip() == key
    assert len(key) >= 32
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert signing.resolve(None, url) == key  # the same on every later start
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no drafts left


def test_a_cursor_from_before_a_restart_still_pages(tmp_path: Path) -> None:
    url = migrated(tmp_path)
    settings = Settings(database_url=url, rate_limits=False)
    with TestClient(create_app(settings)) as before:
        first = before.get("/v1/experts", params={"limit": 1})
    assert first.status_code == 200
    cursor_url = first.json()["next"]
    with TestClient(create_app(settings)) as after:
        assert after.get(cursor_url).status_code == 200


def test_workers_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'forecasts.db'}"
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: signing.resolve(None, url), range(8)))
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["forecasts.db.secret"]  # no drafts left


def test_a_configured_key_is_used_and_nothing_is_written(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'forecasts.db'}"
    assert signing.resolve("a-configured-key-0123456789", url) == "a-configured-key-0123456789"
    assert list(tmp_path.iterdir()) == []


def test_an_in_memory_database_gets_a_key_for_the_process() -> None:
    assert len(signing.resolve(None, "sqlite://")) >= 32


@pytest.mark.parametrize(
    ("configured", "url", "said"),
    [
        (None, POSTGRES, "FORECASTS_SECRET_KEY is not set"),
        ("short", "sqlite://", "at least 16 characters"),
    ],
)
def test_without_a_usable_key_the_app_is_not_built(
    configured: str | None, url: str, said: str
) -> None:
    with pytest.raises(signing.SecretKeyError, match=said):
        create_app(Settings(database_url=url, secret_key=configured))


def test_a_kept_file_with_no_key_in_it_is_refused(tmp_path: Path) -> None:
    (tmp_path / "forecasts.db.secret").write_text("\n")
    with pytest.raises(signing.SecretKeyError, match="delete it"):
        signing.resolve(None, f"sqlite:///{tmp_path / 'forecasts.db'}")


def test_a_folder_it_cannot_write_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(signing.SecretKeyError, match="set FORECASTS_SECRET_KEY"):
        signing.resolve(None, f"sqlite:///{tmp_path / 'no-such-folder' / 'forecasts.db'}")


def test_serve_on_postgresql_without_a_key_refuses_in_words(tmp_path: Path) -> None:
    if not FORECASTS.exists():
        pytest.skip(f"the console script is not installed at {FORECASTS}")
    env = cli_env(POSTGRES)
    del env["FORECASTS_SECRET_KEY"]
    done = subprocess.run(
        [str(FORECASTS), "serve", "--port", "1"],
        env={**env, "COLUMNS": "200"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "FORECASTS_SECRET_KEY is not set" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert os.listdir(tmp_path) == []

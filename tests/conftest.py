"""Fixtures: a migrated database per engine (SQLite always, PostgreSQL when configured),
loaded with the sample data once, and a session per test rolled back afterwards."""

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import migrate
from app.config import Settings
from app.db import make_engine, make_sessionmaker, transaction
from app.deps import get_session
from app.main import create_app
from app.services import generations, sample

POSTGRES_ENV = "FORECASTS_TEST_POSTGRES_URL"
REDIS_ENV = "FORECASTS_TEST_REDIS_URL"
# PostgreSQL refuses to serve without a configured key (app/signing.py): test apps bring one.
TEST_SECRET = "forecast-ledger-test-secret-key"


def settings_for(database_url: str, **overrides: Any) -> Settings:
    """Settings for an app under test: this database, a signing key, and `overrides`."""
    return Settings.model_validate(
        {"database_url": database_url, "secret_key": TEST_SECRET, **overrides}
    )


def postgres_database(server_url: str) -> Iterator[str]:
    """A fresh database on the server for this test run, dropped afterwards."""
    name = f"forecasts_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgres_server() -> str:
    """The server URL for the PostgreSQL half; skipped without one, except on CI."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        reason = f"{POSTGRES_ENV} is not set: the PostgreSQL half of the suite needs a server"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI must prove both engines, never skip one
        pytest.skip(reason)
    return server


def redis_server() -> str:
    """The Redis URL for tests of counters shared by workers; skipped without one, except on CI."""
    url = os.environ.get(REDIS_ENV)
    if not url:
        reason = f"{REDIS_ENV} is not set: shared counters need a Redis server"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'forecasts.db'}"


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    yield from postgres_database(postgres_server())


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """A database migrated to head with the sample data committed in it."""
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with transaction(make_sessionmaker(engine)) as session:
        sample.load(session)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        autoflush=False,
    )
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture(scope="session")
def app(database_url: str) -> FastAPI:
    # Rate limits are tested on their own apps: here every test shares one client address.
    return create_app(settings_for(database_url, rate_limits=False))


@pytest.fixture
def client(app: FastAPI, session: Session) -> Iterator[TestClient]:
    """An HTTP client whose requests run in the test's rolled-back transaction."""

    def test_session() -> Iterator[Session]:
        if session.in_transaction():
            session.commit()  # releases the test's SAVEPOINT; the outer transaction remains
        with session.begin():
            yield session

    app.dependency_overrides[get_session] = test_session
    # Each test's writes are rolled back, and with them the generations a cache is keyed on:
    # a generation can come back holding other data, which never happens to committed writes.
    app.state.facet_cache = generations.Cache()
    app.state.scorecard_cache = generations.Cache()
    try:
        yield TestClient(app, base_url="http://testserver")
    finally:
        app.dependency_overrides.clear()


@dataclass
class StatementLog:
    """SQL statements run while it is recording."""

    statements: list[str] = field(default_factory=list)
    parameters: list[Any] = field(default_factory=list)
    recording: bool = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.recording:
            self.statements.append(statement)
            self.parameters.append(parameters)

    def clear(self) -> None:
        self.statements.clear()
        self.parameters.clear()

    @property
    def queries(self) -> list[str]:
        """The statements that read or write data (transaction control left out)."""
        return [s for s, _ in self.data_statements]

    @property
    def data_statements(self) -> list[tuple[str, Any]]:
        verbs = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")
        pairs = zip(self.statements, self.parameters, strict=True)
        return [(s, p) for s, p in pairs if s.lstrip().upper().startswith(verbs)]


@pytest.fixture
def sql(engine: Engine) -> Iterator[StatementLog]:
    """Record SQL statements: `sql.recording = True`, then read `sql.statements`."""
    log = StatementLog()
    event.listen(engine, "before_cursor_execute", log)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", log)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@dataclass
class Keys:
    """Bearer headers for keys made in the test's transaction."""

    session: Session

    def headers(self, *scopes: str, name: str = "tester") -> dict[str, str]:
        from app.services import keys

        _, plaintext = keys.create(self.session, name=name, scopes=list(scopes))
        return {"Authorization": f"Bearer {plaintext}"}


@pytest.fixture
def keys(session: Session) -> Keys:
    return Keys(session)


@pytest.fixture
def writer(keys: Keys) -> dict[str, str]:
    """Headers of a desk's key: `write` for experts, topics and claims, `ingest` for sources."""
    return keys.headers("write", "ingest", name="desk")

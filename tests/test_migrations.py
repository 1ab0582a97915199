"""Migrations: the models and the migrations agree, and an old database with data upgrades."""

import datetime as dt
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, column, insert, inspect, table, text
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine
from app.schemas.claims import ClaimQuery
from app.services import claims
from tests.conftest import postgres_database, postgres_server


def test_models_and_migrations_agree(engine: Engine) -> None:
    """`alembic check`: autogenerate finds nothing left to migrate."""
    config = migrate.alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('old') / 'old.db'}")
        yield engine
        engine.dispose()
        return
    for url in postgres_database(postgres_server()):
        engine = make_engine(url)
        yield engine
        engine.dispose()


# Rows as the first migration's schema takes them; written with plain Core so that this test
# keeps describing an *old* database when later migrations change the models.
OLD_ROWS = {
    "experts": {
        "id": 1,
        "slug": "a-analyst",
        "name": "A. Analyst",
        "kind": "person",
        "aliases": "[]",
        "links": "{}",
    },
    "sources": {
        "id": 1,
        "title": "An old article",
        "language": "en",
        "text": "It will rain.",
        "content_sha256": "0" * 64,
        "published_on": dt.date(2020, 1, 1),
    },
    "claims": {
        "id": 1,
        "expert_id": 1,
        "source_id": 1,
        "kind": "forecast",
        "statement": "It will rain.",
        "quote": "It will rain.",
        "span_start": 0,
        "span_end": 13,
        "quote_prefix": "",
        "quote_suffix": "",
        "stated_on": dt.date(2020, 1, 1),
        "horizon_inferred": False,
        "review": "verified",
        "extractor": "human",
    },
}


def test_an_old_database_holding_data_upgrades_to_head(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, "0001")
    with empty_engine.begin() as connection:
        for name, row in OLD_ROWS.items():
            stamp = {"retrieved_at": dt.datetime(2020, 1, 1)} if name == "sources" else {}
            values = {
                **row,
                **stamp,
                "created_at": dt.datetime(2020, 1, 1),
                "updated_at": dt.datetime(2020, 1, 1),
            }
            target = table(name, *(column(key) for key in values))
            connection.execute(insert(target).values(**values))
    migrate.upgrade(empty_engine)
    assert migrate.current(empty_engine) == migrate.head(empty_engine)
    with Session(empty_engine) as session:
        found = claims.list_(
            session, ClaimQuery(q="rain"), sort=claims.SORTS["-stated_on"], after=None
        )
        assert [row["quote"] for row in found.rows] == ["It will rain."]


def test_downgrade_to_base_and_back(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    config = migrate.alembic_config(empty_engine.url.render_as_string(hide_password=False))
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM claims")).scalar_one() == 0

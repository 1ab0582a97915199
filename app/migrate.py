"""Run Alembic from the app and the CLI, wherever the package is installed."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select

_PACKAGE = Path(__file__).resolve().parent
# An installed wheel carries the migrations inside the package; a checkout has them at the top.
_LOCATIONS = (_PACKAGE / "_migrations", _PACKAGE.parent / "migrations")
# The advisory lock every process of this service takes to change the schema or load the
# sample on PostgreSQL: any 64-bit number no other application on the database uses.
STARTUP_LOCK = 0x466F726563617374  # "Forecast"


def alembic_config(url: str) -> Config:
    location = next(path for path in _LOCATIONS if (path / "env.py").exists())
    config = Config()
    config.set_main_option("script_location", str(location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision` on the engine's own connection."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()


@contextmanager
def exclusive(engine: Engine) -> Iterator[None]:
    """Hold the service's PostgreSQL advisory lock for the block, so processes started at once
    against one database migrate and load it one after another: the first does the work, the
    others wait, then find it done. SQLite needs none (one server process per file)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(select(func.pg_advisory_lock(STARTUP_LOCK)))
        try:
            yield
        finally:
            connection.execute(select(func.pg_advisory_unlock(STARTUP_LOCK)))

"""Alembic environment: SQLite batch mode, the naming convention, full-text objects left out.

The full-text index (SQLite FTS5 tables, PostgreSQL's `search_vector` column) lives outside the
ORM metadata; it is created by migrations and kept out of autogenerate's comparison.
"""

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection

from app.config import get_settings
from app.db import make_engine
from app.models import Base
from app.models.base import UTCDateTime


def include_name(name: str | None, type_: str, _parent: Any) -> bool:
    """Leave out FTS5 tables (and their shadow tables), `search_vector` columns and indexes."""
    return not ("_fts" in (name or "") or "search_vector" in (name or ""))


def render_item(type_: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    """Render the UTC type as the DateTime it stores: migrations must not import the app."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=include_name,
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        run(conn)
    engine.dispose()


main()

"""Full-text indexes for experts, sources and topics, as claims have had since 0001.

`GET /v1/search` and the `q` filter of the expert, source and topic lists rank by them. SQLite
keeps an FTS5 table per table (rowid = id) in sync through triggers; PostgreSQL keeps a generated
`search_vector` column with a GIN index. Both see letters and digits only, with diacritics kept.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 00:20:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → (the table's columns that feed the index, {index column: SQL over a row `{r}`}).
INDEXED: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "experts": (
        ("name", "aliases", "role", "affiliation"),
        {
            "name": "{r}name",
            "aliases": "CAST({r}aliases AS TEXT)",
            "role": "coalesce({r}role, '') || ' ' || coalesce({r}affiliation, '')",
        },
    ),
    "sources": (
        ("title", "publisher"),
        {"title": "{r}title", "publisher": "coalesce({r}publisher, '')"},
    ),
    "topics": (("name", "slug"), {"name": "{r}name", "slug": "{r}slug"}),
}


def _sqlite(table: str, watched: tuple[str, ...], columns: dict[str, str]) -> list[str]:
    names = ", ".join(columns)
    values = ", ".join(sql.format(r="NEW.") for sql in columns.values())
    insert = f"INSERT INTO {table}_fts (rowid, {names}) VALUES (NEW.id, {values});"
    delete = f"DELETE FROM {table}_fts WHERE rowid = OLD.id;"
    return [
        f"""CREATE VIRTUAL TABLE {table}_fts USING fts5(
            {names}, tokenize = 'unicode61 remove_diacritics 0')""",
        f"INSERT INTO {table}_fts (rowid, {names})"
        f" SELECT id, {', '.join(sql.format(r='') for sql in columns.values())} FROM {table}",
        f"CREATE TRIGGER {table}_fts_sync_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_fts_sync_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {table}_fts_sync_update AFTER UPDATE OF {', '.join(watched)} ON {table}"
        f" BEGIN {delete} {insert} END",
    ]


def _postgres(table: str, columns: dict[str, str]) -> list[str]:
    # Only letters and digits make words, as in SQLite's unicode61 tokenizer (see 0001).
    text = " || ' ' || ".join(sql.format(r="") for sql in columns.values())
    return [
        f"""ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            to_tsvector('simple', regexp_replace({text}, '[^[:alnum:]]+', ' ', 'g'))) STORED""",
        f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)",
    ]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, (watched, columns) in INDEXED.items():
        for statement in _sqlite(table, watched, columns) if sqlite else _postgres(table, columns):
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in INDEXED:
        if sqlite:
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {table}_fts_sync_{trigger}")
            op.execute(f"DROP TABLE {table}_fts")
        else:
            op.execute(f"DROP INDEX ix_{table}_search_vector")
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")

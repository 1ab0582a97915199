"""Change counters: one row per group of tables, its generation bumped by triggers on every
insert, update or delete, whichever process or statement writes. Caches of what is read from
those tables (the claims' facet counts) are keyed on the generation, so a write made through
one worker is seen by every other at its next request.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What a claims facet reads: the claims, their topics, and what the list's filters look at.
WATCHED = {"claims": ("claims", "claim_topics", "experts", "topics", "sources", "propositions")}
BUMP = "UPDATE change_counters SET generation = generation + 1 WHERE name = '{name}'"


def upgrade() -> None:
    op.create_table(
        "change_counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("generation", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_change_counters")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, tables in WATCHED.items():
        op.execute(f"INSERT INTO change_counters (name, generation) VALUES ('{name}', 0)")
        bump = BUMP.format(name=name)
        if not sqlite:
            op.execute(
                f"CREATE FUNCTION bump_{name}_generation() RETURNS trigger LANGUAGE plpgsql"
                f" AS $$ BEGIN {bump}; RETURN NULL; END $$"
            )
        for table in tables:
            for event in ("insert", "update", "delete"):
                trigger = f"{table}_bump_{name}_on_{event}"
                if sqlite:
                    # SQLite has row triggers only: a bulk load bumps once per row, cheaply.
                    op.execute(
                        f"CREATE TRIGGER {trigger} AFTER {event.upper()} ON {table}"
                        f" BEGIN {bump}; END"
                    )
                else:
                    op.execute(
                        f"CREATE TRIGGER {trigger} AFTER {event.upper()} ON {table}"
                        f" FOR EACH STATEMENT EXECUTE FUNCTION bump_{name}_generation()"
                    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, tables in WATCHED.items():
        for table in tables:
            for event in ("insert", "update", "delete"):
                trigger = f"{table}_bump_{name}_on_{event}"
                op.execute(f"DROP TRIGGER {trigger}" + ("" if sqlite else f" ON {table}"))
        if not sqlite:
            op.execute(f"DROP FUNCTION bump_{name}_generation()")
    op.drop_table("change_counters")

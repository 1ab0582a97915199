"""Stored facet counts: how many published claims (those an unfiltered anonymous list shows:
verified or disputed, `enums.PUBLIC_REVIEWS`) fall under each kind, outcome (`open` when
unresolved), year stated and expert, kept by triggers on `claims` whoever writes, so that the
unfiltered facets are read, not counted.

The values are those the counting query groups by (`services.facets._query`): the kind, the
outcome or `open`, the year as text (SQLite `CAST(CAST(strftime('%Y', d) AS INTEGER) AS TEXT)`,
PostgreSQL `CAST(EXTRACT(year FROM d) AS VARCHAR)`), and the expert's id. A row whose count fell
to 0 stays and is not read. A resolution reaches the counts through the claim row its trigger
updates (migration 0003). On SQLite a later migration that rebuilds `claims` in batch mode drops
these triggers and must create them again, as 0003 does for its own.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

YEAR = {
    "sqlite": "CAST(CAST(strftime('%Y', {r}.stated_on) AS INTEGER) AS TEXT)",
    "postgresql": "CAST(EXTRACT(year FROM {r}.stated_on) AS VARCHAR)",
}
PUBLISHED = "{r}.review IN ('verified', 'disputed')"


def _values(row: str, dialect: str, step: str) -> str:
    """(facet, value, step) of each value facet of the claim `row` (NEW, OLD or a table)."""
    year = YEAR[dialect].format(r=row)
    return (
        f"SELECT 'kind' AS facet, {row}.kind AS value, {step} AS step"
        f" UNION ALL SELECT 'outcome', coalesce({row}.outcome, 'open'), {step}"
        f" UNION ALL SELECT 'year', {year}, {step}"
    )


UPSERT_VALUES = (
    "INSERT INTO claim_facet_counts (facet, value, claim_count) {select}"
    " ON CONFLICT (facet, value) DO UPDATE"
    " SET claim_count = claim_facet_counts.claim_count + excluded.claim_count"
)
UPSERT_EXPERTS = (
    "INSERT INTO expert_claim_counts (expert_id, claim_count) {select}"
    " ON CONFLICT (expert_id) DO UPDATE"
    " SET claim_count = expert_claim_counts.claim_count + excluded.claim_count"
)
WATCHED = ("review", "kind", "outcome", "stated_on", "expert_id")


def _sqlite_steps(row: str, step: str) -> list[str]:
    """The two upserts that move the claim `row` (NEW or OLD) by `step`, if it is published."""
    published = PUBLISHED.format(r=row)
    # A WHERE after the SELECT keeps SQLite from reading ON CONFLICT as a join's constraint.
    values = f"SELECT facet, value, step FROM ({_values(row, 'sqlite', step)}) WHERE {published}"
    experts = f"SELECT {row}.expert_id, {step} WHERE {published}"
    return [UPSERT_VALUES.format(select=values), UPSERT_EXPERTS.format(select=experts)]


def _sqlite_triggers() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    bodies = {
        "insert": ("AFTER INSERT ON claims", _sqlite_steps("NEW", "1")),
        "delete": ("AFTER DELETE ON claims", _sqlite_steps("OLD", "-1")),
        "update": (
            f"AFTER UPDATE OF {', '.join(WATCHED)} ON claims WHEN {changed}",
            _sqlite_steps("OLD", "-1") + _sqlite_steps("NEW", "1"),
        ),
    }
    return [
        f"CREATE TRIGGER claims_count_facets_on_{event} {when} BEGIN " + "; ".join(steps) + "; END"
        for event, (when, steps) in bodies.items()
    ]


def _postgres_function(event: str) -> str:
    """One statement's changes, summed per value from its transition tables."""
    parts = []
    if event in ("insert", "update"):
        parts.append("SELECT *, 1 AS step FROM new_rows")
    if event in ("delete", "update"):
        parts.append("SELECT *, -1 AS step FROM old_rows")
    published = PUBLISHED.format(r="c")
    rows = f"WITH r AS (SELECT * FROM ({' UNION ALL '.join(parts)}) AS c WHERE {published})"
    year = YEAR["postgresql"].format(r="r")
    values = (
        f"{rows} SELECT facet, value, sum(step) FROM ("
        "SELECT 'kind' AS facet, CAST(r.kind AS VARCHAR) AS value, step FROM r"
        " UNION ALL SELECT 'outcome', coalesce(CAST(r.outcome AS VARCHAR), 'open'), step FROM r"
        f" UNION ALL SELECT 'year', {year}, step FROM r"
        ") AS v GROUP BY facet, value HAVING sum(step) <> 0"
    )
    experts = f"{rows} SELECT expert_id, sum(step) FROM r GROUP BY expert_id HAVING sum(step) <> 0"
    return (
        f"CREATE FUNCTION claims_count_facets_on_{event}() RETURNS trigger LANGUAGE plpgsql"
        f" AS $$ BEGIN {UPSERT_VALUES.format(select=values)};"
        f" {UPSERT_EXPERTS.format(select=experts)}; RETURN NULL; END $$"
    )


POSTGRES_TABLES = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def _backfill(dialect: str) -> list[str]:
    year = YEAR[dialect].format(r="claims")
    published = PUBLISHED.format(r="claims")
    values = " UNION ALL ".join(
        f"SELECT '{facet}', {value}, count(*) FROM claims WHERE {published} GROUP BY {value}"
        for facet, value in (
            ("kind", "CAST(claims.kind AS VARCHAR)"),
            ("outcome", "coalesce(CAST(claims.outcome AS VARCHAR), 'open')"),
            ("year", year),
        )
    )
    experts = f"SELECT expert_id, count(*) FROM claims WHERE {published} GROUP BY expert_id"
    return [
        f"INSERT INTO claim_facet_counts (facet, value, claim_count) {values}",
        f"INSERT INTO expert_claim_counts (expert_id, claim_count) {experts}",
    ]


def upgrade() -> None:
    op.create_table(
        "claim_facet_counts",
        sa.Column("facet", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("claim_count", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("facet", "value", name=op.f("pk_claim_facet_counts")),
    )
    op.create_table(
        "expert_claim_counts",
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("claim_count", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["experts.id"],
            name=op.f("fk_expert_claim_counts_expert_id_experts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("expert_id", name=op.f("pk_expert_claim_counts")),
    )
    dialect = op.get_bind().dialect.name
    for statement in _backfill(dialect):
        op.execute(statement)
    if dialect == "sqlite":
        for trigger in _sqlite_triggers():
            op.execute(trigger)
        return
    for event, tables in POSTGRES_TABLES.items():
        op.execute(_postgres_function(event))
        # Named to fire after 0008's claims_bump_claims_*: that row lock serialises the writers
        # before they reach these rows, so two cannot lock the same counts in opposite orders.
        op.execute(
            f"CREATE TRIGGER claims_count_facets_on_{event} AFTER {event.upper()} ON claims"
            f" {tables} FOR EACH STATEMENT EXECUTE FUNCTION claims_count_facets_on_{event}()"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for event in POSTGRES_TABLES:
        op.execute(
            f"DROP TRIGGER claims_count_facets_on_{event}" + ("" if sqlite else " ON claims")
        )
        if not sqlite:
            op.execute(f"DROP FUNCTION claims_count_facets_on_{event}()")
    op.drop_table("expert_claim_counts")
    op.drop_table("claim_facet_counts")

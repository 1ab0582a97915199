"""Propositions: claims link to one with a stance; resolutions may judge a proposition.

On SQLite, adding foreign keys and checks to `claims` and `resolutions` rebuilds both tables,
which drops their triggers; they are created again here (as 0001 made them, the outcome trigger
now also setting a proposition's outcome).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 22:32:17.193472
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_TRIGGERS = (
    """CREATE TRIGGER resolutions_set_outcome AFTER INSERT ON resolutions BEGIN
        UPDATE claims SET outcome = NEW.outcome WHERE id = NEW.claim_id;
        UPDATE propositions SET outcome = NEW.outcome WHERE id = NEW.proposition_id;
    END""",
    """CREATE TRIGGER resolutions_no_update BEFORE UPDATE ON resolutions BEGIN
        SELECT RAISE(ABORT, 'resolutions are append-only');
    END""",
    """CREATE TRIGGER resolutions_no_delete BEFORE DELETE ON resolutions BEGIN
        SELECT RAISE(ABORT, 'resolutions are append-only');
    END""",
    """CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts (rowid, statement, quote, expert)
        SELECT NEW.id, NEW.statement, NEW.quote, e.name || ' ' || e.aliases
        FROM experts AS e WHERE e.id = NEW.expert_id;
    END""",
    """CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
        DELETE FROM claims_fts WHERE rowid = OLD.id;
    END""",
    """CREATE TRIGGER experts_fts_update AFTER UPDATE OF name, aliases ON experts BEGIN
        DELETE FROM claims_fts WHERE rowid IN (SELECT id FROM claims WHERE expert_id = NEW.id);
        INSERT INTO claims_fts (rowid, statement, quote, expert)
        SELECT c.id, c.statement, c.quote, NEW.name || ' ' || NEW.aliases
        FROM claims AS c WHERE c.expert_id = NEW.id;
    END""",
    """CREATE TRIGGER claims_fts_update AFTER UPDATE OF statement, quote, expert_id ON claims BEGIN
        DELETE FROM claims_fts WHERE rowid = OLD.id;
        INSERT INTO claims_fts (rowid, statement, quote, expert)
        SELECT NEW.id, NEW.statement, NEW.quote, e.name || ' ' || e.aliases
        FROM experts AS e WHERE e.id = NEW.expert_id;
    END""",
)

SQLITE_PROPOSITION_OUTCOME = (
    "\n        UPDATE propositions SET outcome = NEW.outcome WHERE id = NEW.proposition_id;"
)
POSTGRES_OUTCOME_0001 = """CREATE OR REPLACE FUNCTION resolutions_set_outcome() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE claims SET outcome = NEW.outcome WHERE id = NEW.claim_id;
        RETURN NULL;
    END $$"""
SQLITE_TRIGGER_NAMES = [re.search(r"TRIGGER (\w+)", t).group(1) for t in SQLITE_TRIGGERS]  # type: ignore[union-attr]

POSTGRES_OUTCOME = (
    """CREATE OR REPLACE FUNCTION resolutions_set_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE claims SET outcome = NEW.outcome WHERE id = NEW.claim_id;
        UPDATE propositions SET outcome = NEW.outcome WHERE id = NEW.proposition_id;
        RETURN NULL;
    END $$""",
)


def upgrade() -> None:
    op.create_table(
        "propositions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("resolve_by", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "true",
                "false",
                "partly",
                "ambiguous",
                "annulled",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_propositions")),
        sa.UniqueConstraint("slug", name=op.f("uq_propositions_slug")),
    )
    op.create_table(
        "proposition_topics",
        sa.Column("proposition_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposition_id"],
            ["propositions.id"],
            name=op.f("fk_proposition_topics_proposition_id_propositions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_proposition_topics_topic_id_topics"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("proposition_id", "topic_id", name=op.f("pk_proposition_topics")),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Triggers that name `claims` fail SQLite's checks while the rebuilt table is renamed.
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposition_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "stance",
                sa.Enum(
                    "for",
                    "against",
                    name="stance",
                    native_enum=False,
                    create_constraint=True,
                    length=16,
                ),
                nullable=True,
            )
        )
        batch_op.create_index(
            batch_op.f("ix_claims_proposition_id"), ["proposition_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_claims_proposition_id_propositions"),
            "propositions",
            ["proposition_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_check_constraint(
            "stance_with_proposition",
            "(proposition_id IS NULL AND stance IS NULL)"
            " OR (proposition_id IS NOT NULL AND stance IS NOT NULL)",
        )

    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposition_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("via_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolver_key_id", sa.Integer(), nullable=True))
        batch_op.alter_column("claim_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(
            "ix_resolutions_proposition_id_id", ["proposition_id", "id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_resolutions_proposition_id_propositions"),
            "propositions",
            ["proposition_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_resolutions_resolver_key_id_api_keys"),
            "api_keys",
            ["resolver_key_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_resolutions_via_id_resolutions"),
            "resolutions",
            ["via_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_check_constraint(
            "claim_or_proposition", "(claim_id IS NULL) <> (proposition_id IS NULL)"
        )

    for statement in (
        SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else POSTGRES_OUTCOME
    ):
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute(POSTGRES_OUTCOME_0001)
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_constraint("claim_or_proposition", type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_resolutions_via_id_resolutions"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_resolutions_resolver_key_id_api_keys"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_resolutions_proposition_id_propositions"), type_="foreignkey"
        )
        batch_op.drop_index("ix_resolutions_proposition_id_id")
        batch_op.alter_column("claim_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("resolver_key_id")
        batch_op.drop_column("via_id")
        batch_op.drop_column("proposition_id")

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint("stance_with_proposition", type_="check")
        batch_op.drop_constraint("stance", type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_claims_proposition_id_propositions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_claims_proposition_id"))
        batch_op.drop_column("stance")
        batch_op.drop_column("proposition_id")

    op.drop_table("proposition_topics")
    op.drop_table("propositions")
    if sqlite:  # as 0001 made them
        for statement in SQLITE_TRIGGERS:
            op.execute(statement.replace(SQLITE_PROPOSITION_OUTCOME, ""))

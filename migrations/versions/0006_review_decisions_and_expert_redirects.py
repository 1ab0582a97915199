"""Review decisions: every accept, reject, edit and addition of a claim, with the draft's
original fields, as feedback for the extractor (`forecasts eval-extraction --from-reviews`); and
expert redirects: the slugs of experts merged into others, which keep answering.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column(
            "review",
            sa.Enum(
                "draft",
                "verified",
                "disputed",
                "retracted",
                name="review",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("extractor", sa.String(length=100), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=True),
        sa.Column("original", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("actor_key_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_review_decisions_claim_id_claims"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_review_decisions_source_id_sources"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["actor_key_id"],
            ["api_keys.id"],
            name=op.f("fk_review_decisions_actor_key_id_api_keys"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
    )
    op.create_index(
        "ix_review_decisions_claim_id_id", "review_decisions", ["claim_id", "id"], unique=False
    )
    op.create_index(
        "ix_review_decisions_source_id_id", "review_decisions", ["source_id", "id"], unique=False
    )
    op.create_table(
        "expert_redirects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["experts.id"],
            name=op.f("fk_expert_redirects_expert_id_experts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_redirects")),
        sa.UniqueConstraint("slug", name=op.f("uq_expert_redirects_slug")),
    )
    op.create_index(
        "ix_expert_redirects_expert_id", "expert_redirects", ["expert_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_expert_redirects_expert_id", table_name="expert_redirects")
    op.drop_table("expert_redirects")
    op.drop_index("ix_review_decisions_source_id_id", table_name="review_decisions")
    op.drop_index("ix_review_decisions_claim_id_id", table_name="review_decisions")
    op.drop_table("review_decisions")

"""Claims listed by their extraction score (`sort=extraction_score`), so reviewers can work the
doubtful drafts first: an index on (extraction_score, id), the keyset every page seeks on.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_claims_extraction_score_id", "claims", ["extraction_score", "id"])


def downgrade() -> None:
    op.drop_index("ix_claims_extraction_score_id", table_name="claims")

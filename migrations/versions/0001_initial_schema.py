"""Initial schema: experts, sources, topics, claims, claim topics, resolutions, full-text index.

SQLite keeps an FTS5 table `claims_fts` (rowid = claims.id) in sync through triggers; PostgreSQL
keeps a `search_vector` tsvector column with a GIN index, filled by a trigger. Both index the
statement, the quote and the expert's name and aliases. Triggers also keep resolutions
append-only and copy the latest resolution's outcome onto its claim. A later migration that rebuilds `claims`
or `experts` in SQLite batch mode drops these triggers and must create them again.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 21:36:19.350066
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SQLITE_FULL_TEXT = (
    """CREATE VIRTUAL TABLE claims_fts USING fts5(
        statement, quote, expert, tokenize = 'unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts (rowid, statement, quote, expert)
        SELECT NEW.id, NEW.statement, NEW.quote, e.name || ' ' || e.aliases
        FROM experts AS e WHERE e.id = NEW.expert_id;
    END""",
    """CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
        DELETE FROM claims_fts WHERE rowid = OLD.id;
    END""",
    """CREATE TRIGGER claims_fts_update AFTER UPDATE OF statement, quote, expert_id ON claims BEGIN
        DELETE FROM claims_fts WHERE rowid = OLD.id;
        INSERT INTO claims_fts (rowid, statement, quote, expert)
        SELECT NEW.id, NEW.statement, NEW.quote, e.name || ' ' || e.aliases
        FROM experts AS e WHERE e.id = NEW.expert_id;
    END""",
    """CREATE TRIGGER experts_fts_update AFTER UPDATE OF name, aliases ON experts BEGIN
        DELETE FROM claims_fts WHERE rowid IN (SELECT id FROM claims WHERE expert_id = NEW.id);
        INSERT INTO claims_fts (rowid, statement, quote, expert)
        SELECT c.id, c.statement, c.quote, NEW.name || ' ' || NEW.aliases
        FROM claims AS c WHERE c.expert_id = NEW.id;
    END""",
)

# Resolutions are append-only, and the latest one sets its claim's outcome.
SQLITE_RESOLUTIONS = (
    """CREATE TRIGGER resolutions_set_outcome AFTER INSERT ON resolutions BEGIN
        UPDATE claims SET outcome = NEW.outcome WHERE id = NEW.claim_id;
    END""",
    """CREATE TRIGGER resolutions_no_update BEFORE UPDATE ON resolutions BEGIN
        SELECT RAISE(ABORT, 'resolutions are append-only');
    END""",
    """CREATE TRIGGER resolutions_no_delete BEFORE DELETE ON resolutions BEGIN
        SELECT RAISE(ABORT, 'resolutions are append-only');
    END""",
)

POSTGRES_RESOLUTIONS = (
    """CREATE FUNCTION resolutions_set_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE claims SET outcome = NEW.outcome WHERE id = NEW.claim_id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER resolutions_set_outcome AFTER INSERT ON resolutions
        FOR EACH ROW EXECUTE FUNCTION resolutions_set_outcome()""",
    """CREATE FUNCTION resolutions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'resolutions are append-only';
    END $$""",
    """CREATE TRIGGER resolutions_append_only BEFORE UPDATE OR DELETE ON resolutions
        FOR EACH ROW EXECUTE FUNCTION resolutions_append_only()""",
)

POSTGRES_FULL_TEXT = (
    "ALTER TABLE claims ADD COLUMN search_vector tsvector",
    "CREATE INDEX ix_claims_search_vector ON claims USING gin (search_vector)",
    """CREATE FUNCTION claims_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- Only letters and digits make words, as in SQLite's unicode61 tokenizer: the default
        -- parser would keep "caliber.az" or "2022-11-20" whole, and the engines would differ.
        NEW.search_vector := to_tsvector('simple', regexp_replace(
            NEW.statement || ' ' || NEW.quote || ' ' || coalesce(
                (SELECT e.name || ' ' || e.aliases::text FROM experts AS e
                 WHERE e.id = NEW.expert_id), ''),
            '[^[:alnum:]]+', ' ', 'g'));
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER claims_search_vector
        BEFORE INSERT OR UPDATE OF statement, quote, expert_id ON claims
        FOR EACH ROW EXECUTE FUNCTION claims_search_vector()""",
    """CREATE FUNCTION experts_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE claims SET expert_id = expert_id WHERE expert_id = NEW.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER experts_search_vector AFTER UPDATE OF name, aliases ON experts
        FOR EACH ROW EXECUTE FUNCTION experts_search_vector()""",
)


def upgrade() -> None:
    _create_tables()
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in (
        SQLITE_FULL_TEXT + SQLITE_RESOLUTIONS
        if sqlite
        else POSTGRES_FULL_TEXT + POSTGRES_RESOLUTIONS
    ):
        op.execute(statement)


def _create_tables() -> None:
    op.create_table(
        "experts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "person",
                "organization",
                "group",
                name="expert_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("affiliation", sa.String(length=300), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experts")),
        sa.UniqueConstraint("slug", name=op.f("uq_experts_slug")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("content_sha256", name=op.f("uq_sources_content_sha256")),
        sa.UniqueConstraint("url", name=op.f("uq_sources_url")),
    )
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("claim_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["topics.id"],
            name=op.f("fk_topics_parent_id_topics"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("slug", name=op.f("uq_topics_slug")),
    )
    op.create_index("ix_experts_name_id", "experts", ["name", "id"], unique=False)
    op.create_index("ix_sources_published_on_id", "sources", ["published_on", "id"], unique=False)
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "forecast",
                "assessment",
                "prescription",
                name="claim_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("quote_prefix", sa.String(length=64), nullable=False),
        sa.Column("quote_suffix", sa.String(length=64), nullable=False),
        sa.Column("stated_on", sa.Date(), nullable=False),
        sa.Column("horizon_phrase", sa.String(length=200), nullable=True),
        sa.Column("horizon_earliest", sa.Date(), nullable=True),
        sa.Column("horizon_latest", sa.Date(), nullable=True),
        sa.Column("horizon_inferred", sa.Boolean(), nullable=False),
        sa.Column("hedge_phrase", sa.String(length=200), nullable=True),
        sa.Column("probability_low", sa.Float(), nullable=True),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.Column("probability_high", sa.Float(), nullable=True),
        sa.Column("confidence_band", sa.String(length=40), nullable=True),
        sa.Column("confidence_scale", sa.String(length=40), nullable=True),
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
        sa.Column("extractor", sa.String(length=100), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=True),
        sa.Column("extraction_score", sa.Float(), nullable=True),
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
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "horizon_earliest IS NULL OR horizon_latest IS NULL OR horizon_earliest <= horizon_latest",
            name=op.f("ck_claims_horizon_order"),
        ),
        sa.CheckConstraint(
            "probability_low IS NULL OR (0 <= probability_low AND probability_low <= probability AND probability <= probability_high AND probability_high <= 1)",
            name=op.f("ck_claims_probability_band"),
        ),
        sa.CheckConstraint(
            "span_start >= 0 AND span_end > span_start", name=op.f("ck_claims_span")
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["experts.id"],
            name=op.f("fk_claims_expert_id_experts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_claims_source_id_sources"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(
            "ix_claims_expert_id_stated_on_id", ["expert_id", "stated_on", "id"], unique=False
        )
        batch_op.create_index("ix_claims_horizon_latest_id", ["horizon_latest", "id"], unique=False)
        batch_op.create_index("ix_claims_probability_id", ["probability", "id"], unique=False)
        batch_op.create_index("ix_claims_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_claims_updated_at_id", ["updated_at", "id"], unique=False)
        batch_op.create_index(
            "ix_claims_source_id_stated_on_id", ["source_id", "stated_on", "id"], unique=False
        )
        batch_op.create_index("ix_claims_stated_on_id", ["stated_on", "id"], unique=False)

    op.create_table(
        "claim_topics",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_topics_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_claim_topics_topic_id_topics"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("claim_id", "topic_id", name=op.f("pk_claim_topics")),
    )
    with op.batch_alter_table("claim_topics", schema=None) as batch_op:
        batch_op.create_index(
            "ix_claim_topics_topic_id_claim_id", ["topic_id", "claim_id"], unique=False
        )

    op.create_table(
        "resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
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
            nullable=False,
        ),
        sa.Column("resolved_on", sa.Date(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.String(length=2000), nullable=True),
        sa.Column("evidence_quote", sa.Text(), nullable=True),
        sa.Column("evidence_date", sa.Date(), nullable=True),
        sa.Column("resolver", sa.String(length=200), nullable=False),
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
            name=op.f("fk_resolutions_claim_id_claims"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolutions")),
    )
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.create_index("ix_resolutions_claim_id_id", ["claim_id", "id"], unique=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE claims_fts")
    else:
        op.execute("DROP TRIGGER experts_search_vector ON experts")
        op.execute("DROP FUNCTION experts_search_vector")
        op.execute("DROP TRIGGER claims_search_vector ON claims")
        op.execute("DROP FUNCTION claims_search_vector")
        op.execute("DROP TRIGGER resolutions_append_only ON resolutions")
        op.execute("DROP FUNCTION resolutions_append_only")
        op.execute("DROP TRIGGER resolutions_set_outcome ON resolutions")
        op.execute("DROP FUNCTION resolutions_set_outcome")
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_index("ix_resolutions_claim_id_id")

    op.drop_table("resolutions")
    with op.batch_alter_table("claim_topics", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_topics_topic_id_claim_id")

    op.drop_table("claim_topics")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_stated_on_id")
        batch_op.drop_index("ix_claims_source_id_stated_on_id")
        batch_op.drop_index("ix_claims_horizon_latest_id")
        batch_op.drop_index("ix_claims_expert_id_stated_on_id")

    op.drop_table("claims")
    op.drop_table("topics")
    op.drop_table("sources")
    op.drop_table("experts")

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Tracked
from app.models.enums import ClaimKind, Outcome, Review, Stance, str_enum
from app.models.expert import Expert
from app.models.source import Source
from app.models.topic import Topic

claim_topics = Table(
    "claim_topics",
    Base.metadata,
    Column("claim_id", ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="RESTRICT"), primary_key=True),
    Index("ix_claim_topics_topic_id_claim_id", "topic_id", "claim_id"),
)


class Claim(Tracked, Base):
    """One statement an expert made in a source, located by its verbatim span."""

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint("span_start >= 0 AND span_end > span_start", name="span"),
        CheckConstraint(
            "probability_low IS NULL OR (0 <= probability_low AND probability_low <= probability"
            " AND probability <= probability_high AND probability_high <= 1)",
            name="probability_band",
        ),
        CheckConstraint(
            "(proposition_id IS NULL AND stance IS NULL)"
            " OR (proposition_id IS NOT NULL AND stance IS NOT NULL)",
            name="stance_with_proposition",
        ),
        CheckConstraint(
            "horizon_earliest IS NULL OR horizon_latest IS NULL"
            " OR horizon_earliest <= horizon_latest",
            name="horizon_order",
        ),
        # Keyset pagination walks these in ORDER BY order; the default list is newest first.
        Index("ix_claims_stated_on_id", "stated_on", "id"),
        Index("ix_claims_expert_id_stated_on_id", "expert_id", "stated_on", "id"),
        Index("ix_claims_source_id_stated_on_id", "source_id", "stated_on", "id"),
        Index("ix_claims_horizon_latest_id", "horizon_latest", "id"),
        Index("ix_claims_probability_id", "probability", "id"),
        Index("ix_claims_extraction_score_id", "extraction_score", "id"),
        Index("ix_claims_created_at_id", "created_at", "id"),
        Index("ix_claims_updated_at_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="RESTRICT"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="RESTRICT"))
    kind: Mapped[ClaimKind] = mapped_column(str_enum(ClaimKind, "claim_kind"))
    statement: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int]
    span_end: Mapped[int]
    quote_prefix: Mapped[str] = mapped_column(String(64), default="")
    quote_suffix: Mapped[str] = mapped_column(String(64), default="")
    stated_on: Mapped[dt.date]
    horizon_phrase: Mapped[str | None] = mapped_column(String(200))
    horizon_earliest: Mapped[dt.date | None]
    horizon_latest: Mapped[dt.date | None]
    horizon_inferred: Mapped[bool] = mapped_column(default=False)
    hedge_phrase: Mapped[str | None] = mapped_column(String(200))
    probability_low: Mapped[float | None] = mapped_column(Float)
    probability: Mapped[float | None] = mapped_column(Float)
    probability_high: Mapped[float | None] = mapped_column(Float)
    confidence_band: Mapped[str | None] = mapped_column(String(40))
    confidence_scale: Mapped[str | None] = mapped_column(String(40))
    review: Mapped[Review] = mapped_column(str_enum(Review, "review"), default=Review.draft)
    extractor: Mapped[str] = mapped_column(String(100), default="human")
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    extraction_score: Mapped[float | None] = mapped_column(Float)
    # The outcome of the latest resolution, written with it, so lists filter without a subquery.
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, "outcome"))
    proposition_id: Mapped[int | None] = mapped_column(
        ForeignKey("propositions.id", ondelete="RESTRICT"), index=True
    )
    stance: Mapped[Stance | None] = mapped_column(str_enum(Stance, "stance"))

    expert: Mapped[Expert] = relationship(lazy="raise")
    source: Mapped[Source] = relationship(lazy="raise")
    topics: Mapped[list[Topic]] = relationship(secondary=claim_topics, lazy="raise")

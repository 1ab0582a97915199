from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Tracked
from app.models.enums import Review, str_enum


class ReviewDecision(Tracked, Base):
    """One person's judgement of a claim, kept as feedback for the extractor.

    Every accept, reject, edit and reopen (undo) of a claim, and every claim a person adds, appends
    one row. `original` holds the claim's fields as they were before anyone changed them (for an
    extracted draft: what the extractor proposed); `fields` holds them after this decision. The
    latest row of a claim says what people made of it (`forecasts eval-extraction --from-reviews`).
    """

    __tablename__ = "review_decisions"
    __table_args__ = (
        Index("ix_review_decisions_claim_id_id", "claim_id", "id"),
        Index("ix_review_decisions_source_id_id", "source_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="RESTRICT"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="RESTRICT"))
    # accept (→ verified), dispute, reject (→ retracted), reopen (→ draft), edit, add.
    action: Mapped[str] = mapped_column(String(20))
    review: Mapped[Review] = mapped_column(str_enum(Review, "review"))
    reason: Mapped[str | None] = mapped_column(Text)
    # Who made the claim in the first place: `human`, or the extractor's name and version.
    extractor: Mapped[str] = mapped_column(String(100))
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    original: Mapped[dict[str, Any]] = mapped_column(JSON)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="RESTRICT"))
    actor: Mapped[str] = mapped_column(String(100))

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Tracked
from app.models.enums import Outcome, str_enum


class Resolution(Tracked, Base):
    """An append-only judgement of a claim or of a proposition; the latest one counts and all
    are kept. Resolving a proposition also appends a resolution to each claim linked to it
    (negated for stance `against`), pointing back with `via_id`."""

    __tablename__ = "resolutions"
    __table_args__ = (
        Index("ix_resolutions_claim_id_id", "claim_id", "id"),
        Index("ix_resolutions_proposition_id_id", "proposition_id", "id"),
        CheckConstraint(
            "(claim_id IS NULL) <> (proposition_id IS NULL)", name="claim_or_proposition"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="RESTRICT"))
    proposition_id: Mapped[int | None] = mapped_column(
        ForeignKey("propositions.id", ondelete="RESTRICT")
    )
    via_id: Mapped[int | None] = mapped_column(ForeignKey("resolutions.id", ondelete="RESTRICT"))
    resolver_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_keys.id", ondelete="RESTRICT")
    )
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, "outcome"))
    resolved_on: Mapped[dt.date]
    rationale: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    evidence_quote: Mapped[str | None] = mapped_column(Text)
    evidence_date: Mapped[dt.date | None]
    resolver: Mapped[str] = mapped_column(String(200))

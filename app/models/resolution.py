import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Tracked
from app.models.enums import Outcome, str_enum


class Resolution(Tracked, Base):
    """An append-only judgement of a claim; the latest one counts and all are kept."""

    __tablename__ = "resolutions"
    __table_args__ = (Index("ix_resolutions_claim_id_id", "claim_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="RESTRICT"))
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, "outcome"))
    resolved_on: Mapped[dt.date]
    rationale: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    evidence_quote: Mapped[str | None] = mapped_column(Text)
    evidence_date: Mapped[dt.date | None]
    resolver: Mapped[str] = mapped_column(String(200))

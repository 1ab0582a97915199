from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ClaimFacetCount(Base):
    """How many published claims (verified or disputed) have one value of a facet: `kind`,
    `outcome` (`open` when unresolved) or `year` stated, as the facets query groups them. Kept by
    triggers on `claims` (migration 0009) whoever writes; read by the unfiltered facets."""

    __tablename__ = "claim_facet_counts"

    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(40), primary_key=True)
    claim_count: Mapped[int] = mapped_column(BigInteger, server_default="0")


class ExpertClaimCount(Base):
    """How many published claims each expert made, kept like `ClaimFacetCount`."""

    __tablename__ = "expert_claim_counts"

    expert_id: Mapped[int] = mapped_column(
        ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True
    )
    claim_count: Mapped[int] = mapped_column(BigInteger, server_default="0")

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Tracked
from app.models.enums import ExpertKind, str_enum


class Expert(Tracked, Base):
    """A claimant: a person, an organisation, or an unnamed group ("most observers")."""

    __tablename__ = "experts"
    __table_args__ = (Index("ix_experts_name_id", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ExpertKind] = mapped_column(str_enum(ExpertKind, "expert_kind"))
    role: Mapped[str | None] = mapped_column(String(200))
    affiliation: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    links: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ExpertRedirect(Tracked, Base):
    """A slug that names an expert no longer: the expert was merged into `expert_id`, and the
    old slug keeps answering there (a 308 to the expert it became)."""

    __tablename__ = "expert_redirects"
    __table_args__ = (Index("ix_expert_redirects_expert_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"))

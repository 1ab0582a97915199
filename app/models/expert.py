from typing import Any

from sqlalchemy import JSON, Index, String
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

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Tracked


class Revision(Tracked, Base):
    """One write to an entity: who (the API key), when, which version it made, what changed.

    `changes` maps each changed field to `[old, new]`.
    """

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_entity_entity_id_id", "entity", "entity_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int]
    entity_version: Mapped[int]
    action: Mapped[str] = mapped_column(String(20))
    actor_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="RESTRICT"))
    actor: Mapped[str] = mapped_column(String(100))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Tracked


class IdempotentRequest(Tracked, Base):
    """A POST made with an `Idempotency-Key`, stored with its answer in the same transaction as
    its effect, so that a replay gets the same answer and makes nothing new."""

    __tablename__ = "idempotent_requests"
    __table_args__ = (UniqueConstraint("api_key_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    request_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[int]
    headers: Mapped[dict[str, Any]] = mapped_column(JSON)
    body: Mapped[str] = mapped_column(Text)

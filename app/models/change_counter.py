from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ChangeCounter(Base):
    """How many times a group of tables has been written, bumped by triggers in the database
    (migration 0008) whoever writes: caches of what is read from the tables are keyed on it, so
    every worker sees a write at its next request."""

    __tablename__ = "change_counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger, server_default="0")

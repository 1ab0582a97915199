import datetime as dt

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Tracked, utcnow


class Source(Tracked, Base):
    """One published document; its normalised text is stored so every quote can be re-found."""

    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_published_on_id", "published_on", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[dt.date | None]
    language: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    retrieved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

import datetime as dt

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Tracked
from app.models.enums import Outcome, str_enum
from app.models.topic import Topic

proposition_topics = Table(
    "proposition_topics",
    Base.metadata,
    Column("proposition_id", ForeignKey("propositions.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="RESTRICT"), primary_key=True),
)


class Proposition(Tracked, Base):
    """A canonical, resolvable statement several claims speak to, for or against."""

    __tablename__ = "propositions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    text: Mapped[str] = mapped_column(Text)
    criteria: Mapped[str] = mapped_column(Text, default="")
    resolve_by: Mapped[dt.date | None]
    # The outcome of the latest resolution, written with it (as on claims).
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, "outcome"))

    topics: Mapped[list[Topic]] = relationship(secondary=proposition_topics, lazy="raise")

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Tracked


class Topic(Tracked, Base):
    """A node of the topic tree.

    `path` is the chain of slugs from the root ("foreign-policy/russia"), kept so that a filter on
    a topic takes in its sub-topics without a recursive query.
    """

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="RESTRICT"))
    path: Mapped[str] = mapped_column(String(1000))

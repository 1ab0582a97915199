from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Tracked


class Topic(Tracked, Base):
    """A node of the topic tree.

    `path` is the chain of slugs from the root ("/kazakhstan/foreign-policy/russia/"), kept so that
    a filter on a topic takes in its sub-topics without a recursive query. `claim_count` is the
    number of claims on the topic or below it, each once, retracted ones left out; counting that
    on every read grows with the data, so writers keep it (`services.topics.recount`).
    """

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="RESTRICT"))
    path: Mapped[str] = mapped_column(String(1000))
    claim_count: Mapped[int] = mapped_column(default=0, server_default="0")

"""Topics: the tree, and the claim counts kept on it."""

from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, aliased

from app.errors import NotFoundError
from app.models import Claim, Review, Topic, claim_topics


@dataclass(slots=True)
class Node:
    slug: str
    name: str
    parent: str | None
    path: str
    claim_count: int
    children: list["Node"] = field(default_factory=list)


_PARENT = aliased(Topic)
_TREE = (
    select(Topic.slug, Topic.name, _PARENT.slug, Topic.path, Topic.claim_count)
    .outerjoin(_PARENT, _PARENT.id == Topic.parent_id)
    .order_by(Topic.path)
)


def tree(session: Session) -> list[Node]:
    """Every topic as a tree of roots, with its stored claim count."""
    nodes: dict[str, Node] = {}
    roots: list[Node] = []
    for slug, name, parent_slug, path, count in session.execute(_TREE):
        node = Node(slug, name, parent_slug, path, count)
        nodes[slug] = node
        (nodes[parent_slug].children if parent_slug else roots).append(node)
    return roots


def recount(session: Session) -> None:
    """Recompute every topic's `claim_count`: claims on it or below it, each once, unretracted.

    Run after anything that adds claims, changes their topics or retraction, or moves a topic.
    """
    topics: dict[int, str] = {
        row.id: row.path for row in session.execute(select(Topic.id, Topic.path))
    }
    ancestors = {
        topic_id: {other for other, prefix in topics.items() if path.startswith(prefix)}
        for topic_id, path in topics.items()
    }
    links = (
        select(claim_topics.c.claim_id, claim_topics.c.topic_id)
        .join(Claim, Claim.id == claim_topics.c.claim_id)
        .where(Claim.review != Review.retracted)
        .order_by(claim_topics.c.claim_id)
    )
    counts = dict.fromkeys(topics, 0)
    for _claim_id, rows in groupby(session.execute(links), key=itemgetter(0)):
        for topic_id in set().union(*(ancestors[topic_id] for _, topic_id in rows)):
            counts[topic_id] += 1
    # Core, not ORM: a derived count is not an edit, so it leaves `version` and the ETag alone.
    table = Topic.metadata.tables["topics"]
    statement = update(table).where(table.c.id == bindparam("tid"))
    session.execute(
        statement.values(claim_count=bindparam("n")),
        [{"tid": topic_id, "n": n} for topic_id, n in counts.items()],
    )


def find(roots: list[Node], slug: str) -> tuple[Node, list[str]]:
    """The node for `slug` and its ancestors' slugs; `NotFoundError` when there is none."""
    stack = [(root, list[str]()) for root in roots]
    while stack:
        node, ancestors = stack.pop()
        if node.slug == slug:
            return node, ancestors
        stack.extend((child, [*ancestors, node.slug]) for child in node.children)
    raise NotFoundError(f"There is no topic '{slug}'.")

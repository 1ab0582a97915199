"""Topics: the tree, with the number of claims on each topic and everything below it."""

from dataclasses import dataclass, field

from sqlalchemy import func, select
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


def tree(session: Session) -> list[Node]:
    """Every topic as a tree of roots; counts take in sub-topics and count a claim once."""
    below = aliased(Topic)
    counts = (
        select(Topic.id, func.count(func.distinct(claim_topics.c.claim_id)))
        .join(below, below.path.startswith(Topic.path))
        .join(claim_topics, claim_topics.c.topic_id == below.id)
        .join(Claim, Claim.id == claim_topics.c.claim_id)
        .where(Claim.review != Review.retracted)
        .group_by(Topic.id)
    ).subquery()
    parent = aliased(Topic)
    query = (
        select(Topic.id, Topic.slug, Topic.name, parent.slug, Topic.path, counts.c[1])
        .outerjoin(parent, parent.id == Topic.parent_id)
        .outerjoin(counts, counts.c.id == Topic.id)
        .order_by(Topic.path)
    )
    nodes: dict[str, Node] = {}
    roots: list[Node] = []
    for _id, slug, name, parent_slug, path, count in session.execute(query):
        node = Node(slug, name, parent_slug, path, count or 0)
        nodes[slug] = node
        (nodes[parent_slug].children if parent_slug else roots).append(node)
    return roots


def find(roots: list[Node], slug: str) -> tuple[Node, list[str]]:
    """The node for `slug` and its ancestors' slugs; `NotFoundError` when there is none."""
    stack = [(root, list[str]()) for root in roots]
    while stack:
        node, ancestors = stack.pop()
        if node.slug == slug:
            return node, ancestors
        stack.extend((child, [*ancestors, node.slug]) for child in node.children)
    raise NotFoundError(f"There is no topic '{slug}'.")

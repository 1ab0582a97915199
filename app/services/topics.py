"""Topics: the tree, and the claim counts kept on it."""

from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased

from app.errors import ConflictError, NotFoundError, ValidationFailedError
from app.models import Claim, Topic, claim_topics
from app.models.enums import PUBLIC_REVIEWS
from app.services import changes, revisions, writes
from app.services.keys import Principal


@dataclass(slots=True)
class Node:
    slug: str
    name: str
    parent: str | None
    path: str
    claim_count: int
    version: int
    children: list["Node"] = field(default_factory=list)


_PARENT = aliased(Topic)
_TREE = (
    select(Topic.slug, Topic.name, _PARENT.slug, Topic.path, Topic.claim_count, Topic.version)
    .outerjoin(_PARENT, _PARENT.id == Topic.parent_id)
    .order_by(Topic.path)
)


def tree(session: Session) -> list[Node]:
    """Every topic as a tree of roots, with its stored claim count."""
    nodes: dict[str, Node] = {}
    roots: list[Node] = []
    for slug, name, parent_slug, path, count, version in session.execute(_TREE):
        node = Node(slug, name, parent_slug, path, count, version)
        nodes[slug] = node
        (nodes[parent_slug].children if parent_slug else roots).append(node)
    return roots


def recount(session: Session) -> None:
    """Recompute every topic's `claim_count`: published claims on it or below it, each once.

    Run after anything that adds claims, changes their topics or retraction, or moves a topic.
    """
    lock_tree(session)
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
        .where(Claim.review.in_(PUBLIC_REVIEWS))
        .order_by(claim_topics.c.claim_id)
    )
    counts = dict.fromkeys(ancestors, 0)
    for _claim_id, rows in groupby(session.execute(links), key=itemgetter(0)):
        for topic_id in set().union(*(ancestors[topic_id] for _, topic_id in rows)):
            counts[topic_id] += 1
    # Core, not ORM: a derived count is not an edit, so it leaves `version` and the ETag alone.
    table = Topic.metadata.tables["topics"]
    statement = sa.update(table).where(table.c.id == bindparam("tid"))
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


def closure(session: Session) -> list[tuple[int, int]]:
    """Every (topic id, id of that topic or one above it) pair of the tree."""
    return sorted((tid, up) for tid, ups in _ancestors_by_id(session).items() for up in ups)


def _ancestors_by_id(session: Session) -> dict[int, set[int]]:
    paths = {row.id: row.path for row in session.execute(select(Topic.id, Topic.path))}
    return {
        tid: {o for o, prefix in paths.items() if path.startswith(prefix)}
        for tid, path in paths.items()
    }


def lock_tree(session: Session) -> None:
    """Serialise changes to counts and paths. On PostgreSQL concurrent writers would otherwise
    deadlock on topic rows or overwrite each other's counts; SQLite writers are serial already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(7201)"))


def adjust(session: Session, *, before: set[int], after: set[int]) -> None:
    """Move one claim's contribution to the counts: from the topics it was counted under
    (`before`; empty if it was not published) to those it is counted under now."""
    if before == after:
        return
    lock_tree(session)
    ancestors = _ancestors_by_id(session)
    was = set().union(*(ancestors[t] for t in before))
    now = set().union(*(ancestors[t] for t in after))
    table = Topic.metadata.tables["topics"]
    for ids, step in ((now - was, 1), (was - now, -1)):
        if ids:
            session.execute(
                sa.update(table)
                .where(table.c.id.in_(ids))
                .values(claim_count=table.c.claim_count + step)
            )


def create(session: Session, *, values: dict[str, Any], actor: Principal) -> Topic:
    """A new topic under `parent` (a slug, or None for a root); 409 when the slug is taken."""
    slug = values["slug"]
    parent = _parent(session, values.get("parent"))
    path = (parent.path if parent else "/") + slug + "/"
    _check_depth(path)
    topic = Topic(
        slug=slug, name=values["name"], parent_id=parent.id if parent else None, path=path
    )
    session.add(topic)
    writes.save(
        session,
        topic,
        entity="topic",
        action="create",
        changes=changes.created(values),
        actor=actor,
        conflict=f"The topic slug '{slug}' is taken.",
    )
    return topic


def update(
    session: Session,
    *,
    slug: str,
    values: dict[str, Any],
    expected: frozenset[int] | None,
    actor: Principal,
) -> Topic:
    """Rename a topic or move it (with everything below it) under another parent."""
    if "parent" in values:
        lock_tree(session)  # before reading any path
    topic = session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        raise NotFoundError(f"There is no topic '{slug}'.")
    writes.check_version(topic.version, expected, lambda: f"Topic '{slug}'")
    changed = changes.apply(topic, {k: v for k, v in values.items() if k == "name"})
    if "parent" in values:
        parent = _parent(session, values["parent"])
        if parent is not None and parent.path.startswith(topic.path):
            raise ConflictError(
                f"'{values['parent']}' is below '{slug}'; a topic cannot move under itself."
            )
        old_path = topic.path
        new_path = (parent.path if parent else "/") + slug + "/"
        if new_path != old_path:
            old_parent = session.scalar(select(Topic.slug).where(Topic.id == topic.parent_id))
            topic.parent_id = parent.id if parent else None
            changed["parent"] = [old_parent, values["parent"]]
            _move(session, old_path, new_path)
    if changed:
        writes.flush(session, conflict="The topic changed while this request ran.")
        if "parent" in changed:
            recount(session)
        revisions.record(
            session,
            entity="topic",
            entity_id=topic.id,
            version=topic.version,
            action="update",
            actor=actor,
            changes=changed,
        )
    return topic


def _parent(session: Session, slug: str | None) -> Topic | None:
    if slug is None:
        return None
    parent = session.scalar(select(Topic).where(Topic.slug == slug))
    if parent is None:
        raise ValidationFailedError(
            f"There is no topic '{slug}' to be the parent.",
            errors=[
                {
                    "location": "body",
                    "field": "parent",
                    "message": "unknown topic",
                    "type": "unknown_reference",
                }
            ],
        )
    return parent


MAX_PATH = 1000  # the column's length


def _check_depth(path: str) -> None:
    if len(path) > MAX_PATH:
        raise ValidationFailedError(
            f"The topic would sit too deep: its path would be {len(path)} characters, over"
            f" {MAX_PATH}.",
            errors=[
                {
                    "location": "body",
                    "field": "parent",
                    "message": "too deep",
                    "type": "value_error",
                }
            ],
        )


def _move(session: Session, old_path: str, new_path: str) -> None:
    for topic in session.scalars(select(Topic).where(Topic.path.startswith(old_path))):
        topic.path = new_path + topic.path.removeprefix(old_path)
        _check_depth(topic.path)


def tree_nodes(session: Session) -> list[Node]:
    """Every topic, flat, in path order (the tree's nodes without their nesting)."""
    found: list[Node] = []
    stack = list(reversed(tree(session)))
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(reversed(node.children))
    return found

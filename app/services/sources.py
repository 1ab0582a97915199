"""Sources: list and get."""

from typing import Any

from sqlalchemy import RowMapping, Select, bindparam, func, select
from sqlalchemy.orm import Session

from app.errors import ConflictError, NotFoundError
from app.filters import where
from app.models import Claim, Source
from app.models.enums import PUBLIC_REVIEWS
from app.pagination import Sort, fetch, sorts
from app.schemas.sources import SourceQuery
from app.services import changes, writes
from app.services.keys import Principal
from app.text import normalise, sha256

SORTS = sorts(Source.id, published_on=(Source.published_on, True), id=(Source.id, False))
# Lists leave the full text out; it can be large and is only needed on the detail.
LIST_COLUMNS = tuple(c for c in Source.__table__.columns if c.key != "text")


def list_(
    session: Session, params: SourceQuery, *, sort: Sort, after: tuple[Any, Any] | None
) -> tuple[list[RowMapping], tuple[Any, Any] | None, int | None]:
    """One page of sources (without their text), the key to resume after, and the total."""
    query = listing(params, session.get_bind().dialect.name)
    rows, next_after = fetch(session, query, sort, after, params.limit)
    total = None
    if params.count == "exact":
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    return rows, next_after, total


def listing(params: SourceQuery, dialect: str) -> Select[Any]:
    """The sources that match `params` (text left out), unordered and unpaged."""
    return select(*LIST_COLUMNS).where(*where(params, dialect))


_CLAIMS_IN_SOURCE = (
    select(func.count(Claim.id))
    .where(Claim.source_id == Source.id, Claim.review.in_(PUBLIC_REVIEWS))
    .scalar_subquery()
)
_ONE_SOURCE = select(*Source.__table__.columns, _CLAIMS_IN_SOURCE.label("claim_count")).where(
    Source.id == bindparam("source_id")
)


def get(session: Session, source_id: int) -> tuple[RowMapping, int]:
    """One source with its text and the number of its claims; `NotFoundError` if absent."""
    row = session.execute(_ONE_SOURCE, {"source_id": source_id}).mappings().first()
    if row is None:
        raise NotFoundError(f"There is no source {source_id}.")
    return row, row["claim_count"]


def create(session: Session, *, values: dict[str, Any], actor: Principal) -> Source:
    """A new source with its text normalised; 409 if its text or URL is already stored."""
    text = normalise(values["text"])
    digest = sha256(text)
    duplicate = Source.content_sha256 == digest
    if values.get("url") is not None:  # a source without a URL duplicates none by URL
        duplicate = duplicate | (Source.url == values["url"])
    same = session.execute(select(Source.id).where(duplicate)).first()
    if same is not None:
        raise ConflictError(f"This text or URL is already stored as source {same.id}.")
    source = Source(**{**values, "text": text, "content_sha256": digest})
    session.add(source)
    logged = {k: v for k, v in values.items() if k != "text"} | {"content_sha256": digest}
    writes.save(
        session,
        source,
        entity="source",
        action="create",
        changes=changes.created(logged),
        actor=actor,
        conflict="This text or URL is already stored.",
    )
    return source


def update(
    session: Session,
    *,
    source_id: int,
    values: dict[str, Any],
    expected: frozenset[int] | None,
    actor: Principal,
) -> Source:
    """Change a source's metadata (never its text), if still at the `expected` version."""
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"There is no source {source_id}.")
    writes.check_version(source.version, expected, lambda: f"Source {source_id}")
    changed = changes.apply(source, values)
    if changed:
        writes.save(
            session,
            source,
            entity="source",
            action="update",
            changes=changed,
            actor=actor,
            conflict="Another source already has this URL.",
        )
    return source

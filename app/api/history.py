"""`/{id}/history` of claims, experts and sources: the revisions, oldest first."""

from typing import Any, Literal

from fastapi import Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.api.paging import envelope, resume
from app.pagination import Cursors
from app.responses import json_response
from app.schemas.common import PageQuery
from app.services import revisions


class HistoryQuery(PageQuery):
    sort: Literal["id"] = Field("id", description="Oldest first; the only order.")


class RevisionRead(BaseModel):
    version: int = Field(description="The version this write made.")
    at: str = Field(description="When (RFC 3339, UTC).")
    action: str = Field(description="`create`, `update`, `review` or `retract`.")
    actor: dict[str, Any] = Field(description="The API key that wrote: `key_id` and `name`.")
    changes: dict[str, list[Any]] = Field(description="Each changed field: `[old, new]`.")


class HistoryPage(BaseModel):
    items: list[RevisionRead]
    next: str | None = Field(None, description="Absolute URL of the next page, if any.")


def page(
    request: Request,
    session: Session,
    cursors: Cursors,
    params: HistoryQuery,
    *,
    entity: str,
    entity_id: int,
) -> Response:
    """One page of an entity's history as the response."""
    sort, after = resume(params, revisions.SORTS, cursors)
    rows, next_after = revisions.history(
        session, entity=entity, entity_id=entity_id, after=after, limit=params.limit
    )
    items = [
        {
            "version": r["entity_version"],
            "at": r["created_at"],
            "action": r["action"],
            "actor": {"key_id": r["actor_key_id"], "name": r["actor"]},
            "changes": r["changes"],
        }
        for r in rows
    ]
    return json_response(
        envelope(request, items, cursors=cursors, sort=sort, after=next_after, count=None)
    )

"""The list envelope and the cursor round trip, shared by every paginated route."""

from typing import Any, Protocol

from fastapi import Request

from app.pagination import Cursors, Sort


class Paged(Protocol):
    @property
    def sort(self) -> str | None: ...
    @property
    def cursor(self) -> str | None: ...


def resume(params: Paged, table: dict[str, Sort], cursors: Cursors) -> tuple[Sort, Any]:
    """The sort asked for and, when a cursor came with it, the row to resume after."""
    assert params.sort is not None, "query models fill in their default order"
    sort = table[params.sort]
    return sort, cursors.decode(params.cursor, sort) if params.cursor else None


def envelope(
    request: Request,
    items: list[dict[str, Any]],
    *,
    cursors: Cursors,
    sort: Sort,
    after: tuple[Any, Any] | None,
    count: int | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"items": items}
    if after is not None:
        token = cursors.encode(sort, *after)
        body["next"] = str(request.url.include_query_params(cursor=token))
    if count is not None:
        body["count"] = count
    return body


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")

"""Keyset pagination with opaque, signed cursors.

A sort is an allow-listed column plus the primary key as tie-breaker, both in one direction, over
an index on (column, pk). The cursor carries the sort it was made for and the last row's key,
signed so that a client cannot forge or edit one; a deep page runs the same indexed range query
as page 1. Sorting by a column that may be NULL lists only the rows that have a value: a NULL run
cannot be resumed from a row-value comparison, so it would turn every deep page into a scan.
"""

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import ColumnElement, RowMapping, Select, true, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import InvalidParameterError


@dataclass(frozen=True, slots=True)
class Sort:
    """One allow-listed ordering: `column` then `pk`, ascending or descending."""

    name: str
    column: Any  # a mapped attribute or a labelled column of a subquery
    pk: InstrumentedAttribute[Any]
    descending: bool
    nullable: bool

    @property
    def token(self) -> str:
        return ("-" if self.descending else "") + self.name

    def order_by(self) -> list[ColumnElement[Any]]:
        if self.descending:
            return [self.column.desc(), self.pk.desc()]
        return [self.column.asc(), self.pk.asc()]

    def scope(self) -> ColumnElement[bool]:
        """The rows this order lists: those with a value in the sort column."""
        return self.column.is_not(None) if self.nullable else true()

    def after(self, value: Any, pk: Any) -> ColumnElement[bool]:
        """Rows strictly after (value, pk) in this order."""
        row, last = tuple_(self.column, self.pk), tuple_(value, pk)
        return row < last if self.descending else row > last


def sorts(pk: InstrumentedAttribute[Any], **columns: tuple[Any, bool]) -> dict[str, Sort]:
    """Every allowed `sort=` token (`name` and `-name`) for columns given as (column, nullable)."""
    table: dict[str, Sort] = {}
    for name, (column, nullable) in columns.items():
        for descending in (False, True):
            sort = Sort(name, column, pk, descending, nullable)
            table[sort.token] = sort
    return table


def _dump(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


_INT_RANGE = range(-(2**31), 2**31)


def _load(value: Any, column: Any) -> Any:
    """The cursor's value as the column's type; a value no row can hold is refused."""
    kind = column.type.python_type
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is int and (isinstance(value, bool) or value not in _INT_RANGE):
        raise ValueError(value)
    if kind is float and not (isinstance(value, int | float) and math.isfinite(value)):
        raise ValueError(value)
    return kind(value)


class Cursors:
    """Signs and checks cursors with the service's secret key."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt="forecast-ledger.cursor")

    def encode(self, sort: Sort, row_value: Any, row_pk: Any) -> str:
        return self._serializer.dumps([sort.token, _dump(row_value), row_pk])

    def decode(self, token: str, sort: Sort) -> tuple[Any, Any]:
        try:
            sort_token, value, pk = self._serializer.loads(token)
            if sort_token != sort.token:
                raise InvalidParameterError(
                    f"This cursor belongs to sort={sort_token}; repeat that sort or start over."
                )
            return _load(value, sort.column), _load(pk, sort.pk)
        except (BadSignature, ValueError, TypeError) as exc:
            raise InvalidParameterError(
                "The cursor is not one this service issued; use the `next` URL as given."
            ) from exc


def page(query: Select[Any], sort: Sort, after: tuple[Any, Any] | None, limit: int) -> Select[Any]:
    """Order, resume after the cursor's row, and fetch one extra row to know if more follow."""
    query = query.where(sort.scope())
    if after is not None:
        query = query.where(sort.after(*after))
    return query.order_by(*sort.order_by()).limit(limit + 1)


def fetch(
    session: Session, query: Select[Any], sort: Sort, after: tuple[Any, Any] | None, limit: int
) -> tuple[list[RowMapping], tuple[Any, Any] | None]:
    """One page of rows and the key to resume after, or None on the last page."""
    return fetch_built(session, page(query, sort, after, limit), {}, sort, limit)


def fetch_built(
    session: Session, statement: Select[Any], values: dict[str, Any], sort: Sort, limit: int
) -> tuple[list[RowMapping], tuple[Any, Any] | None]:
    """`fetch` for a statement `page` already made, run with these bind parameters."""
    # Core, not the ORM: column rows need none of its loading machinery (a third of a list).
    rows = list(session.connection().execute(statement, values).mappings())
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], (last[sort.column.key], last[sort.pk.key])

"""Filters are data: a query model's fields carry `Filter` metadata saying how each one narrows SQL.

A resource declares its query parameters once, as a Pydantic model (which also gives FastAPI the
parsing, validation and OpenAPI description); `where()` turns the fields that were given into bound
SQLAlchemy expressions. No SQL text is ever built from input.

A filter on names (slugs of topics, experts, propositions; source ids) also says which column
holds them: a value that names nothing is refused with a 404 problem naming it, rather than
answered with an empty list that cannot be told from "no claims". The check runs only when the
first page comes back empty (`refuse_unknown`), so a list that has rows costs no extra query;
values ORed with ones that match are not checked.

`bound()` builds the same clauses with bind parameters standing in for the values, so a list
can build its statement once per combination of filters given (`shape()`) and run it again with
new values: building a statement and its cache key cost more than running it (PERFORMANCE.md).
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import ColumnElement, bindparam, select, true
from sqlalchemy.orm import Session

from app.errors import NotFoundError

Build = Callable[[Any, str], ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class Filter:
    """How a parameter's value becomes a WHERE clause; `absent` applies when it is not given."""

    build: Build
    absent: Callable[[], ColumnElement[bool]] | None = None
    # For a filter on names: the column that holds them, and what it names (`topic`).
    names: Any = None
    thing: str = ""
    # Each value as `build` takes it (`russia` → `%/russia/%`): a string or a tuple of them.
    bind: Callable[[Any], Any] | None = None
    # What of a value shapes its SQL: how many values there are (each one is bound), or the
    # values themselves (a few enumerated values whose SQL differs: `open` is `IS NULL`), or
    # nothing can be reused (free text).
    shaped_by: Literal["count", "value", "text"] = "count"


def any_of(column: Any) -> Filter:
    """Repeatable equality: `?kind=forecast&kind=assessment` is `kind IN (…)`."""
    return Filter(lambda values, _dialect: column.in_(list(values)))


def naming(spec: Filter, column: Any, thing: str) -> Filter:
    """`spec`, whose values must each name a `thing` stored in `column`."""
    return Filter(spec.build, spec.absent, column, thing, spec.bind, spec.shaped_by)


def equals(column: Any) -> Filter:
    return Filter(lambda value, _dialect: column == value)


def at_least(column: Any) -> Filter:
    return Filter(lambda value, _dialect: column >= value)


def at_most(column: Any) -> Filter:
    return Filter(lambda value, _dialect: column <= value)


def filter_of(model: type[BaseModel], name: str) -> Filter | None:
    field = model.model_fields[name]
    return next((m for m in field.metadata if isinstance(m, Filter)), None)


def filter_names(model: type[BaseModel]) -> list[str]:
    return [name for name in model.model_fields if filter_of(model, name) is not None]


def _given(value: Any) -> bool:
    empty = isinstance(value, Sequence) and not isinstance(value, str) and not value
    return value is not None and not empty


def _filters(model: type[BaseModel]) -> list[tuple[str, Filter]]:
    found = _FILTERS.get(model)
    if found is None:
        found = _FILTERS[model] = [(n, f) for n in model.model_fields if (f := filter_of(model, n))]
    return found


_FILTERS: dict[type[BaseModel], list[tuple[str, Filter]]] = {}


def _bound_value(spec: Filter, value: Any) -> Any:
    if spec.bind is None:
        return value
    if isinstance(value, list):
        return [spec.bind(v) for v in value]
    return spec.bind(value)


def where(params: BaseModel, dialect: str) -> list[ColumnElement[bool]]:
    """The WHERE clauses for every filter field of `params`, in declaration order."""
    return _clauses(params, dialect, stand_ins=False)


def _clauses(params: BaseModel, dialect: str, *, stand_ins: bool) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    for name, spec in _filters(type(params)):
        value = getattr(params, name)
        if not _given(value):
            if spec.absent is not None:
                clauses.append(spec.absent())
            continue
        value = _bound_value(spec, value)
        if stand_ins and spec.shaped_by == "count":
            if isinstance(value, list):
                value = [_stand_in(_key(name, i), v) for i, v in enumerate(value)]
            else:
                value = _stand_in(_key(name), value)
        clauses.append(spec.build(value, dialect))
    return clauses or [true()]


def shape(params: BaseModel) -> tuple[Hashable, ...] | None:
    """What the SQL of `params`' filters depends on, or None when a filter's SQL cannot be
    reused for other values (free text): equal shapes make equal statements in `bound`."""
    found: list[Hashable] = []
    for name, spec in _filters(type(params)):
        value = getattr(params, name)
        if not _given(value):
            continue
        if spec.shaped_by == "text":
            return None
        if spec.shaped_by == "value":
            found.append((name, tuple(value) if isinstance(value, list) else value))
        else:
            found.append((name, len(value) if isinstance(value, list) else -1))
    return tuple(found)


def _stand_in(key: str, value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(bindparam(f"{key}_{i}") for i in range(len(value)))
    return bindparam(key)


def _key(name: str, i: int | None = None) -> str:
    return f"filter_{name}" if i is None else f"filter_{name}_{i}"


def bound(params: BaseModel, dialect: str) -> list[ColumnElement[bool]]:
    """`where(params)` with bind parameters (named by `binds`) in place of the values of the
    filters that `shape` counts, for a statement built once per shape."""
    return _clauses(params, dialect, stand_ins=True)


def binds(params: BaseModel) -> dict[str, Any]:
    """The values of the bind parameters `bound` made for `params`, by name."""
    found: dict[str, Any] = {}
    for name, spec in _filters(type(params)):
        value = getattr(params, name)
        if spec.shaped_by != "count" or not _given(value):
            continue
        value = _bound_value(spec, value)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            key = _key(name, i)
            if isinstance(item, tuple):
                found.update((f"{key}_{j}", part) for j, part in enumerate(item))
            else:
                found[key] = item
    return found


def where_given(params: BaseModel) -> bool:
    """Whether any filter field of `params` was given a value."""
    return any(getattr(params, name) not in (None, [], "") for name, _ in _filters(type(params)))


def unknown(session: Session, params: BaseModel) -> list[tuple[str, str, Any]]:
    """(parameter, thing, value) for every value of a name filter that names nothing stored."""
    missing: list[tuple[str, str, Any]] = []
    for name in filter_names(type(params)):
        spec = filter_of(type(params), name)
        values = getattr(params, name)
        if spec is None or spec.names is None or not values:
            continue
        found = set(session.scalars(select(spec.names).where(spec.names.in_(list(values)))))
        missing += [(name, spec.thing, value) for value in values if value not in found]
    return missing


def refuse_unknown(session: Session, params: BaseModel) -> None:
    """A 404 problem naming each filter value that names nothing (see the module's docstring)."""
    missing = unknown(session, params)
    if not missing:
        return
    detail = "; ".join(
        f"there is no {thing} {value!r} (/v1/{thing}s lists them)" for _, thing, value in missing
    )
    raise NotFoundError(
        detail[0].upper() + detail[1:] + ".",
        errors=[
            {
                "location": "query",
                "field": name,
                "message": f"no {thing} {value!r}",
                "type": "unknown_name",
            }
            for name, thing, value in missing
        ],
    )

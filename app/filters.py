"""Filters are data: a query model's fields carry `Filter` metadata saying how each one narrows SQL.

A resource declares its query parameters once, as a Pydantic model (which also gives FastAPI the
parsing, validation and OpenAPI description); `where()` turns the fields that were given into bound
SQLAlchemy expressions. No SQL text is ever built from input.

A filter on names (slugs of topics, experts, propositions; source ids) also says which column
holds them: a value that names nothing is refused with a 404 problem naming it, rather than
answered with an empty list that cannot be told from "no claims". The check runs only when the
first page comes back empty (`refuse_unknown`), so a list that has rows costs no extra query;
values ORed with ones that match are not checked.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, select, true
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


def any_of(column: Any) -> Filter:
    """Repeatable equality: `?kind=forecast&kind=assessment` is `kind IN (…)`."""
    return Filter(lambda values, _dialect: column.in_(list(values)))


def naming(spec: Filter, column: Any, thing: str) -> Filter:
    """`spec`, whose values must each name a `thing` stored in `column`."""
    return Filter(spec.build, spec.absent, names=column, thing=thing)


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


def where(params: BaseModel, dialect: str) -> list[ColumnElement[bool]]:
    """The WHERE clauses for every filter field of `params`, in declaration order."""
    clauses: list[ColumnElement[bool]] = []
    for name in filter_names(type(params)):
        spec = filter_of(type(params), name)
        assert spec is not None
        value = getattr(params, name)
        if value is None or (
            isinstance(value, Sequence) and not isinstance(value, str) and not value
        ):
            if spec.absent is not None:
                clauses.append(spec.absent())
            continue
        clauses.append(spec.build(value, dialect))
    return clauses or [true()]


def where_given(params: BaseModel) -> bool:
    """Whether any filter field of `params` was given a value."""
    return any(getattr(params, name) not in (None, [], "") for name in filter_names(type(params)))


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

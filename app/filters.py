"""Filters are data: a query model's fields carry `Filter` metadata saying how each one narrows SQL.

A resource declares its query parameters once, as a Pydantic model (which also gives FastAPI the
parsing, validation and OpenAPI description); `where()` turns the fields that were given into bound
SQLAlchemy expressions. No SQL text is ever built from input.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, true

Build = Callable[[Any, str], ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class Filter:
    """How a parameter's value becomes a WHERE clause; `absent` applies when it is not given."""

    build: Build
    absent: Callable[[], ColumnElement[bool]] | None = None


def any_of(column: Any) -> Filter:
    """Repeatable equality: `?kind=forecast&kind=assessment` is `kind IN (…)`."""
    return Filter(lambda values, _dialect: column.in_(list(values)))


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

"""Apply field changes to an ORM object and describe them for the revision history."""

import datetime as dt
from enum import Enum
from typing import Any


def jsonable(value: Any) -> Any:
    """A value as the history stores it: dates as ISO text, enums as their value."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def apply(target: object, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set each attribute that differs; returns `{field: [old, new]}` for those that changed."""
    changed: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(target, name)
        if old != new:
            setattr(target, name, new)
            changed[name] = [jsonable(old), jsonable(new)]
    return changed


def created(values: dict[str, Any]) -> dict[str, list[Any]]:
    """The history entry of a creation: every field from nothing to its value."""
    return {name: [None, jsonable(value)] for name, value in values.items() if value is not None}

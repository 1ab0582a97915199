"""Rows of the API as a pandas DataFrame with the dtypes the schema says (needs the `pandas` extra).

Nested objects are flattened to `parent_child` columns (a claim's `confidence` gives
`confidence_low` and `confidence_high`, two float columns); lists stay lists (`topics`); dates
and timestamps become datetimes (timestamps in UTC); numbers that may be absent are floats.
"""

import datetime as dt
import types
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AwareDatetime, BaseModel, NaiveDatetime

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["date", "datetime", "float", "int", "bool", "object"]


def _unwrap(annotation: Any) -> list[Any]:
    """The types an annotation allows, with `Annotated` and `None` taken off."""
    if get_origin(annotation) is Annotated:
        return _unwrap(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _unwrap(arg)]
    return [] if annotation is type(None) else [annotation]


def _kind(allowed: list[Any]) -> Kind:
    simple = {dt.datetime: "datetime", dt.date: "date", float: "float", int: "int", bool: "bool"}
    simple |= {AwareDatetime: "datetime", NaiveDatetime: "datetime"}
    kinds = {simple.get(t) for t in allowed if isinstance(t, type)}
    if len(kinds) == 1 and len(allowed) == 1 and None not in kinds:
        return kinds.pop()  # type: ignore[return-value]
    if kinds == {"float", "int"}:
        return "float"
    return "object"


def columns(model: type[BaseModel], prefix: str = "") -> dict[str, Kind]:
    """Each flattened column of `model` and the kind of its values."""
    found: dict[str, Kind] = {}
    for name, info in model.model_fields.items():
        allowed = _unwrap(info.annotation)
        nested = [t for t in allowed if isinstance(t, type) and issubclass(t, BaseModel)]
        if len(allowed) == 1 and nested and not nested[0].model_fields.get("root"):
            found.update(columns(nested[0], f"{prefix}{name}_"))
        else:
            found[f"{prefix}{name}"] = _kind(allowed)
    return found


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in row.items():
        if isinstance(value, dict) and name not in ("links", "actor", "changes", "aggregate"):
            flat.update(flatten(value, f"{prefix}{name}_"))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def frame(rows: Iterable[dict[str, Any]], model: type[BaseModel]) -> "pd.DataFrame":
    """A DataFrame of `rows` (JSON objects of `model`), one column per flattened field."""
    import pandas as pd

    kinds = columns(model)
    records = [flatten(row) for row in rows]
    present = {name for record in records for name in record}
    order = [name for name in kinds if name in present or not records]
    order += sorted(present - set(order))
    data = pd.DataFrame.from_records(records, columns=order)
    for name in data.columns:
        data[name] = _convert(data[name], kinds.get(name, "object"))
    return data


def _convert(values: "pd.Series[Any]", kind: Kind) -> "pd.Series[Any]":
    import pandas as pd

    if kind == "date":
        return pd.to_datetime(values, format="%Y-%m-%d")
    if kind == "datetime":
        return pd.to_datetime(values, utc=True, format="ISO8601")
    if kind == "float":
        return pd.to_numeric(values).astype("float64")
    if kind == "int":
        return values.astype("Int64") if values.isna().any() else values.astype("int64")
    if kind == "bool":
        return values.astype("boolean") if values.isna().any() else values.astype("bool")
    return values

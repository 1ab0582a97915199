"""Shared field types, the list envelope, and the problem-details shape."""

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=100),
]
LanguageTag = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", max_length=35)
]
# Ids are 32-bit on PostgreSQL; a larger number can name nothing, so it is a 422, not a 500.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
# Free text from a query string: no control characters (PostgreSQL refuses NUL in text).
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]*$", max_length=200)]
# A repeatable filter ORs at most this many values (each one is a term of the SQL expression).
MAX_VALUES = 20


class QueryModel(BaseModel):
    """Base of every query-parameter model: unknown names are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class PageQuery(QueryModel):
    limit: int = Field(50, ge=1, le=200, description="Rows per page, 1–200.")
    cursor: str | None = Field(
        None, max_length=1000, description="Opaque position from a previous page's `next` URL."
    )
    count: Literal["exact"] | None = Field(
        None, description="`exact` adds the total number of matching rows as `count`."
    )


class FieldError(BaseModel):
    location: str = Field(description="Where the bad value was: `query`, `path`, `body`, `header`.")
    field: str = Field(description="Dotted path of the field within that location.")
    message: str = Field(description="What is wrong with it.")
    type: str = Field(description="Machine-readable error type.")


class Problem(BaseModel):
    """RFC 9457 problem details, the shape of every error."""

    type: str = Field(description="URI reference naming the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request, for a person.")
    instance: str = Field(description="The path that was requested.")
    errors: list[FieldError] | None = Field(None, description="Per-field validation errors.")


def problem_example(status: int, slug: str, title: str, detail: str) -> dict[str, Any]:
    return {
        "type": f"/problems/{slug}" if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": "/v1/claims",
    }


class InputModel(BaseModel):
    """Base of every request body: unknown fields are refused, so nothing can be mass-assigned
    (ids, versions, timestamps and provenance are the service's to set)."""

    model_config = ConfigDict(extra="forbid")


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refuse it here as a 422 rather than fail as a 500.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class _NoNulValidator(AfterValidator):
    """The NUL check, stated in the schema as a pattern so that clients (and generators of
    valid requests) know it: a refusal the document does not state is a broken contract."""

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        value = handler(schema)
        value.setdefault("pattern", r"^[^\x00]*$")
        return value


NoNul = _NoNulValidator(_no_nul)


def _iso_date(value: object) -> object:
    # Only YYYY-MM-DD: pydantic would also read numbers as Unix times and accept datetimes.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date as YYYY-MM-DD")
    if isinstance(value, int | float):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _not_future(value: dt.date) -> dt.date:
    if value > dt.datetime.now(dt.UTC).date():
        raise ValueError("must not be in the future")
    return value


PastDate = Annotated[IsoDate, AfterValidator(_not_future)]
# The characters a name's strip removes (Unicode White_Space), spelled out: `\s` differs
# between regex dialects (JSON Schema's leaves out NEL and takes in the BOM).
_SPACE = r"\x09-\x0d\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Stripped, then at least one character: the pattern tells clients the same, that a name of
# spaces alone is none (the pattern is checked after the strip, so it refuses nothing more).
Name = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=200,
        pattern=rf"^[^\x00-\x1f\x7f]*[^{_SPACE}\x00-\x1f\x7f][^\x00-\x1f\x7f]*$",
    ),
]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
# No whitespace nor control characters (C0, DEL, C1: NEL is whitespace to Python only).
Url = Annotated[
    str, StringConstraints(pattern=r"^https?://[^\s\x00-\x1f\x7f-\x9f]+$", max_length=2000)
]


class UpdateModel(InputModel):
    """A PATCH body: only the fields sent change, and `null` is allowed only where a field can
    be empty (`NULLABLE`); elsewhere it is a 422, not a stored null or a database error."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The schema says what the validator below enforces: `null` only where `NULLABLE`."""
        schema = handler.resolve_ref_schema(handler(core_schema))
        for name, prop in schema.get("properties", {}).items():
            any_of = prop.get("anyOf")
            if name in cls.NULLABLE or not isinstance(any_of, list):
                continue
            rest = [s for s in any_of if s != {"type": "null"}]
            if len(rest) < len(any_of):
                del prop["anyOf"]
                prop.update(rest[0] if len(rest) == 1 else {"anyOf": rest})
        return schema

    @model_validator(mode="after")
    def _no_null_where_required(self) -> Self:
        nulled = sorted(
            n for n in self.model_fields_set if getattr(self, n) is None and n not in self.NULLABLE
        )
        if nulled:
            raise ValueError(f"{', '.join(nulled)} cannot be null")
        return self

"""The OpenAPI document as a reader of the docs pages needs it.

Each operation gets a description built from what the code declares (so it cannot fall behind):
how its filters combine, the search syntax where it takes `q`, the confidence table where it
answers claims, and the errors it can return. Examples keep their nulls (FastAPI drops every
`None` from the document, which left example claims without `outcome` and `proposition`), and
schemas lose what makes ReDoc print noise: per-field titles (`Cursor (string) or Cursor (null)
(Cursor)`), `anyOf` with null for a plain nullable type, and empty defaults (`Default: ""` on a
repeatable filter).
"""

from typing import Any

from fastapi import FastAPI, routing
from fastapi.routing import APIRoute

from app.api.errors import documented
from app.confidence import BANDS
from app.filters import filter_names, filter_of
from app.schemas.claims import ClaimQuery
from app.schemas.experts import ExpertQuery
from app.schemas.propositions import PropositionQuery
from app.schemas.sources import SourceQuery

# Printable ASCII with no space at either end (HTTP strips it): a subset of what is accepted.
IDEMPOTENCY_KEY = r"^[!-~]([ -~]{0,253}[!-~])?$"

# `*` or a list of entity tags (RFC 9110 §8.8.3), what `If-Match` carries.
ENTITY_TAGS = r'^(\*|(W/)?"[!#-~]*"( *, *(W/)?"[!#-~]*")*)$'

SEARCH = """**Search syntax** (`q`): every word must match, in the statement, the quote or the
expert's name and aliases (`q=Газиз` finds Gaziz Abishev), the same on SQLite and PostgreSQL.

| you type | it means |
|---|---|
| `Russia Kazakhstan` | both words, anywhere |
| `"foreign policy"` | the words next to each other, in this order |
| `reform*` | any word starting so: `reform`, `reforms`, `reformers` |
| `-China` | leave out claims with this word (only exclusions is a `422`) |
| `Kassym-Jomart`, `2022-11-20` | words joined by punctuation are a phrase |

Other syntax (`NEAR(`, `col:x`, `AND`) is taken as plain words; text with nothing to search for
(a lone `"`, `!!!`) is a `422` saying so. With `q` the order is by relevance unless `sort` says
otherwise, and each claim carries a `snippet` with the matched words in `<mark>`."""

FILTERS = """**Filters**: repeat a parameter to OR its values (`topic=russia&topic=china`);
different parameters AND; an unknown parameter is a `400` naming it."""

NAMES = """A filter naming a topic, expert, proposition or source that does not exist is a `404`
naming it, when nothing matches; a name that exists but matches nothing is an empty list.
`topic` takes in its sub-topics (`foreign-policy` takes in `russia`)."""

# The parameters that filter (declared in the query models' filter table), and the ones on names.
FILTER_NAMES = {
    n for m in (ClaimQuery, ExpertQuery, SourceQuery, PropositionQuery) for n in filter_names(m)
}
NAME_FILTERS = {
    n for n in filter_names(ClaimQuery) if (f := filter_of(ClaimQuery, n)) and f.names is not None
}


def _confidence() -> str:
    rows = "\n".join(
        f"| `{b.name}` | {b.low:.2f} | {b.point:.3g} | {b.high:.2f} | {b.source} |"
        f" {', '.join(b.phrases[:4])} |"
        for b in BANDS
    )
    return (
        "**Confidence**: each claim's hedge phrase maps to a probability band that the"
        " *statement* is true (a negated statement takes the flipped band, `not-<band>`):\n\n"
        "| band | low | point | high | source | phrases (some) |\n|---|---:|---:|---:|---|---|\n"
        + rows
    )


CONFIDENCE = _confidence()


def _errors(operation: dict[str, Any]) -> str:
    lines = [
        f"- `{status}`: {response.get('description', '')}"
        for status, response in sorted(operation.get("responses", {}).items())
        if status[0] in "45"
    ]
    return (
        "**Errors** (`application/problem+json`; each `type` is a page under `/problems/`):\n\n"
        + "\n".join(lines)
    )


def describe(path: str, method: str, operation: dict[str, Any]) -> None:
    """Add the sections that apply to this operation after its own description."""
    names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    claims = "claims" in operation.get("tags", [])
    sections = [operation["description"]] if operation.get("description") else []
    if names & FILTER_NAMES:
        sections.append(FILTERS)
    if names & NAME_FILTERS:
        sections.append(NAMES)
    if "q" in names and (claims or path == "/v1/search"):
        sections.append(SEARCH)
    if claims and method in ("get", "post", "patch"):
        sections.append(CONFIDENCE)
    if any(status[0] in "45" for status in operation.get("responses", {})):
        sections.append(_errors(operation))
    if sections:
        operation["description"] = "\n\n".join(sections)


# Answered by middleware on any operation: a long query string, a rate limit, a busy database;
# and on any operation with a body, one too large or not JSON.
EVERYWHERE = (414, 429, 503)
WITH_BODY = (413, 415)


def document_statuses(operation: dict[str, Any]) -> None:
    """Add the error statuses an operation can answer but its route does not declare: those
    of the middleware, and a 404 for a filter naming something that does not exist."""
    names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    statuses = [*EVERYWHERE, *(WITH_BODY if "requestBody" in operation else ())]
    if names & NAME_FILTERS:
        statuses.append(404)
    responses = operation.setdefault("responses", {})
    for status in statuses:
        responses.setdefault(str(status), documented(status))


def state_header_rules(operation: dict[str, Any]) -> None:
    """What the handlers check of their headers, in the document: `If-Match` is required (a
    428 without it) and holds entity tags, and an `Idempotency-Key` is 1–255 printable
    characters."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "header":
            continue
        if parameter["name"].lower() == "if-match":
            parameter["required"] = True
            parameter["schema"] |= {"pattern": ENTITY_TAGS, "maxLength": 1000}
        if parameter["name"].lower() == "idempotency-key":
            parameter["schema"] |= {"pattern": IDEMPOTENCY_KEY, "maxLength": 255}


def _projected(schemas: dict[str, Any], ref: str) -> str:
    """The `$ref` of a copy of a schema whose properties may be missing but `id` (the shape of
    a `fields=` answer); a page's copy lists copies of its items."""
    name = ref.rsplit("/", 1)[1]
    copy_name = f"{name}Fields"
    if copy_name not in schemas:
        schema = {**schemas[name], "title": copy_name}
        items = schema.get("properties", {}).get("items", {})
        if "$ref" in items.get("items", {}):
            listed = {**items, "items": {"$ref": _projected(schemas, items["items"]["$ref"])}}
            schema["properties"] = {**schema["properties"], "items": listed}
        else:
            schema["required"] = [n for n in schema.get("required", []) if n == "id"]
            schema["description"] = f"{name} with only the properties `fields=` chose, and `id`."
        schemas[copy_name] = schema
    return f"#/components/schemas/{copy_name}"


def allow_projection(operation: dict[str, Any], schemas: dict[str, Any]) -> None:
    """With `fields=` an answer leaves properties out: its schema says which may be missing."""
    if not any(p["name"] == "fields" for p in operation.get("parameters", [])):
        return
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        content["application/json"]["schema"] = {
            "anyOf": [schema, {"$ref": _projected(schemas, schema["$ref"])}]
        }


def restore_examples(route: APIRoute, operation: dict[str, Any]) -> None:
    """The route's response examples as written, nulls included."""
    for status, declared in (route.responses or {}).items():
        for media, content in declared.get("content", {}).items():
            if "example" not in content:
                continue
            shown = operation["responses"].get(str(status), {}).get("content", {}).get(media)
            if shown is not None:
                shown["example"] = content["example"]


def clean(schema: Any, *, nullable: bool = True) -> Any:
    """A schema without null-unions of plain types or empty defaults; with `nullable` false (a
    query parameter, which is absent rather than null) without the null at all."""
    if isinstance(schema, list):
        return [clean(item, nullable=nullable) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: clean(v, nullable=nullable) for k, v in schema.items()}
    any_of = out.get("anyOf")
    if isinstance(any_of, list) and len(any_of) == 2 and {"type": "null"} in any_of:
        (other,) = [s for s in any_of if s != {"type": "null"}]
        if not nullable:
            del out["anyOf"]
            out = {**other, **out}
        elif isinstance(other.get("type"), str) and not {"$ref", "const", "enum"} & set(other):
            del out["anyOf"]
            out = {**other, **out, "type": [other["type"], "null"]}
    if out.get("default", 0) in ([], None, ""):
        del out["default"]
    return out


def _untitled(schema: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = clean(schema)
    for prop in cleaned.get("properties", {}).values():
        prop.pop("title", None)
    return cleaned


def polish(app: FastAPI, document: dict[str, Any]) -> None:
    """Describe every operation, restore its examples, and clean every schema."""
    contexts = routing.iter_route_contexts(app.routes)
    routes = {
        c.original_route.name: c.original_route
        for c in contexts
        if isinstance(c.original_route, APIRoute)
    }
    for path, item in document["paths"].items():
        for method, operation in item.items():
            route = routes.get(operation.get("operationId", ""))
            if isinstance(route, APIRoute):
                restore_examples(route, operation)
            document_statuses(operation)
            describe(path, method, operation)
            for parameter in operation.get("parameters", []):
                parameter["schema"] = clean(parameter["schema"], nullable=False)
                parameter["schema"].pop("title", None)
            state_header_rules(operation)
    schemas = document.get("components", {}).get("schemas", {})
    for item in document["paths"].values():
        for operation in item.values():
            allow_projection(operation, schemas)
    for name, schema in schemas.items():
        schemas[name] = _untitled(schema)

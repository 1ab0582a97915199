"""NDJSON: one JSON object per line, every line tagged with its `type`.

The lines of an export, in order:

- `topic`: the whole topic tree, parents first (it is small, and an import needs it);
- `expert`, `source` (with its full text), `proposition` (with its own resolutions): each once,
  just before the first claim that refers to it, so a source's text is never repeated;
- `claim`: the claim exactly as the JSON API shows it, plus `"type": "claim"`; then a
  `resolution` line for each of its resolutions, oldest first;
- `trailer`, last: `count` (claim lines written) and `next` (the URL of the next page when the
  export is one page of several, else null). A file that does not end with a trailer whose count
  matches was cut short.
"""

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import RowMapping

from app.exports.base import Page, PropositionRecord
from app.representations import resolution_fields
from app.responses import JSON_OPTIONS

FORMAT = "forecast-ledger/claims"
VERSION = 1


def line(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record, option=JSON_OPTIONS) + b"\n"


def topic(row: RowMapping) -> dict[str, Any]:
    # No timestamps: a topic's change with every recount of its claims, which an import redoes.
    return {"type": "topic", **{k: row[k] for k in ("slug", "name", "parent")}}


def expert(row: RowMapping) -> dict[str, Any]:
    keys = ("slug", "name", "kind", "role", "affiliation", "country", "aliases", "links")
    return {"type": "expert", **{k: row[k] for k in keys}, **_tracked(row)}


def source(row: RowMapping) -> dict[str, Any]:
    keys = ("id", "url", "title", "publisher", "published_on", "language", "content_sha256")
    return {
        "type": "source",
        **{k: row[k] for k in keys},
        "retrieved_at": row["retrieved_at"],
        "text": row["text"],
        **_tracked(row),
    }


def resolution(row: RowMapping, via: str | None) -> dict[str, Any]:
    """A resolution; `via` names the proposition resolution it came from as `slug/n`."""
    return {**resolution_fields(row), "via": via}


def proposition(record: PropositionRecord) -> dict[str, Any]:
    row, slug = record.row, record.row["slug"]
    return {
        "type": "proposition",
        **{k: row[k] for k in ("slug", "text", "criteria", "resolve_by")},
        "topics": record.topics,
        "resolutions": [
            {"key": f"{slug}/{n}", **resolution(r, None)}
            for n, r in enumerate(record.resolutions, 1)
        ],
        **_tracked(row),
    }


def _tracked(row: RowMapping) -> dict[str, Any]:
    return {k: row[k] for k in ("created_at", "updated_at", "version")}


@dataclass(frozen=True, slots=True)
class Lines:
    """`include` and `fields` shape the claim lines as they shape the JSON list."""

    include: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()
    media_type: str = "application/x-ndjson"
    extension: str = "ndjson"
    related: bool = True
    latest_resolution: bool = False

    def head(self) -> bytes:
        return b""

    def page(self, page: Page) -> bytes:
        out = [line(topic(row)) for row in page.topics]
        out += [line(proposition(record)) for record in page.propositions]
        out += [line(expert(row)) for row in page.experts]
        out += [line(source(row)) for row in page.sources]
        keep = self.fields | {"id"} if self.fields else None
        for item in page.items(self.include):
            shown = {k: v for k, v in item.items() if k in keep} if keep else item
            out.append(line({"type": "claim", **shown}))
            out += [
                line({"type": "resolution", "claim": item["id"], **resolution(row, via)})
                for row, via in page.resolutions.get(item["id"], [])
            ]
        return b"".join(out)

    def tail(self, count: int, next_url: str | None) -> bytes:
        return line(
            {
                "type": "trailer",
                "format": FORMAT,
                "version": VERSION,
                "count": count,
                "next": next_url,
            }
        )

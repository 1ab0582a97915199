"""Ingestion: the options of `POST /v1/sources` and the document it answers with.

The CLI's `forecasts ingest --format json` prints the same document, one per article.
"""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.config import LOCAL_URL
from app.domain.ingestion import Ingestion
from app.models.enums import ClaimKind, Review
from app.schemas.claims import Confidence, Extraction, Horizon, Selector, Span
from app.schemas.common import QueryModel
from app.schemas.sources import SourceCreate

Status = Literal["new", "existing"]


class IngestOptions(QueryModel):
    dry_run: bool = Field(
        False,
        description="`true`: run the extraction and answer with the drafts, saving nothing"
        " (so an `Idempotency-Key` records nothing either).",
    )
    extract: bool = Field(
        True,
        description="`false`: store the text alone, with no drafts (for claims written by hand).",
    )


class IngestCall(BaseModel):
    """What an `Idempotency-Key` stands for: the body and the options together."""

    body: SourceCreate
    options: IngestOptions


class IngestedSource(BaseModel):
    id: int | None = Field(description="The stored source; null in a dry run.")
    href: str | None = Field(description="This source in the API; null in a dry run.")
    title: str
    url: str | None = Field(description="Where it was published (never fetched).")
    publisher: str | None
    published_on: dt.date | None
    language: str = Field(description="BCP 47 tag, as given or detected from the text.")
    content_sha256: str = Field(description="SHA-256 of the normalised text, hex.")
    text: str = Field(description="The normalised text (from the HTML if HTML was posted).")


class IngestedExpert(BaseModel):
    slug: str = Field(description="The stored expert's slug, or the one a new expert gets.")
    name: str
    kind: str = Field(description="`person`, `organization` or `group`.")
    role: str | None = Field(description="As the article describes them.")
    aliases: list[str] = Field(description="Other spellings, the article's new ones included.")
    status: Status = Field(
        description="`existing` when matched to a stored expert by slug or by any spelling of"
        " a name (another script included); `new` when saving creates it."
    )
    url: str | None = Field(description="The expert in the API; null for a new one in a dry run.")


class IngestedTopic(BaseModel):
    slug: str
    name: str
    parent: str | None = Field(description="Parent topic's slug.")
    status: Status = Field(description="`new` when saving adds it from the topic lexicon.")


class IngestedClaim(BaseModel):
    id: int | None = Field(description="The stored claim; null in a dry run.")
    url: str | None = Field(description="This claim in the API; null in a dry run.")
    expert: str = Field(description="Slug of the expert who made it.")
    kind: ClaimKind
    statement: str = Field(description="What would have to be true, as one sentence.")
    quote: str = Field(description="The expert's words, verbatim: `text[span.start:span.end]`.")
    span: Span
    selector: Selector
    stated_on: dt.date
    horizon: Horizon
    confidence: Confidence
    topics: list[str] = Field(description="Topic slugs.")
    review: Review = Field(description="`draft` for everything the extractor finds.")
    extraction: Extraction


class DraftReview(BaseModel):
    """The drafts stored, hidden from anonymous reads until reviewed, and how to review them."""

    count: int = Field(description="Draft claims of this source in the ledger (0 in a dry run).")
    hidden: str = Field(description="Who cannot see them yet, and until when.")
    see: str | None = Field(
        description="The request that lists them (with a key); null when there are none."
    )
    review: str | None = Field(
        description="The request that publishes (or disputes) one; null when there are none."
    )


class IngestRead(BaseModel):
    """What an ingestion found (a dry run) or stored, or what was stored before."""

    source: IngestedSource
    experts: list[IngestedExpert] = Field(description="Who speaks in it.")
    topics: list[IngestedTopic] = Field(description="Topics the claims are filed under.")
    claims: list[IngestedClaim] = Field(description="Draft claims, in text order.")
    dry_run: bool = Field(description="True when nothing was saved on purpose.")
    already_ingested: bool = Field(
        description="True when this text was stored before: nothing new was created, and the"
        " stored source and claims are shown."
    )
    drafts: DraftReview = Field(description="Where the drafts are and how to review them.")
    detail: str = Field(description="What happened, in a sentence or two.")


HIDDEN = (
    "Drafts are hidden from anonymous reads (lists, counts, scorecards) until a reviewer"
    " marks them verified or disputed; a request with an API key sees them."
)


def drafts(result: Ingestion, *, base: str) -> dict[str, Any]:
    """How many drafts the source holds, and the exact requests to list and review them."""
    source_id = result.source["id"]
    count = sum(c["review"] == Review.draft for c in result.claims) if source_id else 0
    if not count:
        return {"count": 0, "hidden": HIDDEN, "see": None, "review": None}
    first = next(c["id"] for c in result.claims if c["review"] == Review.draft)
    return {
        "count": count,
        "hidden": HIDDEN,
        "see": f"curl -s '{base}/v1/claims?source={source_id}&review=draft'"
        ' -H "Authorization: Bearer $KEY"',
        # If-Match takes the claim's current ETag, which curl 7.84+ prints with %header{etag}.
        "review": f'curl -s -X PATCH {base}/v1/claims/{first} -H "Authorization: Bearer $KEY"'
        f" -H \"If-Match: $(curl -s -o /dev/null -w '%header{{etag}}' {base}/v1/claims/{first}"
        ' -H "Authorization: Bearer $KEY")"'
        """ -H 'Content-Type: application/json' -d '{"review": "verified"}'""",
    }


def document(result: Ingestion, *, base: str) -> dict[str, Any]:
    """The ingestion as the API answers it (links relative to `base`; "" gives paths)."""
    source = result.source
    review = drafts(result, base=base or LOCAL_URL)
    return {
        "source": {
            "id": source["id"],
            "href": _link(base, "sources", source["id"]),
            **{k: source[k] for k in _SOURCE_KEYS},
        },
        "experts": [
            {
                **{k: e[k] for k in ("slug", "name", "kind", "role", "aliases", "status")},
                "url": _link(base, "experts", e["slug"] if e["id"] else None),
            }
            for e in result.experts
        ],
        "topics": [{k: t[k] for k in ("slug", "name", "parent", "status")} for t in result.topics],
        "claims": [_claim(c, base) for c in result.claims],
        "dry_run": result.dry_run,
        "already_ingested": result.already_ingested,
        "drafts": review,
        "detail": _detail(result, review["count"]),
    }


_SOURCE_KEYS = ("title", "url", "publisher", "published_on", "language", "content_sha256", "text")


def _link(base: str, collection: str, key: object) -> str | None:
    return None if key is None else f"{base}/v1/{collection}/{key}"


def _claim(c: dict[str, Any], base: str) -> dict[str, Any]:
    return {
        "id": c["id"],
        "url": _link(base, "claims", c["id"]),
        "expert": c["expert"],
        "kind": c["kind"],
        "statement": c["statement"],
        "quote": c["quote"],
        "span": {"start": c["span_start"], "end": c["span_end"]},
        "selector": {
            "type": "TextQuoteSelector",
            "exact": c["quote"],
            "prefix": c["quote_prefix"],
            "suffix": c["quote_suffix"],
        },
        "stated_on": c["stated_on"],
        "horizon": {
            "phrase": c["horizon_phrase"],
            "earliest": c["horizon_earliest"],
            "latest": c["horizon_latest"],
            "inferred": c["horizon_inferred"],
        },
        "confidence": {
            "phrase": c["hedge_phrase"],
            "band": c["confidence_band"],
            "low": c["probability_low"],
            "probability": c["probability"],
            "high": c["probability_high"],
            "scale": c["confidence_scale"],
        },
        "topics": c["topics"],
        "review": c["review"],
        "extraction": {
            "method": c["extractor"],
            "version": c["extractor_version"],
            "score": c["extraction_score"],
        },
    }


def _detail(result: Ingestion, hidden: int) -> str:
    source, claims = result.source, len(result.claims)
    new = sum(e["status"] == "new" for e in result.experts)
    found = f"{len(result.experts)} expert(s) ({new} new) and {claims} draft claim(s)"
    if result.already_ingested:
        return (
            f"This text was already ingested as source {source['id']}; nothing new was created."
            f" It has {claims} claim(s)."
        )
    if result.dry_run:
        return f"Dry run: found {found}; nothing was saved."
    stored = f"Stored source {source['id']} with {found}."
    if not hidden:
        return stored
    return (
        f"{stored} The {hidden} draft(s) are hidden from anonymous reads until reviewed:"
        " `drafts.see` lists them, `drafts.review` publishes one."
    )


_TEXT = "Economist Aigerim Sarsenova said tariffs will almost certainly rise next year."
BODY_EXAMPLES: dict[str, Any] = {
    "text": {
        "summary": "Plain text",
        "value": {
            "title": "Tariffs",
            "publisher": "Example Agency",
            "published_on": "2024-03-01",
            "text": _TEXT,
        },
    },
    "html": {
        "summary": "HTML (its visible text is stored)",
        "value": {
            "title": "Tariffs",
            "published_on": "2024-03-01",
            "language": "en",
            "html": f"<html><body><nav>Home</nav><p>{_TEXT}</p></body></html>",
        },
    },
}
_CLAIM_EXAMPLE: dict[str, Any] = {
    "id": 27,
    "url": "http://127.0.0.1:8000/v1/claims/27",
    "expert": "aigerim-sarsenova",
    "kind": "forecast",
    "statement": "Tariffs will rise next year.",
    "quote": "tariffs will almost certainly rise next year",
    "span": {"start": 33, "end": 77},
    "selector": {
        "type": "TextQuoteSelector",
        "exact": "tariffs will almost certainly rise next year",
        "prefix": "conomist Aigerim Sarsenova said ",
        "suffix": ".",
    },
    "stated_on": "2024-03-01",
    "horizon": {
        "phrase": "next year",
        "earliest": "2025-01-01",
        "latest": "2025-12-31",
        "inferred": False,
    },
    "confidence": {
        "phrase": "certainly",
        "band": "almost-certain",
        "low": 0.87,
        "probability": 0.93,
        "high": 0.99,
        "scale": "forecast-ledger/1",
    },
    "topics": ["economy"],
    "review": "draft",
    "extraction": {"method": "rules", "version": "0.4.1", "score": 0.844},
}
INGESTED: dict[str, Any] = {
    "source": {
        "id": 2,
        "href": "http://127.0.0.1:8000/v1/sources/2",
        "title": "Tariffs",
        "url": None,
        "publisher": "Example Agency",
        "published_on": "2024-03-01",
        "language": "en",
        "content_sha256": "…",
        "text": _TEXT,
    },
    "experts": [
        {
            "slug": "aigerim-sarsenova",
            "name": "Aigerim Sarsenova",
            "kind": "person",
            "role": "Economist",
            "aliases": [],
            "status": "new",
            "url": "http://127.0.0.1:8000/v1/experts/aigerim-sarsenova",
        }
    ],
    "topics": [
        {"slug": "economy", "name": "Economy", "parent": "kazakhstan", "status": "existing"}
    ],
    "claims": [_CLAIM_EXAMPLE],
    "dry_run": False,
    "already_ingested": False,
    "drafts": {
        "count": 1,
        "hidden": HIDDEN,
        "see": "curl -s 'http://127.0.0.1:8000/v1/claims?source=2&review=draft'"
        ' -H "Authorization: Bearer $KEY"',
        "review": "curl -s -X PATCH http://127.0.0.1:8000/v1/claims/27"
        ' -H "Authorization: Bearer $KEY" -H "If-Match: $(curl -s -o /dev/null'
        " -w '%header{etag}' http://127.0.0.1:8000/v1/claims/27"
        ' -H "Authorization: Bearer $KEY")"'
        """ -H 'Content-Type: application/json' -d '{"review": "verified"}'""",
    },
    "detail": "Stored source 2 with 1 expert(s) (1 new) and 1 draft claim(s). The 1 draft(s)"
    " are hidden from anonymous reads until reviewed: `drafts.see` lists them, `drafts.review`"
    " publishes one.",
}
DRY_RUN: dict[str, Any] = {
    **INGESTED,
    "source": {**INGESTED["source"], "id": None, "href": None},
    "experts": [{**INGESTED["experts"][0], "url": None}],
    "claims": [{**_CLAIM_EXAMPLE, "id": None, "url": None}],
    "dry_run": True,
    "drafts": {"count": 0, "hidden": HIDDEN, "see": None, "review": None},
    "detail": "Dry run: found 1 expert(s) (1 new) and 1 draft claim(s); nothing was saved.",
}

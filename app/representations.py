"""Rows → the JSON the API sends. Links are absolute; `base` is the service's own URL."""

import datetime as dt
from typing import Any

from sqlalchemy import RowMapping

from app.services.claims import ClaimRows, TopicRef
from app.services.topics import Node


def claim(
    row: RowMapping,
    topics: list[TopicRef],
    *,
    base: str,
    include: frozenset[str],
    today: dt.date | None = None,
) -> dict[str, Any]:
    expert = row["expert_slug"]
    today = today or dt.datetime.now(dt.UTC).date()
    return {
        "id": row["id"],
        "url": f"{base}/v1/claims/{row['id']}",
        "kind": row["kind"],
        "statement": row["statement"],
        "quote": row["quote"],
        "expert": _expert_summary(row, base) if "expert" in include else expert,
        "source": _source_summary(row, base) if "source" in include else row["source_id"],
        "topics": [
            {"slug": t.slug, "name": t.name, "parent": t.parent} if "topics" in include else t.slug
            for t in topics
        ],
        "span": {"start": row["span_start"], "end": row["span_end"]},
        "selector": {
            "type": "TextQuoteSelector",
            "exact": row["quote"],
            "prefix": row["quote_prefix"],
            "suffix": row["quote_suffix"],
        },
        "stated_on": row["stated_on"],
        "horizon": {
            "phrase": row["horizon_phrase"],
            "earliest": row["horizon_earliest"],
            "latest": row["horizon_latest"],
            "inferred": row["horizon_inferred"],
        },
        "confidence": {
            "phrase": row["hedge_phrase"],
            "band": row["confidence_band"],
            "low": row["probability_low"],
            "probability": row["probability"],
            "high": row["probability_high"],
            "scale": row["confidence_scale"],
        },
        "review": row["review"],
        "proposition": row["proposition_slug"],
        "stance": row["stance"],
        "outcome": row["outcome"],
        # The horizon has passed and nothing resolved the claim yet.
        "overdue": row["outcome"] is None
        and row["horizon_latest"] is not None
        and row["horizon_latest"] < today,
        "extraction": {
            "method": row["extractor"],
            "version": row["extractor_version"],
            "score": row["extraction_score"],
        },
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "version": row["version"],
    }


def claims(
    result: ClaimRows, *, base: str, include: frozenset[str], fields: frozenset[str]
) -> list[dict[str, Any]]:
    # Today once per page: reading the clock per claim was a tenth of a CSV export's time.
    today = dt.datetime.now(dt.UTC).date()
    items = [
        claim(row, result.topics.get(row["id"], []), base=base, include=include, today=today)
        for row in result.rows
    ]
    if result.snippets:
        for item in items:
            item["snippet"] = result.snippets.get(item["id"], "")
    if fields:
        keep = fields | {"id"}
        items = [{k: v for k, v in item.items() if k in keep} for item in items]
    return items


def _expert_summary(row: RowMapping, base: str) -> dict[str, Any]:
    return {
        "slug": row["expert_slug"],
        "name": row["expert_name"],
        "kind": row["expert_kind"],
        "role": row["expert_role"],
        "url": f"{base}/v1/experts/{row['expert_slug']}",
    }


def _source_summary(row: RowMapping, base: str) -> dict[str, Any]:
    return {
        "id": row["source_id"],
        "title": row["source_title"],
        "publisher": row["source_publisher"],
        "url": row["source_url"],
        "published_on": row["source_published_on"],
        "language": row["source_language"],
        "href": f"{base}/v1/sources/{row['source_id']}",
    }


def expert(row: RowMapping, *, base: str, counts: dict[str, int] | None = None) -> dict[str, Any]:
    slug = row["slug"]
    out = {
        "slug": slug,
        "url": f"{base}/v1/experts/{slug}",
        **{k: row[k] for k in ("name", "kind", "role", "affiliation", "country", "aliases")},
        "links": row["links"],
        "claims_url": f"{base}/v1/experts/{slug}/claims",
        **{k: row[k] for k in ("created_at", "updated_at", "version")},
    }
    if counts is not None:
        out["claim_counts"] = counts
    if "brier" in row:
        out["score"] = {"brier": round(row["brier"], 6), "resolved": row["resolved"]}
    return out


def source(row: RowMapping, *, base: str, claim_count: int | None = None) -> dict[str, Any]:
    out = {
        "id": row["id"],
        "href": f"{base}/v1/sources/{row['id']}",
        **{
            k: row[k]
            for k in ("url", "title", "publisher", "published_on", "language", "content_sha256")
        },
        "retrieved_at": row["retrieved_at"],
        "claims_url": f"{base}/v1/claims?source={row['id']}",
        **{k: row[k] for k in ("created_at", "updated_at", "version")},
    }
    if claim_count is not None:
        out["text"] = row["text"]
        out["claim_count"] = claim_count
    return out


def topic(node: Node, *, base: str) -> dict[str, Any]:
    return {
        "slug": node.slug,
        "url": f"{base}/v1/topics/{node.slug}",
        "name": node.name,
        "parent": node.parent,
        "claim_count": node.claim_count,
        "claims_url": f"{base}/v1/claims?topic={node.slug}",
        "children": [topic(child, base=base) for child in node.children],
    }


def represent_resolution(row: RowMapping) -> dict[str, Any]:
    return {"id": row["id"], **resolution_fields(row), "via": row["via_id"]}


def resolution_fields(row: RowMapping) -> dict[str, Any]:
    """What a resolution says, without its id or what it came from (shared with the exports)."""
    return {
        "outcome": row["outcome"],
        "resolved_on": row["resolved_on"],
        "rationale": row["rationale"],
        "evidence": {
            "url": row["evidence_url"],
            "quote": row["evidence_quote"],
            "date": row["evidence_date"],
        },
        "resolver": row["resolver"],
        "recorded_at": row["created_at"],
    }

"""Saving a planned ingestion: its source, new topics and experts, and draft claims, flushed."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.ingestion import Ingestion, Record
from app.models import Claim, ExpertKind, Topic
from app.services import changes, experts, revisions, sources, topics, writes
from app.services.keys import Principal

SOURCE_FIELDS = ("title", "text", "url", "publisher", "published_on", "language")


def save(session: Session, result: Ingestion, actor: Principal) -> None:
    """Store the plan (ids and versions filled in); flushed here, committed by the caller."""
    source = sources.create(
        session,
        values={k: result.source[k] for k in SOURCE_FIELDS},
        actor=actor,
    )
    result.source.update(id=source.id, version=source.version)
    for record in result.topics:
        if record["status"] == "new":
            values = {k: record[k] for k in ("slug", "name", "parent")}
            record["id"] = topics.create(session, values=values, actor=actor).id
    expert_ids = {record["slug"]: _save_expert(session, record, actor) for record in result.experts}
    stored_topics = {
        t.slug: t
        for t in session.scalars(
            select(Topic).where(Topic.slug.in_([t["slug"] for t in result.topics]))
        )
    }
    rows = []
    for record in result.claims:
        columns = {k: v for k, v in record.items() if k not in ("id", "expert", "topics")}
        claim = Claim(**columns, expert_id=expert_ids[record["expert"]], source_id=source.id)
        claim.topics = [stored_topics[slug] for slug in record["topics"]]
        rows.append(claim)
    session.add_all(rows)
    writes.flush(session, conflict="The draft claims could not be stored.")
    for record, claim in zip(result.claims, rows, strict=True):
        record["id"] = claim.id
        revisions.record(
            session,
            entity="claim",
            entity_id=claim.id,
            version=claim.version,
            action="create",
            actor=actor,
            changes=changes.created(_history(record)),
        )
    # Drafts are not published, so no topic's claim count moves (`topics.adjust` would no-op).


def _save_expert(session: Session, record: Record, actor: Principal) -> int:
    """A new expert created, or a matched one given the article's new spellings as aliases."""
    if record["status"] == "new":
        values = {k: record[k] for k in ("slug", "name", "role", "aliases")}
        values["kind"] = ExpertKind(record["kind"])
        record["id"] = experts.create(session, values=values, actor=actor).id
    else:
        experts.update(
            session,
            slug=record["slug"],
            values={"aliases": record["aliases"]},
            expected=None,
            actor=actor,
        )
    identifier: int = record["id"]
    return identifier


def _history(record: Record) -> dict[str, Any]:
    """A draft's fields as the API names them, JSON-ready, for its `create` revision."""
    date = changes.jsonable
    return {
        "expert": record["expert"],
        "kind": record["kind"],
        "statement": record["statement"],
        "quote": record["quote"],
        "span": {"start": record["span_start"], "end": record["span_end"]},
        "stated_on": date(record["stated_on"]),
        "topics": record["topics"],
        "horizon": {
            "phrase": record["horizon_phrase"],
            "earliest": date(record["horizon_earliest"]),
            "latest": date(record["horizon_latest"]),
            "inferred": record["horizon_inferred"],
        },
        "confidence": {
            "phrase": record["hedge_phrase"],
            "band": record["confidence_band"],
            "low": record["probability_low"],
            "probability": record["probability"],
            "high": record["probability_high"],
        },
        "review": "draft",
        "extraction": {
            "method": record["extractor"],
            "version": record["extractor_version"],
            "score": record["extraction_score"],
        },
    }

"""Small `make_x(session, **overrides)` helpers for data the sample does not have."""

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from app.models import Claim, ClaimKind, Expert, ExpertKind, Resolution, Review, Source, Topic
from app.models.enums import Outcome
from app.services import topics
from app.text import selector_context, sha256

_serial = itertools.count(1)


def make_expert(session: Session, **overrides: Any) -> Expert:
    n = next(_serial)
    fields: dict[str, Any] = {
        "slug": f"expert-{n}",
        "name": f"Expert {n}",
        "kind": ExpertKind.person,
        "aliases": [],
        "links": {},
    }
    expert = Expert(**(fields | overrides))
    session.add(expert)
    session.flush()
    return expert


def make_source(session: Session, **overrides: Any) -> Source:
    n = next(_serial)
    text = overrides.pop("text", f"Article {n}. The experts expect change.")
    fields: dict[str, Any] = {
        "title": f"Article {n}",
        "language": "en",
        "text": text,
        "content_sha256": sha256(text),
        "published_on": dt.date(2024, 1, 1),
    }
    source = Source(**(fields | overrides))
    session.add(source)
    session.flush()
    return source


def make_claim(session: Session, **overrides: Any) -> Claim:
    """A verified claim whose quote is the whole of a new source's text (or of `source`)."""
    expert = overrides.pop("expert", None) or make_expert(session)
    source = overrides.pop("source", None) or make_source(
        session, text=overrides.pop("text", f"Reform number {next(_serial)} will come.")
    )
    topic_slugs: list[str] = overrides.pop("topics", [])
    start, end = 0, len(source.text)
    prefix, suffix = selector_context(source.text, start, end)
    fields: dict[str, Any] = {
        "expert_id": expert.id,
        "source_id": source.id,
        "kind": ClaimKind.forecast,
        "statement": source.text,
        "quote": source.text[start:end],
        "span_start": start,
        "span_end": end,
        "quote_prefix": prefix,
        "quote_suffix": suffix,
        "stated_on": source.published_on or dt.date(2024, 1, 1),
        "review": Review.verified,
    }
    claim = Claim(**(fields | overrides))
    session.add(claim)
    session.flush()
    if topic_slugs:
        by_slug = {t.slug: t for t in session.query(Topic).filter(Topic.slug.in_(topic_slugs))}
        session.execute(
            Claim.metadata.tables["claim_topics"].insert(),
            [{"claim_id": claim.id, "topic_id": by_slug[s].id} for s in topic_slugs],
        )
        topics.recount(session)
    return claim


def make_resolution(
    session: Session, claim: Claim, outcome: Outcome, **overrides: Any
) -> Resolution:
    fields: dict[str, Any] = {
        "claim_id": claim.id,
        "outcome": outcome,
        "resolved_on": dt.date(2024, 6, 1),
        "resolver": "tests",
    }
    resolution = Resolution(**(fields | overrides))
    session.add(resolution)
    session.flush()
    return resolution

"""Creating, editing, reviewing and retracting claims, each write with its revision.

Review moves a claim draft → verified | disputed → retracted; retracted claims are kept (never
deleted) and hidden from default lists. A decision can be undone by moving the claim back to
draft (the review desk's undo); that is the only change a retracted claim accepts. Only
published claims (verified or disputed) count on topics, so every write that changes a claim's
topics or review moves its contribution.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import confidence
from app.errors import ConflictError, NotFoundError, ValidationFailedError
from app.models import (
    Claim,
    Expert,
    ExpertRedirect,
    Proposition,
    Review,
    Source,
    Stance,
    Topic,
)
from app.models.base import utcnow
from app.models.enums import PUBLIC_REVIEWS
from app.schemas.claim_inputs import ClaimCreate, ClaimUpdate, ConfidenceIn, HorizonIn, SpanIn
from app.services import changes, resolutions, review_decisions, revisions, topics, writes
from app.services.keys import Principal
from app.text import selector_context

TRANSITIONS: dict[Review, frozenset[Review]] = {
    Review.draft: frozenset({Review.verified, Review.disputed, Review.retracted}),
    Review.verified: frozenset({Review.draft, Review.disputed, Review.retracted}),
    Review.disputed: frozenset({Review.draft, Review.verified, Review.retracted}),
    Review.retracted: frozenset({Review.draft}),
}


def _invalid(field: str, message: str) -> ValidationFailedError:
    return ValidationFailedError(
        f"{field}: {message}",
        errors=[{"location": "body", "field": field, "message": message, "type": "value_error"}],
    )


def _expert_id(session: Session, slug: str) -> int:
    found = session.scalar(select(Expert.id).where(Expert.slug == slug))
    if found is None:  # a merged expert's slug names the expert it became
        found = session.scalar(select(ExpertRedirect.expert_id).where(ExpertRedirect.slug == slug))
    if found is None:
        raise _invalid("expert", f"there is no expert '{slug}'")
    return found


def topics_by_slug(session: Session, slugs: list[str]) -> list[Topic]:
    """The topics named, in order; a 422 naming any that do not exist."""
    found = {t.slug: t for t in session.scalars(select(Topic).where(Topic.slug.in_(slugs)))}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise _invalid("topics", f"unknown topic(s): {', '.join(missing)}")
    return [found[slug] for slug in dict.fromkeys(slugs)]


def _quote(source: Source, quote: str, span: SpanIn) -> dict[str, Any]:
    """The quote's location, if `source.text[start:end]` is exactly the quote."""
    if source.text[span.start : span.end] != quote:
        found = source.text.find(quote)
        hint = f"; it occurs at [{found}, {found + len(quote)})" if found >= 0 else ""
        raise _invalid(
            "span", f"text[{span.start}:{span.end}] of source {source.id} is not the quote{hint}"
        )
    prefix, suffix = selector_context(source.text, span.start, span.end)
    return {
        "quote": quote,
        "span_start": span.start,
        "span_end": span.end,
        "quote_prefix": prefix,
        "quote_suffix": suffix,
    }


def _horizon(horizon: HorizonIn | None) -> dict[str, Any]:
    if horizon is None:
        return {
            "horizon_phrase": None,
            "horizon_earliest": None,
            "horizon_latest": None,
            "horizon_inferred": False,
        }
    return {
        "horizon_phrase": horizon.phrase,
        "horizon_earliest": horizon.earliest,
        "horizon_latest": horizon.latest,
        "horizon_inferred": horizon.inferred,
    }


def _confidence(given: ConfidenceIn | None) -> dict[str, Any]:
    fields = (
        "hedge_phrase",
        "probability_low",
        "probability",
        "probability_high",
        "confidence_band",
        "confidence_scale",
    )
    if given is None:
        return dict.fromkeys(fields)
    if given.probability is not None:  # the band as given
        return dict(
            zip(
                fields,
                (given.phrase, given.low, given.probability, given.high, None, confidence.SCALE),
                strict=True,
            )
        )
    assert given.phrase is not None
    try:
        band = confidence.for_statement(given.phrase, negated=given.negated)
    except confidence.UnknownHedgeError:
        raise _invalid(
            "confidence.phrase",
            f"'{given.phrase}' is not in the confidence table; "
            "give low, probability and high instead",
        ) from None
    return dict(
        zip(
            fields,
            (given.phrase, band.low, band.point, band.high, band.name, confidence.SCALE),
            strict=True,
        )
    )


def _counted(claim: Claim) -> set[int]:
    return {t.id for t in claim.topics} if claim.review in PUBLIC_REVIEWS else set()


def _proposition(session: Session, slug: str | None, stance: Stance | None) -> dict[str, Any]:
    if slug is None:
        if stance is not None:
            raise _invalid("stance", "a stance needs a proposition")
        return {"proposition_id": None, "stance": None}
    found = session.scalar(select(Proposition.id).where(Proposition.slug == slug))
    if found is None:
        raise _invalid("proposition", f"there is no proposition '{slug}'")
    if stance is None:
        raise _invalid("stance", "say whether the claim is `for` or `against` the proposition")
    return {"proposition_id": found, "stance": stance}


def _load(session: Session, claim_id: int) -> Claim:
    claim = session.get(
        Claim, claim_id, options=[selectinload(Claim.topics)], populate_existing=True
    )
    if claim is None:
        raise NotFoundError(f"There is no claim {claim_id}.")
    return claim


def create(session: Session, *, body: ClaimCreate, actor: Principal) -> Claim:
    """A new draft claim, its quote checked against the source text."""
    source = session.get(Source, body.source)
    if source is None:
        raise _invalid("source", f"there is no source {body.source}")
    values = {
        "expert_id": _expert_id(session, body.expert),
        "source_id": source.id,
        "kind": body.kind,
        "statement": body.statement,
        **_quote(source, body.quote, body.span),
        "stated_on": body.stated_on or source.published_on or utcnow().date(),
        **_horizon(body.horizon),
        **_confidence(body.confidence),
        **_proposition(session, body.proposition, body.stance),
    }
    claim = Claim(**values, review=Review.draft, extractor="human")
    claim.topics = topics_by_slug(session, body.topics)
    session.add(claim)
    writes.flush(session, conflict="The claim could not be stored.")
    revisions.record(
        session,
        entity="claim",
        entity_id=claim.id,
        version=claim.version,
        action="create",
        actor=actor,
        # The history speaks the API's language: the fields as the request gave them.
        changes=changes.created(
            body.model_dump(mode="json", exclude_none=True) | {"review": "draft"}
        ),
    )
    review_decisions.record(
        session, claim=claim, before=None, after=_view(session, claim), reason=None, actor=actor
    )
    resolutions.inherit(session, claim=claim, actor=actor)
    return claim


def update(
    session: Session,
    *,
    claim_id: int,
    body: ClaimUpdate,
    expected: frozenset[int] | None,
    actor: Principal,
) -> Claim:
    """Change the fields sent (`model_fields_set`), if the claim is at the `expected` version."""
    claim = _load(session, claim_id)
    writes.check_version(claim.version, expected, lambda: f"Claim {claim_id}")
    sent = body.model_fields_set
    restores = body.review is Review.draft and sent <= {"review", "reason"}
    if claim.review is Review.retracted and not restores:
        raise ConflictError("A retracted claim is kept as it was; it cannot be edited.")
    values: dict[str, Any] = {
        name: getattr(body, name) for name in ("kind", "statement", "stated_on") if name in sent
    }
    if "expert" in sent and body.expert is not None:
        values["expert_id"] = _expert_id(session, body.expert)
    if body.quote is not None and body.span is not None:
        source = session.get(Source, claim.source_id)
        assert source is not None
        values.update(_quote(source, body.quote, body.span))
    if "horizon" in sent:
        values.update(_horizon(body.horizon))
    if "confidence" in sent:
        values.update(_confidence(body.confidence))
    if "proposition" in sent or "stance" in sent:
        link = _proposition(session, body.proposition, body.stance)
        moved = (link["proposition_id"], link["stance"]) != (claim.proposition_id, claim.stance)
        if moved and claim.outcome is not None and claim.proposition_id is not None:
            raise ConflictError(
                "This claim's outcome came from its proposition; it cannot be moved or unlinked."
            )
        values.update(link)
    if "review" in sent and body.review is not None and body.review != claim.review:
        if body.review not in TRANSITIONS[claim.review]:
            raise ConflictError(f"A {claim.review.value} claim cannot become {body.review.value}.")
        values["review"] = body.review
    topic_slugs = body.topics if "topics" in sent else None
    return _save(session, claim, values, topic_slugs, actor, reason=body.reason)


def retract(
    session: Session, *, claim_id: int, expected: frozenset[int] | None, actor: Principal
) -> Claim:
    """Retract a claim: it is kept, with its history, and left out of default lists."""
    claim = _load(session, claim_id)
    writes.check_version(claim.version, expected, lambda: f"Claim {claim_id}")
    if claim.review is Review.retracted:
        return claim
    return _save(session, claim, {"review": Review.retracted}, None, actor, action="retract")


def _view(session: Session, claim: Claim) -> dict[str, Any]:
    """A claim's editable fields as the API names them, JSON-ready: for the revision history
    and the review decisions."""
    slugs = session.execute(
        select(Expert.slug, Proposition.slug)
        .select_from(Expert)
        .outerjoin(Proposition, Proposition.id == claim.proposition_id)
        .where(Expert.id == claim.expert_id)
    ).one()
    view = {
        "expert": slugs[0],
        "kind": claim.kind,
        "statement": claim.statement,
        "quote": claim.quote,
        "span": {"start": claim.span_start, "end": claim.span_end},
        "stated_on": claim.stated_on,
        "topics": sorted(t.slug for t in claim.topics),
        "horizon": {
            "phrase": claim.horizon_phrase,
            "earliest": claim.horizon_earliest,
            "latest": claim.horizon_latest,
            "inferred": claim.horizon_inferred,
        },
        "confidence": {
            "phrase": claim.hedge_phrase,
            "low": claim.probability_low,
            "probability": claim.probability,
            "high": claim.probability_high,
            "band": claim.confidence_band,
        },
        "review": claim.review,
        "proposition": slugs[1],
        "stance": claim.stance,
    }
    return {name: _plain(value) for name, value in view.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: changes.jsonable(v) for k, v in value.items()}
    return changes.jsonable(value)


def _difference(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before[k], after[k]] for k in after if before[k] != after[k]}


def _save(
    session: Session,
    claim: Claim,
    values: dict[str, Any],
    topic_slugs: list[str] | None,
    actor: Principal,
    action: str = "update",
    reason: str | None = None,
) -> Claim:
    counted, before = _counted(claim), _view(session, claim)
    changes.apply(claim, values)
    if topic_slugs is not None:
        new_topics = topics_by_slug(session, topic_slugs)
        if sorted(t.slug for t in new_topics) != sorted(t.slug for t in claim.topics):
            claim.topics = new_topics
    after = _view(session, claim)
    changed = _difference(before, after)
    if not changed:
        return claim
    if "review" in changed and action == "update":
        action = "review"
    if reason is not None:
        changed["reason"] = [None, reason]
    claim.updated_at = utcnow()  # the row is updated, so its version moves even for topics alone
    writes.save(
        session,
        claim,
        entity="claim",
        action=action,
        changes=changed,
        actor=actor,
        conflict="The claim changed while this request ran.",
    )
    review_decisions.record(
        session, claim=claim, before=before, after=after, reason=reason, actor=actor
    )
    topics.adjust(session, before=counted, after=_counted(claim))
    if "proposition" in changed or "stance" in changed:
        resolutions.inherit(session, claim=claim, actor=actor)
    return claim
